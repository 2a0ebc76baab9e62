# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command

from odoo.addons.component.core import Component
from odoo.addons.connector.components.mapper import mapping, only_create

from .. import custom_fields
from ..sparse_sequence import from_pos
from ..tools import keep_full_text, markdown_to_html
from .trello_import_mapper import not_closed, trello_datetime

DONE_STATE = "1_done"
OPEN_STATE = "01_in_progress"


class TrelloProjectTaskImportMapper(Component):
    """Card -> task.

    ``due`` is the deadline and ``dueComplete`` the "due complete" badge
    (or the done state, see :meth:`state`); ``closed``
    archives the task; ``pos`` is kept as it is (a float, not an index) and
    the board importer derives the task order from it.
    """

    _name = "trello.project.task.import.mapper"
    _inherit = "trello.import.mapper"
    _apply_on = ["trello.project.task"]

    direct = [
        ("desc", "trello_desc"),
        ("pos", "trello_pos"),
        ("url", "trello_url"),
        (trello_datetime("due"), "date_deadline"),
        (trello_datetime("start"), "planned_date_begin"),
        (not_closed("closed"), "active"),
    ]

    @mapping
    def name(self, record):
        return self._name_kept_whole(record)

    @mapping
    def description(self, record):
        binding = self.options.binding
        desc = record.get("desc")
        if binding and keep_full_text(desc, binding.trello_desc, "odoo") != desc:
            return {"description": binding.description}
        return {"description": markdown_to_html(desc)}

    @mapping
    def project(self, record):
        """The card's board's project, unless Odoo moved the task to another
        project and Trello did not move the card since (its list is as last
        synchronized): the export moves or archives the card, and an import
        meanwhile must not bring the task back."""
        board = self.options.project_binding
        binding = self.options.binding
        if (
            binding
            and binding.project_id != board.odoo_id
            and self._trello_unchanged(record, "idList")
        ):
            return {}
        return {"project_binding_id": board.id, "project_id": board.odoo_id.id}

    @mapping
    def stage_id(self, record):
        stage = self.binder_for("trello.project.task.type").to_internal(
            record.get("idList"), unwrap=True
        )
        return {"stage_id": stage.id} if stage else {}

    @mapping
    def tag_ids(self, record):
        if not self._sent(record, "idLabels"):
            return {}
        tags = self._binding_ids("trello.project.tags", record.get("idLabels"))
        return {"tag_ids": [Command.set([tag.odoo_id.id for tag in tags])]}

    @mapping
    def user_ids(self, record):
        if not self._sent(record, "idMembers"):
            return {}
        members = self._binding_ids("trello.member", record.get("idMembers"))
        users = self._with_odoo_only_users(
            [member.user_id.id for member in members if member.user_id]
        )
        if not users and self.options.for_create:
            # No command at all, not Command.set([]): project.task's create()
            # stamps date_assign on any non-empty user_ids value, and an
            # unassigned task has no assignment date (computing working hours
            # up to that wrong date also took 40 % of a board import). Not
            # left out either: the task's default_get would then assign the
            # task to the user running the import.
            return {"user_ids": []}
        return {"user_ids": [Command.set(users)]}

    @mapping
    def state(self, record):
        """``dueComplete`` -> the badge, or the done state (backend option).

        A due-complete card is still on its list in Trello: by default its
        task stays open (Odoo's default filters hide done tasks) and shows
        the due as complete. With "Due complete closes the task" it is done.
        """
        complete = bool(record.get("dueComplete"))
        binding = self.options.binding
        if not self.backend_record.due_complete_closes_task:
            values = {"trello_due_complete": complete}
            if not binding:
                values["state"] = OPEN_STATE
            return values
        if complete:
            return {"state": DONE_STATE, "trello_due_complete": True}
        if not binding or binding.state == DONE_STATE:
            return {"state": OPEN_STATE, "trello_due_complete": False}
        # Not complete in Trello: keep Odoo's finer open states as they are.
        return {"trello_due_complete": False}

    @mapping
    def task_properties(self, record):
        """The board's custom fields as the task's properties.

        The whole value is written (Odoo's own properties kept as they
        are); a card read without its items changes nothing.
        """
        board = self.options.project_binding
        mapping = custom_fields.load_map(board)
        values = custom_fields.card_values(record, mapping)
        if not values:
            return {}
        binding = self.options.binding
        # the task's own: a binding's delegated ``task_properties`` is
        # computed from the definition alone (Properties fields get their own
        # compute through ``_inherits``) and does not see the task's values
        current = dict(binding.odoo_id.task_properties or {}) if binding else {}
        new = dict(current)
        kept = self.options.odoo_kept_keys or set()
        for field_id, entry in mapping.items():
            key = custom_fields.key_of(field_id)
            if key in kept:
                continue  # Odoo's value, sent to Trello after the import
            new[entry["property"]] = custom_fields.to_property(entry, values[key])
        if binding and all(
            (new[name] or False) == (current.get(name) or False) for name in new
        ):
            return {}
        return {"task_properties": new}

    @only_create
    @mapping
    def company_id(self, record):
        return {"company_id": self.options.project_binding.company_id.id}

    @only_create
    @mapping
    def sequence(self, record):
        """A first ``sequence`` from the card's ``pos``: in Trello's order
        and sparse, so the board's ranking (the resequencer) keeps it."""
        return {"sequence": from_pos(record.get("pos"))}
