# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import AbstractComponent

from .. import usage
from ..client import (
    DEFAULT_RETRY_SECONDS,
    TrelloAccessError,
    TrelloRetryableError,
    batch_route,
)


class TrelloAdapter(AbstractComponent):
    """Generic adapter: reads one kind of Trello object by id.

    Each binding model has its own adapter (``<model>_adapter.py``) that
    names its REST collection in ``_trello_path``. The HTTP client is created
    once per synchronization (see ``trello.backend._work_on_trello``) so that
    a whole board import reuses one connection.
    """

    _name = "trello.adapter"
    _inherit = ["base.backend.adapter", "trello.base"]
    _usage = usage.ADAPTER

    #: The REST collection of the objects (``lists``, ``labels``...).
    _trello_path = None
    #: Query parameters of a single read.
    _read_params = {}
    #: The route of the objects made in a container (``{container}``: a
    #: board, list, card or checklist id) and its parameters: where an
    #: object whose create answer was lost is looked for.
    _created_in_route = None
    _created_in_params = {}

    @property
    def client(self):
        """The synchronization's HTTP client (a new one outside of a sync)."""
        sync = getattr(self.work, "trello_sync", None)
        if sync is None:
            return self.backend_record._get_client()
        if "client" not in sync:
            sync["client"] = self.backend_record._get_client()
        return sync["client"]

    def read(self, external_id, **params):  # pylint: disable=method-required-super
        """``GET /{path}/{id}``; raises IDMissingInBackend on 404."""
        return self.client.get(
            f"{self._trello_path}/{external_id}", **dict(self._read_params, **params)
        )

    def read_many(self, external_ids):
        """Read several objects with the batch route: 10 per request.

        Returns ``{external_id: data or None}``; None means Trello answered
        404 (deleted), so the caller can archive it without another request.
        Any other failed item (429, 5xx, 400...) raises a retryable error:
        a hiccup must never pass for a deletion, and the whole import is
        done again later.
        """
        routes = [self._batch_route(external_id) for external_id in external_ids]
        answers = self.client.batch(routes)
        result = {}
        for external_id, (status, body) in zip(external_ids, answers, strict=True):
            if status == 200:
                result[external_id] = body
            elif status == 404:
                result[external_id] = None
            elif status == 401:  # this object: the token cannot see it
                raise TrelloAccessError(f"401 {str(body)[:200]}", status=401)
            else:
                raise TrelloRetryableError(
                    f"Trello answered {status} when reading "
                    f"{self._trello_path}/{external_id} in a batch: "
                    f"{str(body)[:200]}",
                    # A batch item has no rate-limit headers: wait a whole window.
                    seconds=DEFAULT_RETRY_SECONDS,
                    # a 429 asks to slow down, as when it answers a request
                    throttled=status == 429,
                )
        return result

    def _batch_route(self, external_id):
        """``/path/id?query`` of one object, encoded for ``/batch``."""
        return batch_route(f"{self._trello_path}/{external_id}", self._read_params)

    # -- writes ----------------------------------------------------------

    @staticmethod
    def _params(values):
        """Trello's parameter forms: id lists as comma-separated text."""
        return {
            key: ",".join(value) if isinstance(value, list | tuple) else value
            for key, value in values.items()
        }

    def create(self, values):  # pylint: disable=method-required-super
        """``POST /{path}``: the new object as Trello answers it."""
        return self.client.post(self._trello_path, **self._params(values))

    def write(self, external_id, values):  # pylint: disable=method-required-super
        """``PUT /{path}/{id}`` with the changed fields only, in one request."""
        return self.client.put(
            f"{self._trello_path}/{external_id}", **self._params(values)
        )

    def delete(self, external_id, card_id=None):  # pylint: disable=method-required-super
        """``DELETE /{path}/{id}``. ``card_id``: the card that objects reached
        through their card (check items, attachments) belong to, when their
        binding is gone (see ``trello.deletion``)."""
        return self.client.delete(f"{self._trello_path}/{external_id}")

    def created_in(self, container):
        """The objects of ``container`` (one request): see ``_created_in_route``."""
        if not self._created_in_route:
            return []
        return self.client.get(
            self._created_in_route.format(container=container),
            **self._created_in_params,
        )

    def read_state(self, external_id):
        """The object's synchronized fields, for the exporter's conflict check."""
        return self.read(external_id)
