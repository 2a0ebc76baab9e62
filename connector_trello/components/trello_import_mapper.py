# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import AbstractComponent
from odoo.addons.connector.components.mapper import mapping

from .. import usage
from ..tools import keep_full_text, parse_trello_datetime, same_trello_value


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

    def _name_kept_whole(self, record):
        """Trello's name, but Odoo's whole name while Trello still holds it
        shortened by the export (see ``tools.fit_text``): the import must
        not cut a name Odoo keeps whole."""
        binding = self.options.get("binding")
        if not binding:
            return {"name": record.get("name")}
        base = binding._get_synced_values().get("name")
        return {"name": keep_full_text(record.get("name"), base, binding.name)}

    def _trello_unchanged(self, record, key):
        """Whether Trello's ``key`` is as last synchronized.

        The import then has nothing to say about the Odoo fields it maps
        to: Odoo may hold there what Trello does not (a sub-task's assignee
        or deadline the export does not send). Only an object imported
        before has a last synchronized value.
        """
        binding = self.options.get("binding")
        if not binding or key not in record:
            return False
        synced = binding._get_synced_values()
        return key in synced and same_trello_value(key, record.get(key), synced[key])

    def _with_odoo_only_users(self, user_ids):
        """``user_ids`` (the members' users) and the record's assignees no
        Trello member maps to: Trello cannot hold those, an import keeps
        them."""
        binding = self.options.get("binding")
        if not binding:
            return user_ids
        kept = self._odoo_only_users(binding.odoo_id.user_ids)
        return user_ids + [user_id for user_id in kept.ids if user_id not in user_ids]

    def _odoo_only_users(self, users):
        """Of ``users``, those no Trello member of this backend maps to (the
        members' users are read once a synchronization)."""
        backend = self.backend_record
        member_user_ids = self._once_per_sync(
            "member_user_ids",
            backend.id,
            lambda: {
                member["user_id"][0]
                for member in self.env["trello.member"].search_read(
                    [("backend_id", "=", backend.id), ("user_id", "!=", False)],
                    ["user_id"],
                )
            },
        )
        return users.filtered(lambda user: user.id not in member_user_ids)
