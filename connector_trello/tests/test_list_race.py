# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A label or member changed in Trello during an export is kept (issue 16).

An export reads the card (the conflict check), then writes it. Trello has
no conditional write: what someone adds to or removes from the card's
labels or members between that read and the write must survive the write.
The export sends what Odoo added and removed (``POST``/``DELETE
/cards/{id}/idLabels`` and ``idMembers``), never the whole list, so the
other side's change stays on the card and reaches Odoo with the next
import. Here the emulator makes bob's change right after the export's read.
"""

from itertools import product

from odoo import Command
from odoo.tools import mute_logger

from odoo.addons.queue_job.exception import RetryableJobError

from .common_export import TrelloExportCase
from .test_export_exactly_once import MUTED

CARD = "Rework the navigation"
#: list -> (Odoo's element, Trello's element, one that stays on the card)
LISTS = {
    "idLabels": ("SEO", "Bug", "Frontend"),
    "idMembers": ("carol", "bob", "alice"),
}
OPS = ("add", "remove")
#: (list, Odoo's edit, Trello's edit, Trello's element is Odoo's): each
#: side edits its own element, or both make the same edit (Trello answers
#: the late ``POST`` "already on the card", the late ``DELETE`` 404).
CASES = [(key, odoo, trello, False) for key, odoo, trello in product(LISTS, OPS, OPS)]
CASES += [(key, op, op, True) for key, op in product(LISTS, OPS)]


class ListCase(TrelloExportCase):
    """A card's labels and members, as both sides see them."""

    def setUp(self):
        super().setUp()
        for username in ("alice", "bob", "carol"):
            self.map_member(username)
        self.card = self.card_named(CARD)
        self.task = self.card_binding(self.card["id"]).odoo_id
        self.bob = self.member("bob").external_id

    # -- the two sides, in Trello's ids ------------------------------------

    def trello_id(self, key, name):
        if key == "idMembers":
            return self.member(name).external_id
        store = self.emulator.store
        return next(
            label["id"]
            for label in store.labels.values()
            if label["idBoard"] == self.board["id"] and label["name"] == name
        )

    def odoo_ids(self, key):
        self.env.invalidate_all()
        if key == "idMembers":
            members = self.backend.member_ids.filtered(
                lambda m: m.user_id in self.task.user_ids
            )
            return set(members.mapped("external_id"))
        labels = self.env["trello.project.tags"].search(
            [
                ("project_binding_id", "=", self.binding.id),
                ("odoo_id", "in", self.task.tag_ids.ids),
            ]
        )
        return set(labels.mapped("external_id"))

    def odoo_edit(self, key, op, trello_id):
        if key == "idMembers":
            user = self.backend.member_ids.filtered(
                lambda m: m.external_id == trello_id
            ).user_id
            command = Command.link if op == "add" else Command.unlink
            self.task.user_ids = [command(user.id)]
        else:
            tag = (
                self.env["trello.project.tags"]
                .search([("external_id", "=", trello_id)])
                .odoo_id
            )
            command = Command.link if op == "add" else Command.unlink
            self.task.tag_ids = [command(tag.id)]
        self.env.flush_all()

    def import_board(self):
        self.env["trello.project.project"].import_board(
            self.backend, self.board["id"], full=False
        )
        self.env.invalidate_all()

    def trello_edit_after_read(self, key, op, trello_id):
        """bob adds or removes ``trello_id`` right after the export's read."""
        kind = "label" if key == "idLabels" else "member"

        def edit(store):
            card = store.cards[self.card["id"]]
            getattr(store, f"{op}_card_{kind}")(self.bob, card, trello_id)

        return self.after_first_read(edit)

    def prepare(self, key, odoo_edit, trello_edit):
        """Set the card so that both ``(op, element)`` edits can be made
        (and LISTS' third element on it); return what the card holds with
        both made, and the task's conflict notes so far."""
        before = {self.trello_id(key, LISTS[key][2])}
        for op, element in (odoo_edit, trello_edit):
            before |= {element} if op == "remove" else set()
        self.set_card(key, sorted(before))
        expected = set(before)
        for op, element in (odoo_edit, trello_edit):
            (expected.add if op == "add" else expected.discard)(element)
        return expected, len(self.notes(self.task))

    def set_card(self, key, ids):
        """The card holds ``ids`` on both sides, synchronized."""
        self.as_person("PUT", f"cards/{self.card['id']}", **{key: ",".join(ids)})
        self.import_board()
        self.assertEqual(self.odoo_ids(key), set(ids))


class TestListRace(ListCase):
    def test_the_other_sides_change_survives_the_write(self):
        for key, odoo_op, trello_op, same in CASES:
            with self.subTest(list=key, odoo=odoo_op, trello=trello_op, same=same):
                odoo_name, trello_name, __ = LISTS[key]
                mine = self.trello_id(key, odoo_name)
                theirs = mine if same else self.trello_id(key, trello_name)
                expected, notes = self.prepare(
                    key, (odoo_op, mine), (trello_op, theirs)
                )

                self.odoo_edit(key, odoo_op, mine)
                with self.trello_edit_after_read(key, trello_op, theirs) as done:
                    self.task.trello_export()
                self.assertTrue(done, "the export read the card")
                self.assertEqual(
                    set(self.store_card(self.card["id"])[key]),
                    expected,
                    "Trello holds both sides' changes",
                )
                self.import_board()
                self.assertEqual(self.odoo_ids(key), expected, "and Odoo too")
                self.assertEqual(len(self.notes(self.task)), notes, "no conflict")
                self.emulator.reset_counters()
                self.task.trello_export()
                self.assertEqual(self.request_count(), 0, "nothing left to send")

    def test_a_lost_answer_is_not_sent_twice(self):
        """The ``POST`` or ``DELETE`` went through, its answer was lost: the
        retry reads the card again and sends nothing more for it."""
        for key, op, fault in product(LISTS, OPS, ("drop-after", "500-after")):
            with self.subTest(list=key, op=op, fault=fault):
                odoo_name, __, stays_name = LISTS[key]
                mine = self.trello_id(key, odoo_name)
                stays = self.trello_id(key, stays_name)
                before = {stays} | ({mine} if op == "remove" else set())
                self.set_card(key, sorted(before))
                expected = before | {mine} if op == "add" else before - {mine}
                self.odoo_edit(key, op, mine)
                route = (
                    f"POST /1/cards/*/{key}"
                    if op == "add"
                    else (f"DELETE /1/cards/*/{key}/*")
                )
                self.emulator.set_faults(f"{fault}:1@{route}")
                try:
                    with (
                        mute_logger(*MUTED),
                        self.assertRaises(RetryableJobError),
                        self.env.cr.savepoint(),
                    ):
                        self.task.trello_export()
                finally:
                    self.emulator.set_faults(None)
                self.env.invalidate_all()
                self.assertEqual(set(self.store_card(self.card["id"])[key]), expected)
                self.emulator.reset_counters()
                self.task.trello_export()
                self.assertEqual(self.request_count(), 1, "the read, nothing sent")
                self.import_board()
                self.assertEqual(self.odoo_ids(key), expected)
