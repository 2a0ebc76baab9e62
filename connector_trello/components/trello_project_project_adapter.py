# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component

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

    def read_board(self, external_id):
        """One request for the board with its lists, labels and members.

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
        )

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
        return self.client.paged(
            f"boards/{external_id}/cards/all",
            fields=CARD_FIELDS,
            checklists="all",
            attachments="true",
        )

    def actions(self, external_id, since=None, filter=None):  # pylint: disable=redefined-builtin
        """The board's actions newer than ``since`` (an action id), newest first."""
        params = {"filter": filter} if filter else {}
        return self.client.paged(f"boards/{external_id}/actions", since=since, **params)
