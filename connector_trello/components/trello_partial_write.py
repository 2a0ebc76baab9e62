# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import logging
import re

from odoo.addons.component.core import AbstractComponent

from ..chatter import post_connector_note
from ..client import TrelloAuthenticationError, TrelloRequestError, dumps
from ..tools import same_trello_value

_logger = logging.getLogger(__name__)

#: Trello's answer to a value it does not take: ``400 invalid value for X``.
INVALID_VALUE = re.compile(r"invalid value for (\w+)")
#: Keys that say where an object is: without them there is nothing to write.
PLACE_KEYS = frozenset({"idList", "idBoard", "idCard", "idChecklist"})
#: Keys holding members, which Trello refuses when not on the board.
MEMBER_KEYS = frozenset({"idMembers", "idMember"})


class TrelloPartialWrite(AbstractComponent):
    """A field Trello refuses is left out; the others are written.

    Every field of an object travels in one ``POST`` or ``PUT``: a single
    value Trello refuses (``400 invalid value for idMembers``: an assignee
    whose member is not on the board) would fail the whole write, again at
    every try, and nothing of the object would reach Trello any more. Here
    the refused key is left out (or, for members, only the members not on
    the board: added to it first when the backend allows it), a note on the
    record's chatter says which and why, and the write is sent again.

    What was refused is remembered on the binding
    (``trello_refused_values``): while Odoo's value stays the one refused,
    the export sends what Trello took instead, so that the next export
    sends nothing and notes nothing again. A new value in Odoo is tried.
    """

    _name = "trello.partial.write"
    _inherit = "trello.base"

    # -- what Trello refused before ----------------------------------------

    def _refused_values(self):
        binding = self.binding
        if not binding or "trello_refused_values" not in binding._fields:
            return {}
        return json.loads(binding.sudo().trello_refused_values or "{}")

    def _apply_refused(self, values):
        """``values`` with each value Trello refused replaced by what it took."""
        refused = self._refused_values()
        for key, memory in refused.items():
            if key in values and same_trello_value(key, values[key], memory["asked"]):
                if memory["sent"] is None:
                    values.pop(key)
                else:
                    values[key] = memory["sent"]
        return values

    def _remember_refused(self, asked, sent, left_out):
        """Keep the refusals of this write; forget those of values changed."""
        binding = self.binding
        if "trello_refused_values" not in binding._fields:
            return
        refused = {
            key: memory
            for key, memory in self._refused_values().items()
            if key not in asked
        }
        for key in left_out:
            refused[key] = {"asked": asked[key], "sent": sent.get(key)}
        text = dumps(refused) if refused else False
        if (binding.sudo().trello_refused_values or False) != text:
            binding.sudo().with_context(**self._connector_context()).write(
                {"trello_refused_values": text}
            )

    # -- the write ---------------------------------------------------------

    def _send_partial(self, send, values):
        """``send(values)``, leaving out what Trello refuses; its answer.

        ``values`` were mapped from Odoo (refusals remembered applied). At
        most one more request per refused key (two for members: the board's
        members are read).
        """
        asked = dict(values)
        values = dict(values)
        left_out = {}
        while True:
            try:
                response = send(values)
            except TrelloRequestError as err:
                key = self._refused_key(err, values)
                if key is None or key in left_out:
                    raise
                values, reason = self._leave_out(key, values)
                left_out[key] = reason
                _logger.info(
                    "%s %s: Trello refused %s (%s), sent again without it",
                    self.model._name,
                    self.binding.id,
                    key,
                    err,
                )
                continue
            break
        if left_out:
            self._post_refusal_note(asked, values, left_out)
        self._remember_refused(asked, values, left_out)
        return response

    @staticmethod
    def _refused_key(err, values):
        """The key of ``values`` a 400 names, if one may be left out."""
        if getattr(err, "status", None) != 400:
            return None
        match = INVALID_VALUE.search(str(err))
        key = match and match.group(1)
        if not key or key not in values or key in PLACE_KEYS:
            return None
        return key

    def _leave_out(self, key, values):
        """``(values, reason)``: ``values`` without what Trello refused."""
        values = dict(values)
        if key in MEMBER_KEYS:
            kept, reason = self._members_on_board(key, values[key])
            if kept is not None:
                values[key] = kept
                return values, reason
        else:
            reason = self.env._("Trello does not take this value")
        values.pop(key)
        return values, reason

    # -- members -----------------------------------------------------------

    def _board_external_id(self):
        """The Trello id of the board of the object written (None: unknown)."""
        binding = self.binding
        board = None
        if "project_binding_id" in binding._fields:
            board = binding.project_binding_id
        elif "card_binding_id" in binding._fields:
            board = binding.card_binding_id.project_binding_id
        return board.external_id if board else None

    def _members_on_board(self, key, wanted):
        """``(members kept, reason)`` of the members Trello refused.

        The members not on the board are added to it when the backend
        allows it (``PUT /boards/{id}/members/{idMember}``, as a normal
        member), else left out. ``(None, reason)``: the whole key goes.
        """
        many = isinstance(wanted, list | tuple)
        wanted = list(wanted or []) if many else [wanted] if wanted else []
        board_id = self._board_external_id()
        client = self.backend_adapter.client
        if not board_id or not wanted:
            return None, self.env._("Trello does not take these members")
        on_board = {
            member.get("id")
            for member in client.get(f"boards/{board_id}/members", fields="id")
        }
        missing = [member for member in wanted if member not in on_board]
        if not missing:
            return None, self.env._("Trello does not take these members")
        if self.backend_record.add_missing_members:
            for member in list(missing):
                try:
                    client.put(f"boards/{board_id}/members/{member}", type="normal")
                except (TrelloRequestError, TrelloAuthenticationError) as err:
                    _logger.info("Member %s not added to %s: %s", member, board_id, err)
                    continue
                missing.remove(member)
        if not missing:
            return (wanted if many else wanted[0]), None
        kept = [member for member in wanted if member not in missing]
        reason = self.env._(
            "%(members)s not a member of the board in Trello (turn on "
            "'Add Missing Members to the Board' on the backend to add them)",
            members=", ".join(self._member_names(missing)),
        )
        return (kept if many else (kept[0] if kept else None)), reason

    def _member_names(self, external_ids):
        members = self.env["trello.member"].search(
            [
                ("backend_id", "=", self.backend_record.id),
                ("external_id", "in", external_ids),
            ]
        )
        by_id = {m.external_id: m.user_id.name or m.display_name for m in members}
        return [by_id.get(ext_id) or ext_id for ext_id in external_ids]

    # -- the note ----------------------------------------------------------

    def _post_refusal_note(self, asked, sent, left_out):
        """Say on the record's chatter what Trello refused, and why."""
        record = self.binding.odoo_id
        lines = []
        for key, reason in left_out.items():
            if reason is None:  # members added to the board: all taken
                continue
            what = self._refused_label(key)
            if key in sent:
                lines.append(
                    self.env._(
                        "Trello refused part of %(field)s: %(reason)s. The rest "
                        "was exported; Odoo keeps its value.",
                        field=what,
                        reason=reason,
                    )
                )
            else:
                lines.append(
                    self.env._(
                        "Trello refused %(field)s (%(reason)s): left out of the "
                        "export, the other fields were exported; Odoo keeps its "
                        "value.",
                        field=what,
                        reason=reason,
                    )
                )
        if lines:
            post_connector_note(record, lines)

    def _refused_label(self, key):
        _ = self.env._
        return {
            "name": _("the name"),
            "desc": _("the description"),
            "idMembers": _("the assignees"),
            "idMember": _("the assignee"),
            "idLabels": _("the tags"),
            "due": _("the deadline"),
            "start": _("the start date"),
            "pos": _("the position"),
            "text": _("the text"),
        }.get(key, key)
