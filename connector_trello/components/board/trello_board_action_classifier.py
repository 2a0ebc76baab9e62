# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dataclasses import dataclass, field

from odoo.addons.component.core import Component

from ... import usage


@dataclass
class BoardChanges:
    """What a run of board actions asks the incremental import to do."""

    #: The board, a list, a label or a member changed: read the board again.
    board: bool = False
    #: The cards to read again (a dict keeps their order, without repeats).
    cards: dict = field(default_factory=dict)
    #: The cards deleted or moved to another board.
    gone_cards: list = field(default_factory=list)
    #: The comments to import, shaped as ``commentCard`` actions.
    comments: list = field(default_factory=list)
    #: The ids of the deleted comments.
    gone_comments: list = field(default_factory=list)
    #: Who changed what: ``{card or board id: {member id: memberCreator}}``,
    #: in the order of their actions (the notes of ``trello.import.tracker``).
    changed_by: dict = field(default_factory=dict)


class TrelloBoardActionClassifier(Component):
    """Sort a board's actions into what must be read again or archived.

    Only ids are taken from the actions (besides comments, which carry
    their whole text): the objects are read again from Trello, so that the
    stored state is Trello's current one, whatever order changes happened
    in. An addon that wants another action type handled inherits this
    component and extends :meth:`_classify`.
    """

    _name = "trello.board.action.classifier"
    _inherit = "trello.base"
    _usage = usage.ACTION_CLASSIFIER
    _apply_on = ["trello.project.project"]

    #: Actions that take a card off the board (for this board's import).
    card_gone_actions = frozenset({"deleteCard", "moveCardFromBoard"})
    #: Actions that carry a comment the importer stores as it is.
    comment_actions = frozenset({"commentCard", "copyCommentCard"})

    def classify(self, actions):
        """The :class:`BoardChanges` of ``actions`` (given oldest first)."""
        changes = BoardChanges()
        for action in actions:
            self._classify(action, changes)
            self._note_author(action, changes)
        changes.gone_comments = [c for c in changes.gone_comments if c]
        return changes

    def _classify(self, action, changes):
        """Record what one action changed (hook, one action at a time).

        Oldest first matters: a card changed then deleted ends up deleted,
        and a comment edited twice keeps its last text.
        """
        kind = action.get("type")
        data = action.get("data") or {}
        card_id = (data.get("card") or {}).get("id")
        if kind in self.comment_actions:
            changes.comments.append(action)
        elif kind == "updateComment":
            changes.comments.append(self._edited_comment(action))
        elif kind == "deleteComment":
            changes.gone_comments.append((data.get("action") or {}).get("id"))
        elif kind in self.card_gone_actions and card_id:
            changes.cards.pop(card_id, None)
            changes.gone_cards.append(card_id)
        elif card_id:
            changes.cards[card_id] = True
        else:
            changes.board = True

    def _note_author(self, action, changes):
        """Remember who made an action that changes a card or the board.

        A comment changes no field of its card: its author is the
        comment's, not one of the card's changes.
        """
        kind = action.get("type")
        if kind in self.comment_actions or kind in ("updateComment", "deleteComment"):
            return
        data = action.get("data") or {}
        target = (data.get("card") or {}).get("id") or (data.get("board") or {}).get(
            "id"
        )
        member_id = action.get("idMemberCreator")
        if target and member_id:
            creators = changes.changed_by.setdefault(target, {})
            creators[member_id] = action.get("memberCreator") or {}

    @staticmethod
    def _edited_comment(action):
        """An ``updateComment`` action, shaped like the comment it edits.

        The comment importer then handles an edit as a comment whose text
        changed, and keeps one message per comment.
        """
        data = action.get("data") or {}
        comment = data.get("action") or {}
        return {
            "id": comment.get("id"),
            "type": "commentCard",
            "idMemberCreator": action.get("idMemberCreator"),
            "memberCreator": action.get("memberCreator"),
            "data": {
                "text": comment.get("text"),
                "card": data.get("card"),
                "dateLastEdited": action.get("date"),
            },
        }
