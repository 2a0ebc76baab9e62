# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import AbstractComponent
from odoo.addons.connector.components.mapper import mapping

from .. import usage
from ..tools import parse_trello_datetime


def trello_datetime(field):
    """Modifier: a Trello ISO date (``2025-01-06T09:00:00.000Z``) as UTC."""

    def modifier(self, record, to_attr):
        return parse_trello_datetime(record.get(field))

    return modifier


def not_closed(field):
    """Modifier: Trello's ``closed`` (archived) as Odoo's ``active``."""

    def modifier(self, record, to_attr):
        return not record.get(field)

    return modifier


class TrelloImportMapper(AbstractComponent):
    """Base of the import mappers: the binding's backend and Trello id."""

    _name = "trello.import.mapper"
    _inherit = ["base.import.mapper", "trello.base"]
    _usage = usage.IMPORT_MAPPER

    @mapping
    def backend_id(self, record):
        return {"backend_id": self.backend_record.id}

    @mapping
    def external_id(self, record):
        return {"external_id": record["id"]}

    def _binding_ids(self, model, external_ids):
        """Odoo records bound to these Trello ids (unknown ids are skipped).

        ``None`` (a key Trello did not send, or sent as null) gives no
        record; a mapping that must then leave its field alone checks for the
        key itself, see :meth:`_sent`.
        """
        external_ids = [ext_id for ext_id in external_ids or [] if ext_id]
        if not external_ids:
            return []
        bindings = self.binder_for(model).to_internal_many(external_ids)
        return [bindings[ext_id] for ext_id in external_ids if ext_id in bindings]

    @staticmethod
    def _sent(record, key):
        """Whether Trello sent ``key`` with a value (an empty list counts).

        A read with other ``fields`` (or a partial payload) lacks keys: a
        missing key means "unknown", not "empty", and must leave its Odoo
        field as it is instead of clearing it.
        """
        return record.get(key) is not None

    def _unshown_users(self):
        """The task's assignees that no member of the backend maps to.

        Trello cannot show them on the card or check item (the export sends
        the mapped users only, and keeps the members Odoo cannot show): the
        import keeps them in turn, instead of unassigning them. A task made
        in Odoo is assigned to its creator, often a user without a member.
        """
        binding = self.options.binding
        if not binding:
            return []
        mapped = (
            self.env["trello.member"]
            .search(
                [("backend_id", "=", self.backend_record.id), ("user_id", "!=", False)]
            )
            .user_id
        )
        return (binding.user_ids - mapped).ids
