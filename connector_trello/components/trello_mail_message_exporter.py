# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component

from .trello_create_once import comparable


class TrelloMailMessageExporter(Component):
    """Chatter message -> card comment; an edit or a deletion follows.

    The binding is written at once with the comment's id and date, so the
    next import finds it bound and up to date: the comment does not come
    back as a second message.
    """

    _name = "trello.mail.message.exporter"
    _inherit = "trello.exporter"
    _apply_on = ["trello.mail.message"]
    _parent_field = "card_binding_id"
    _check_conflicts = True
    _full_text_files = True

    def _full_text_file_name(self, key):
        return f"comment-{self.external_id}.full-text.md"

    def _must_skip(self):
        binding = self.binding
        if not binding.card_binding_id.external_id:
            return self.env._("The message's task is not synchronized.")
        if binding.author_id == self.env.ref("base.partner_root"):
            # The connector's own notes (conflicts, skipped files).
            return self.env._("A note of the connector: not exported.")
        if not self._own_comment():
            return self.env._(
                "Written in Trello by another member: only its author can edit it."
            )
        return False

    def _own_comment(self):
        """Trello lets only the author of a comment edit or delete it."""
        member = self.binding.trello_member_id
        return (
            not member or member.external_id == self.backend_record.member_external_id
        )

    def _unlink_operation(self):
        if not self._own_comment():
            return "keep"  # Trello lets only its author delete a comment
        return super()._unlink_operation()

    def _import_options(self):
        return {"card_binding": self.binding.card_binding_id}

    def _create_target(self, values):
        """A comment is looked for among its card's, by text and author."""
        return self.binding.card_binding_id.external_id, {"text": values["text"]}

    def _created_match(self, candidate, wanted):
        member = self.backend_record.member_external_id
        if member and candidate.get("idMemberCreator") != member:
            return {}  # written by someone else
        return {"text": comparable((candidate.get("data") or {}).get("text"))}

    def _create_remote(self, values):
        return self.backend_adapter.create_comment(
            self.binding.card_binding_id.external_id, values["text"]
        )

    def _store(self, response):
        """A comment's own marker is its last edit (what Trello changed
        elsewhere on the card is the card's to import)."""
        data = response.get("data") or {}
        member = self.binder_for("trello.member").to_internal(
            response.get("idMemberCreator")
        )
        self.binding.with_context(**self._connector_context()).write(
            {
                "trello_member_id": member.id,
                "trello_text": data.get("text") or "",
                "trello_date_last_activity": data.get("dateLastEdited")
                or response.get("date")
                or False,
                "trello_deleted": False,
            }
        )

    def _delete_in_trello(self):
        return True
