# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component
from odoo.addons.connector.exception import InvalidDataError

BOARD_FIELDS = "name,desc,closed,url,shortLink,dateLastActivity"
MEMBER_FIELDS = "username,fullName,email"
LIST_FIELDS = "name,closed,pos,idBoard"
LABEL_FIELDS = "name,color,idBoard"
CARD_FIELDS = (
    "name,desc,closed,idBoard,idList,idMembers,idLabels,pos,due,dueComplete,"
    "start,dateLastActivity,shortLink,url,labels"
)


class TrelloProjectProjectAdapter(Component):
    """Board reads: the nested snapshot, card pages and action pages."""

    _name = "trello.project.project.adapter"
    _inherit = "trello.adapter"
    _apply_on = ["trello.project.project"]
    _trello_path = "boards"
    _created_in_route = "members/me/boards"
    _created_in_params = {"filter": "all", "fields": BOARD_FIELDS}

    def read_board(self, external_id):
        """One request for the board with its lists, labels, members and
        custom field definitions.

        The newest action comes along (``actions_limit=1``): it is the
        checkpoint of the next incremental import, taken *before* the cards
        are read so that a change made during the import is read again.
        """
        return self.read(
            external_id,
            fields=BOARD_FIELDS,
            lists="all",
            list_fields=LIST_FIELDS,
            labels="all",
            label_fields=LABEL_FIELDS,
            labels_limit=1000,
            members="all",
            member_fields=MEMBER_FIELDS,
            actions="all",
            actions_limit=1,
            action_fields="id,date,type",
            customFields="true",
        )

    def read_state(self, external_id):
        """The board's own fields only: what the conflict check compares."""
        return self.read(external_id, fields=BOARD_FIELDS)

    def read_lists(self, external_id):
        """Every list of the board, archived ones too (stages to archive)."""
        return self.client.get(f"boards/{external_id}/lists/all", fields=LIST_FIELDS)

    def cards(self, external_id):
        """Every card of the board with its checklists and attachments.

        Pages of 1000 (Trello's cap), newest first: ``ceil(n / 1000)``
        requests for n cards. The ``all`` filter is used because Trello's
        ``visible``/``open`` filters are vague about cards of archived lists;
        the importer filters by itself.
        """
        return self.client.paged(self.cards_path(external_id), **self._card_params())

    def card_page(self, external_id, before=None):
        """One page of :meth:`cards`: the 1000 cards older than ``before``.

        One request; ``before`` is the cursor :meth:`next_card_cursor` gave
        for the previous page (None: the newest page).
        """
        return self.client.page(
            self.cards_path(external_id), before=before, **self._card_params()
        )

    def next_card_cursor(self, external_id, page, before=None):
        """The cursor of the card page after ``page``; None after the last."""
        return self.client.next_cursor(self.cards_path(external_id), page, before)

    def card_ids(self, external_id):
        """The ids of every card of the board (``all``, as :meth:`cards`).

        A light read (``fields=id``, no checklists nor attachments), one
        request per 1000 cards: the whole list of cards that an import read
        by pages in several jobs needs at its end, to tell which bound cards
        are gone.
        """
        for card in self.client.paged(self.cards_path(external_id), fields="id"):
            if not isinstance(card, dict) or not card.get("id"):
                raise InvalidDataError(
                    f"Trello sent a malformed card: {str(card)[:200]}"
                )
            yield card["id"]

    @staticmethod
    def cards_path(external_id):
        """The route of every card of the board, archived ones included."""
        return f"boards/{external_id}/cards/all"

    @staticmethod
    def _card_params():
        return {
            "fields": CARD_FIELDS,
            "checklists": "all",
            "attachments": "true",
            "customFieldItems": "true",
        }

    def actions(self, external_id, since=None, filter=None):  # pylint: disable=redefined-builtin
        """The board's actions newer than ``since`` (an action id), newest first."""
        params = {"filter": filter} if filter else {}
        return self.client.paged(f"boards/{external_id}/actions", since=since, **params)
