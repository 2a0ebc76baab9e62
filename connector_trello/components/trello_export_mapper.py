# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import AbstractComponent

from .. import usage

#: Trello's own step between two positions (``pos: "bottom"`` adds it).
POS_STEP = 65536.0


class TrelloExportMapper(AbstractComponent):
    """Base of the export mappers: an Odoo binding -> Trello's JSON values.

    The values are Trello's (ids, ISO dates, Markdown), so that the exporter
    and the conflict resolver compare them with the values last synchronized
    (``trello_synced_values``) and send only what Odoo changed. Each mapping
    is ``@changed_by`` the Odoo fields it reads: an export of some fields
    computes only their mappings.
    """

    _name = "trello.export.mapper"
    _inherit = ["base.export.mapper", "trello.base"]
    _usage = usage.EXPORT_MAPPER

    @staticmethod
    def _pos_between(previous, following):
        """A Trello position between two neighbours (None when missing).

        Placing between the neighbours moves one object with one request;
        renumbering the list would cost one request per object.
        """
        if previous is None and following is None:
            return POS_STEP
        if previous is None:
            return following / 2.0
        if following is None:
            return previous + POS_STEP
        return (previous + following) / 2.0

    @staticmethod
    def _in_order(siblings):
        """Bindings in Odoo's order (sequence), Trello's for equal sequences."""
        return siblings.sorted(
            lambda b: (b.sequence, b.trello_pos or 0.0, b.external_id or "~", b.id)
        )

    def _keep_or_place(self, record, siblings):
        """Keep the record's position when it still sits between its neighbours.

        ``siblings`` are the bindings of the same list (or board) in Odoo's
        order, the record among them. Only an object that Odoo moved gets a
        new position.
        """
        ordered = list(siblings)
        index = ordered.index(record)
        before = ordered[index - 1] if index > 0 else None
        after = ordered[index + 1] if index + 1 < len(ordered) else None
        previous = before.trello_pos if before else None
        following = after.trello_pos if after else None
        current = record.trello_pos if record.external_id else None

        def key(binding):
            # Trello's order, as the import reads it: equal positions (a card
            # moved to another list keeps its own) by id
            return (binding.trello_pos or 0.0, binding.external_id or "~")

        if (
            current
            and (before is None or key(before) < key(record))
            and (after is None or key(record) < key(after))
        ):
            # The exact value last synchronized: the binding's copy is
            # rounded to 4 digits.
            return record._get_synced_values().get("pos", current)
        return self._pos_between(previous, following)
