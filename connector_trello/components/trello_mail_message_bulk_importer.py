# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloMailMessageBulkImporter(Component):
    """A page of comments, as chatter notes, in a few queries."""

    _name = "trello.mail.message.bulk.importer"
    _inherit = "trello.bulk.importer"
    _apply_on = ["trello.mail.message"]

    def _skip_lookups(self, records_options):
        """The comments' cards, which ``_must_skip`` looks up."""
        cards = {
            ((record.get("data") or {}).get("card") or {}).get("id")
            for record, options in records_options
            if "card_binding" not in options
        }
        return {"trello.project.task": cards - {None}}

    def _dependencies(self, item):
        """The comment's author (as the comment importer's)."""
        creator = item.record.get("memberCreator") or {}
        return [
            (
                "trello.member",
                item.record.get("idMemberCreator"),
                creator if creator.get("id") else None,
                {},
            )
        ]
