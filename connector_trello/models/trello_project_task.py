# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import uuid

from odoo import api, fields, models

from ..access import check_trello_caller, records_to_export
from ..page_create import DEFERRED_SUBSCRIPTIONS, deferred_subscriptions, page_defaults


class TrelloProjectTask(models.Model):
    """A Trello card synchronized as an Odoo task."""

    _name = "trello.project.task"
    _inherit = "trello.binding"
    _inherits = {"project.task": "odoo_id"}
    _description = "Trello Card"

    odoo_id = fields.Many2one(
        "project.task", string="Task", required=True, index=True, ondelete="restrict"
    )
    project_binding_id = fields.Many2one(
        "trello.project.project", string="Board", index=True, ondelete="cascade"
    )
    # Trello's pos is a double: no digits, so the column is a double
    # precision too (1e-7 and 3e-7, or 2**47 and 2**47 + 1, stay apart).
    trello_pos = fields.Float(string="Trello Position")
    trello_desc = fields.Text(string="Trello Description (Markdown)")
    trello_url = fields.Char(string="Trello URL", readonly=True)
    trello_rules_state = fields.Selection(
        [
            ("out_trello", "Card outside the rules"),
            ("out_odoo", "Task outside the rules"),
        ],
        string="Sync Rules",
        copy=False,
        help="Empty while the card is inside its board's sync rules. Card "
        "outside: Trello took the card out (the import re-evaluates it). Task "
        "outside: Odoo took the task out (the export re-evaluates it). Either "
        "way nothing of it is imported or exported meanwhile.",
    )
    trello_written_over = fields.Text(
        copy=False,
        groups="connector.group_connector_manager",
        help="What the last exports read in Trello of the fields they wrote, "
        "as JSON: the next import compares it with what their writes really "
        "overwrote, and names in the chatter a value written in Trello in "
        "between (the incremental import's _note_overwritten).",
    )
    trello_sent_elements = fields.Text(
        copy=False,
        groups="connector.group_connector_manager",
        help="The last label and member this connector added to or removed "
        "from the card, by an export that was committed, as JSON: an own "
        "action Trello shows and this lacks was sent by a try that rolled "
        "back (the task conflict resolver's _trello_changed_back).",
    )

    _sql_constraints = [
        (
            "trello_odoo_uniq",
            "unique(backend_id, odoo_id)",
            "This task is already bound to a card of this backend.",
        ),
    ]


