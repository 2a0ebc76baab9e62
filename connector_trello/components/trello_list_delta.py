# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import logging
import re

from odoo.addons.component.core import AbstractComponent
from odoo.addons.connector.exception import IDMissingInBackend

from ..client import TrelloRequestError
from ..tools import CARD_SET_KEYS

_logger = logging.getLogger(__name__)

#: Trello's words when the element is on the card already (a try before
#: this one added it and lost the answer, or someone added it meanwhile).
ALREADY_THERE = re.compile(r"already on the card", re.I)


class TrelloListDelta(AbstractComponent):
    """A card's label and member lists written as what Odoo added and removed.

    A ``PUT`` of the whole ``idLabels`` (or ``idMembers``) replaces the
    list: a label someone adds in Trello between the export's read and its
    write would be removed without a trace, since Trello has no conditional
    write. Each element Odoo added is ``POST``-ed and each one it removed
    is ``DELETE``-d instead (``/cards/{id}/idLabels`` and ``idMembers``),
    so an element the other side changed meanwhile stays as it left it,
    and reaches Odoo with the next import (the card's ``dateLastActivity``
    moved past the import marker).

    The elements are computed against the card as read: the conflict
    resolver merged the list element by element (``_merge_elements``:
    each element as the side that changed it left it, so both sides'
    additions and removals stay, with no conflict), and what the merged
    list holds and the card lacks is added, what the card holds and the
    merged list lacks goes; nothing else is touched. A list Odoo did not
    change costs no request; each changed element costs one, where the
    ``PUT`` of the other fields is at most one.

    Refusals go the partial export's way (``trello.partial.write``): a
    member not on the board is added to it (backend option) or left out
    with a note, a label Trello does not take is left out with a note, and
    the refusal is remembered so that the next export sends nothing again.
    """

    _name = "trello.list.delta"
    _inherit = "trello.base"

    #: The id-list keys sent as deltas: the card's set-valued keys, those
    #: the task's conflict resolver merges element by element.
    _delta_keys = CARD_SET_KEYS

    def __init__(self, work_context):
        super().__init__(work_context)
        #: ``{key: {element: "add" | "remove"}}`` sent by this export.
        self._sent_elements = {}

    def sent_elements_values(self, binding):
        """The binding's ``trello_sent_elements`` with what this export sent,
        once (empty when it sent no element): written with the export's
        commit, it tells a later try which of the connector's own actions
        Trello shows were committed (see ``_trello_changed_back``)."""
        sent, self._sent_elements = self._sent_elements, {}
        if not sent:
            return {}
        known = json.loads(binding.trello_sent_elements or "{}")
        for key, elements in sent.items():
            known.setdefault(key, {}).update(elements)
        return {"trello_sent_elements": json.dumps(known, sort_keys=True)}

    def _split_deltas(self, changes, read):
        """``(lists, rest)``: the list changes sent as deltas, the others.

        Without a read (Odoo is the master: one-way export) the list goes
        whole in the ``PUT``, as Odoo wants it.
        """
        if read is None:
            return {}, changes
        lists = {
            key: value
            for key, value in changes.items()
            if key in self._delta_keys and isinstance(read.get(key), list)
        }
        rest = {key: value for key, value in changes.items() if key not in lists}
        return lists, rest

    def _send_deltas(self, external_id, lists, read):
        """Add and remove the elements of ``lists`` the card ``read`` lacks
        or holds; returns each list as the card now holds it, as far as this
        export knows (what Trello changed meanwhile is the next import's).
        What Trello did on this export's request (an element already there,
        or already gone, is not the connector's action) is kept in
        ``_sent_elements``, for the binding's write (``sent_elements_values``)."""
        held, left_out = {}, {}
        for key, wanted in lists.items():
            current = list(read.get(key) or [])
            wanted = list(wanted or [])
            kept = [element for element in current if element in wanted]
            reasons = []
            for element in wanted:
                if element in current:
                    continue
                reason = self._add_element(external_id, key, element)
                if reason is None:
                    kept.append(element)
                elif reason not in reasons:
                    reasons.append(reason)
            for element in current:
                if element not in wanted:
                    self._remove_element(external_id, key, element)
            held[key] = sorted(kept)
            if reasons:
                left_out[key] = "; ".join(reasons)
        if left_out:
            self._post_refusal_note(lists, held, left_out)
        self._remember_refused(lists, held, left_out)
        return held

    def _add_element(self, external_id, key, element):
        """``POST`` one element: None once the card holds it, else why
        Trello refuses it."""
        reason = None
        for attempt in (1, 2):
            try:
                self.backend_adapter.add_to_list(external_id, key, element)
                self._sent_elements.setdefault(key, {})[element] = "add"
                return None
            except TrelloRequestError as err:
                if getattr(err, "status", None) != 400:
                    raise
                if ALREADY_THERE.search(str(err)):
                    return None
                _logger.info(
                    "%s %s: Trello refused %s %s (%s)",
                    self.model._name,
                    self.binding.id,
                    key,
                    element,
                    err,
                )
                if key != "idMembers" or attempt == 2:
                    break
                # not on the board: added to it with the backend's option
                added, reason = self._members_on_board(key, [element])
                if not added:
                    break
        return reason or self.env._("Trello does not take this value")

    def _remove_element(self, external_id, key, element):
        """``DELETE`` one element; gone already is done."""
        try:
            self.backend_adapter.remove_from_list(external_id, key, element)
            self._sent_elements.setdefault(key, {})[element] = "remove"
        except IDMissingInBackend:
            # a try before this one removed it and lost the answer, or
            # someone else did meanwhile: what was asked is done
            _logger.debug("%s %s already off card %s", key, element, external_id)
