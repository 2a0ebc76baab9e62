# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..sync_rules import SyncRules


class TrelloBoard(models.Model):
    """The board's sync rules: which of its cards are synchronized.

    Plain data on the board's line (see :mod:`..sync_rules`), edited in the
    rules form that the line opens; only connector managers may write a
    board line (``ir.model.access.csv``). Both directions read them: the
    card importer and the task exporter.
    """

    _inherit = "trello.board"

    rule_lists_mode = fields.Selection(
        [
            ("all", "All lists"),
            ("exclude", "All but these lists"),
            ("only", "Only these lists"),
        ],
        string="Lists",
        default="all",
        required=True,
    )
    rule_list_names = fields.Text(
        string="List Names",
        help="One list name a line, as in Trello (case does not matter). A "
        "task is in the list of the same name as its stage.",
    )
    rule_labels_mode = fields.Selection(
        [
            ("all", "Any card"),
            ("any", "Cards with any of these labels"),
            ("none", "Cards with none of these labels"),
        ],
        string="Labels",
        default="all",
        required=True,
    )
    rule_label_names = fields.Text(
        string="Label Names",
        help="One label name a line (case does not matter); in Odoo, the "
        "task's tags of the same names.",
    )
    rule_archived = fields.Selection(
        [
            ("backend", "As the backend's option (new cards only)"),
            ("include", "Include archived cards"),
            ("exclude", "Leave archived cards out"),
        ],
        string="Archived Cards",
        default="backend",
        required=True,
        help="As the backend's option: the backend's 'Include Archived "
        "Cards' decides for cards not imported yet, and an archived card "
        "already synchronized archives its task. Include: archived cards are "
        "imported as archived tasks. Leave out: a card archived in Trello "
        "leaves the rules.",
    )
    rule_created_after = fields.Date(
        string="Cards Created After",
        help="Cards created in Trello before this date are outside the rules "
        "(a card's creation time is in its id).",
    )
    rule_leaving = fields.Selection(
        [("archive", "Archive the task"), ("keep", "Keep the task")],
        string="Task of a Card Leaving the Rules",
        default="archive",
        required=True,
        help="What happens in Odoo to the task of a card that leaves the "
        "rules: archived, or kept as it is. It is never deleted, and is no "
        "longer synchronized until its card is inside the rules again.",
    )
    rules_summary = fields.Char(string="Sync Rules", compute="_compute_rules_summary")

    def _sync_rules(self):
        """The board's rules (``sync_rules.SyncRules``)."""
        return SyncRules.of_board(self[:1])

    def _compute_rules_summary(self):
        for board in self:
            board.rules_summary = (
                board.env._("Rules") if board._sync_rules() else board.env._("All")
            )

    def action_open_rules(self):
        """The board's rules form (connector managers only)."""
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Sync Rules of %(board)s", board=self.name),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref("connector_trello.trello_board_rules_view_form").id,
                    "form",
                )
            ],
            "target": "new",
        }

    def action_save_rules(self):
        """Close the rules form (the record is saved by the button)."""
        self.check_access("write")
        return {"type": "ir.actions.act_window_close"}