class ProjectTask(models.Model):
    _inherit = "project.task"

    trello_bind_ids = fields.One2many(
        "trello.project.task",
        "odoo_id",
        string="Trello Card Bindings",
        copy=False,
        context={"active_test": False},
    )
    trello_checkitem_bind_ids = fields.One2many(
        "trello.checkitem",
        "odoo_id",
        string="Trello Check Item Bindings",
        copy=False,
        context={"active_test": False},
    )
    trello_url = fields.Char(string="Trello URL", compute="_compute_trello_url")
    # Odoo 18 Community's project.task has no start (Enterprise's
    # project_enterprise adds ``planned_date_begin``, a Datetime, for its
    # Gantt view): the same name and type, so that with Enterprise the
    # card's start is the task's planned start in the Gantt, without a
    # second field.
    planned_date_begin = fields.Datetime(
        string="Start Date",
        copy=False,
        help="When the work starts: the card's start date in Trello.",
    )
    trello_due_complete = fields.Boolean(
        string="Due Complete",
        copy=False,
        help="The card's due date is marked complete in Trello. The task stays "
        "open unless the backend's 'Due Complete Closes the Task' is on.",
    )

    @api.depends("trello_bind_ids.trello_url", "parent_id")
    def _compute_trello_url(self):
        for task in self:
            card = task.sudo().trello_bind_ids[:1]
            if not card and task.parent_id:
                card = task.sudo().parent_id.trello_bind_ids[:1]
            task.trello_url = card.trello_url

    def _trello_card_bindings(self):
        """The card bindings of this task, one per synchronized board of its
        project (created, not yet exported, where missing)."""
        self.ensure_one()
        task = self.sudo()
        bindings = task.trello_bind_ids
        if task.parent_id:
            return bindings
        for board in task.project_id.trello_bind_ids:
            if not board.external_id or board.trello_deleted:
                continue
            if bindings.filtered(
                lambda b, board=board: b.backend_id == board.backend_id
            ):
                continue
            bindings |= (
                self.env["trello.project.task"]
                .sudo()
                .with_context(connector_no_export=True)
                .create(
                    {
                        "odoo_id": task.id,
                        "backend_id": board.backend_id.id,
                        "project_binding_id": board.id,
                    }
                )
            )
        return bindings

    def trello_export(self, fields=None):
        """Export the tasks to the cards of their synchronized boards now.

        Nothing happens under ``connector_no_export`` (the connector's own
        writes). A project user who may write the tasks, or the connector
        (the job a listener delays once Odoo accepted a write, as
        superuser). Returns the exporters' messages.
        """
        tasks = records_to_export(self, "write")
        bindings = self.env["trello.project.task"].sudo()
        items = self.env["trello.checkitem"].sudo()
        for task in tasks:
            if task.parent_id:
                items |= task._trello_checkitem_bindings()
            else:
                bindings |= task._trello_card_bindings()
        if not items:
            bindings |= tasks._trello_export_companions(bindings)
        # In a job, connector_trello_queue wraps export_records
        # (connector_trello_queue/models/trello_binding.py): the shared
        # request budget, pieces of 10 cards, Trello's errors as queue_job's.
        results = bindings.export_records(fields=fields)
        return results + [item.export_record(fields=fields) for item in items]

    def _trello_export_companions(self, bindings):
        """Card bindings of other tasks to export along with ``bindings`` (hook).

        ``bindings`` are the cards of these tasks, about to be exported in
        one ``export_records`` call, whose conflict reads take a board's
        cards in one request. None here: a synchronous export sends what its
        caller asked for. The queue addon adds, in a running export job, the
        cards of the same boards whose own export jobs are still waiting, so
        that a burst of edits costs one read instead of one per card; the
        returned bindings are the connector's (sudo) and already locked.
        """
        return self.env["trello.project.task"].sudo()

    def _trello_checkitem_bindings(self):
        """The check item bindings of this sub-task, one per card of its
        parent (created, not yet exported, where missing)."""
        self.ensure_one()
        task = self.sudo()
        bindings = task.trello_checkitem_bind_ids
        for card in task.parent_id._trello_card_bindings():
            if bindings.filtered(lambda b, card=card: b.backend_id == card.backend_id):
                continue
            bindings |= (
                self.env["trello.checkitem"]
                .sudo()
                .with_context(connector_no_export=True)
                .create(
                    {
                        "odoo_id": task.id,
                        "backend_id": card.backend_id.id,
                        "card_binding_id": card.id,
                    }
                )
            )
        return bindings

    @api.model
    def _trello_create_page(self, vals_list):
        """Create the tasks of an import page, without Odoo's per-task work.

        The same tasks as ``create(vals_list)``, with what
        ``project.task.create()`` does task by task done once for the page
        (see :mod:`..page_create`): defaults, followers, and the access
        token of a task of a portal project, given in its values instead of
        a write of its own (``_portal_ensure_token``).
        """
        projects = self.env["project.project"].browse(
            {vals["project_id"] for vals in vals_list if vals.get("project_id")}
        )
        portal = set(projects.filtered(lambda p: p.privacy_visibility == "portal").ids)
        default_stage = self._default_personal_stage_type_id()
        for vals in vals_list:
            # the default, computed by the binding: left out as below
            if vals.get("personal_stage_type_id", default_stage) == default_stage:
                vals.pop("personal_stage_type_id", None)
            if vals.get("project_id") in portal and not vals.get("access_token"):
                vals["access_token"] = str(uuid.uuid4())
        with deferred_subscriptions(self.env) as env:
            tasks = self.with_env(env).create(vals_list)
        return tasks.with_env(self.env)

    @api.model
    def _add_missing_default_values(self, values):
        """Once a page in a bulk import (see ``page_defaults``).

        There, the personal stage default (the importing user's first
        personal stage) is left out too: its inverse looks, task by task,
        for the user's personal stage row, which only an assignee has, and
        for assignees ``_populate_missing_personal_stages`` sets that same
        first stage.
        """
        return page_defaults(
            self,
            values,
            super()._add_missing_default_values,
            leave_out=("personal_stage_type_id",),
        )

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """Noted, not made, inside :func:`deferred_subscriptions`."""
        asked = self.env.context.get(DEFERRED_SUBSCRIPTIONS)
        if asked is None or not partner_ids:
            return super().message_subscribe(partner_ids, subtype_ids)
        partners, subtypes = (
            tuple(sorted(partner_ids)),
            tuple(sorted(subtype_ids or ())),
        )
        for task in self:
            asked.append((task.project_id.id, partners, subtypes, task.id))
        return True

    def unlink(self):
        """A deleted task archives its card (deletes it, with the option).

        Odoo decides first: the caller's right to delete is checked before
        anything, and Trello follows only once Odoo's unlink succeeded (the
        ``trello.deletion`` rows are sent after the commit, or by a job).
        """
        tasks = self.sudo().with_context(active_test=False)
        if tasks.trello_bind_ids or tasks.trello_checkitem_bind_ids:
            check_trello_caller(self, "unlink")
        deletions = tasks.trello_bind_ids._odoo_records_deleted()
        deletions |= tasks.trello_checkitem_bind_ids._odoo_records_deleted()
        # The card is archived, not deleted: its comments and files stay in
        # Trello although Odoo deletes the task's messages and attachments.
        result = super(
            ProjectTask, self.with_context(connector_no_export=True)
        ).unlink()
        deletions._follow_in_trello()
        return result

    def action_open_trello(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": self.trello_url, "target": "new"}
