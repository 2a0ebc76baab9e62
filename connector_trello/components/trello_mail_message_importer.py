# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloMailMessageImporter(Component):
    """``commentCard`` action -> chatter note, once (bound by the action id)."""

    _name = "trello.mail.message.importer"
    _inherit = "trello.importer"
    _apply_on = ["trello.mail.message"]

    def _trello_marker(self):
        data = self.trello_record.get("data") or {}
        return data.get("dateLastEdited") or self.trello_record.get("date")

    def _must_skip(self, binding):
        if not self.backend_record.import_comments:
            return self.env._("Comments are not imported on this backend.")
        if "card_binding" not in self.import_options:
            card_id = ((self.trello_record.get("data") or {}).get("card") or {}).get(
                "id"
            )
            card = self.binder_for("trello.project.task").to_internal(card_id)
            if not card:
                return self.env._("The comment's card is not synchronized.")
            self.import_options["card_binding"] = card
        if self.import_options["card_binding"].trello_rules_state:
            return self.env._("The comment's card is outside the board's sync rules.")
        return None

    def _import_dependencies(self):
        creator = self.trello_record.get("memberCreator") or {}
        self._import_dependency(
            self.trello_record.get("idMemberCreator"),
            "trello.member",
            data=creator if creator.get("id") else None,
        )
