# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import logging

from odoo import fields
from odoo.tools import SQL

from odoo.addons.component.core import Component
from odoo.addons.connector.exception import IDMissingInBackend

from .. import usage
from ..tools import TEXT_LIMIT

MARKDOWN = "text/markdown"

_logger = logging.getLogger(__name__)


class TrelloFullTextExporter(Component):
    """A text over Trello's limit, attached whole to its card, once.

    Called by the exporter of the text's binding, under that binding's
    lock, once the shortened text is written (``_attach_full_texts``). A
    text over the limit gets one Markdown file on its card; a changed text
    replaces it (Trello cannot change a file: the old one is deleted, then
    the new one uploaded, so that there are never two); a text under the
    limit again loses it. Nothing is sent while the text is the one the
    file holds (its digest). The upload goes through the create intent
    (``trello.create.once``): a lost answer does not make a second file,
    and an import meanwhile skips it (``trello.ir.attachment.importer``).
    """

    _name = "trello.full.text.exporter"
    _inherit = "trello.create.once"
    _apply_on = ["trello.full.text"]
    _usage = usage.FULL_TEXT_EXPORTER
    _parent_field = "card_binding_id"

    def __init__(self, work_context):
        super().__init__(work_context)
        self.binding = None
        self.owner = None
        self.content = b""
        self.replaced = None

    @property
    def backend_adapter(self):
        return self.component(usage=usage.ADAPTER)

    @property
    def binder(self):
        return self.binder_for()

    def run(self, owner, card, key, text, file_name, record):
        """Keep the file of ``owner``'s ``key`` on ``card`` as ``text``.

        ``record``: the text's ``trello.full.text`` row, if it has one.
        """
        if not text or len(text) <= TEXT_LIMIT:
            if record:
                self._delete_file(record)
                record.unlink()
            return
        self.content = text.encode()
        digest = hashlib.sha256(self.content).hexdigest()
        if record.external_id and record.digest == digest:
            return
        if not record:
            record = self.model.create(
                {
                    "backend_id": self.backend_record.id,
                    "card_binding_id": card.id,
                    "res_model": owner._name,
                    "res_id": owner.id,
                    "trello_key": key,
                    "name": file_name,
                }
            )
        self.binding, self.owner = record, owner
        self.replaced = record.external_id
        if record.external_id:
            self._delete_file(record)
        response, __ = self._create_once({"name": file_name})
        record.write(
            {
                "external_id": response["id"],
                "digest": digest,
                "name": file_name,
                "sync_date": fields.Datetime.now(),
            }
        )

    def _delete_file(self, record):
        if not record.external_id:
            return
        try:
            self.backend_adapter.delete(
                record.external_id, card_id=record.card_binding_id.external_id
            )
        except IDMissingInBackend:
            # deleted by an earlier try, or by someone in Trello
            _logger.debug("%s: the file %s was gone", record, record.external_id)

    # -- the create intent's hooks ------------------------------------------

    def _create_key(self):
        """The text's Odoo record, its binding model and key, and its card."""
        record = self.binding
        return (
            f"{self.model._name},{self.owner.odoo_id.id},"
            f"{self.owner._name}:{record.trello_key}:"
            f"{record.card_binding_id.external_id}"
        )

    def _check_not_bound_elsewhere(self, cr):
        """Retry when another job gave this text a file this job cannot see."""
        record = self.binding
        query = SQL(
            "SELECT external_id FROM trello_full_text WHERE backend_id = %s"
            " AND res_model = %s AND res_id = %s AND trello_key = %s"
            " AND external_id IS NOT NULL",
            record.backend_id.id,
            record.res_model,
            record.res_id,
            record.trello_key,
        )
        self._retry_if_unseen(
            cr,
            query,
            "The full text file was just replaced by another job: retried.",
        )

    def _created_before(self, intent):
        """Not the file being replaced: an intent left from its upload."""
        if intent["external_id"] and intent["external_id"] == self.replaced:
            return None
        return super()._created_before(intent)

    def _create_target(self, values):
        """A file is looked for among its card's, by name and size."""
        container = self.binding.card_binding_id.external_id
        return container, {"name": values["name"], "bytes": len(self.content)}

    def _send_partial(self, send, values):
        return send(values)

    def _create_remote(self, values):
        return self.backend_adapter.upload(
            self.binding.card_binding_id.external_id,
            values["name"],
            self.content,
            MARKDOWN,
        )
