# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A card's labels and members merged element by element (issue 16).

Both sides edit a card's labels (or members) between two synchronizations,
each its own element: neither edit is a conflict, and both must stay on
both sides, whichever of the export or the import runs first. Found by the
concurrency suite (seed 2026, op 240): a label bob removed came back when
Odoo removed another label of the same card, since the whole list was one
field of the three-way merge.

And an export's own ``POST``/``DELETE`` rolled back with its job (Trello
kept it): when someone changed that element back in Trello before the
retry, the retry must leave their newer edit (op 287 of the same run).
"""

from itertools import product

from .. import usage
from ..tools import CARD_SET_ACTIONS
from .test_list_race import LISTS, OPS, ListCase

ORDERS = ("export_first", "import_first")


class RolledBack(Exception):
    """The job's transaction failing after its requests were sent."""


class TestListMerge(ListCase):
    def trello_edit(self, key, op, trello_id):
        """bob adds or removes ``trello_id`` in Trello."""
        path = f"cards/{self.card['id']}/{key}"
        if op == "add":
            self.as_person("POST", path, value=trello_id)
        else:
            self.as_person("DELETE", f"{path}/{trello_id}")

    def test_each_sides_elements_stay(self):
        for key, odoo_op, trello_op, order in product(LISTS, OPS, OPS, ORDERS):
            with self.subTest(list=key, odoo=odoo_op, trello=trello_op, order=order):
                odoo_name, trello_name, __ = LISTS[key]
                mine = self.trello_id(key, odoo_name)
                theirs = self.trello_id(key, trello_name)
                expected, notes = self.prepare(
                    key, (odoo_op, mine), (trello_op, theirs)
                )

                self.odoo_edit(key, odoo_op, mine)
                self.trello_edit(key, trello_op, theirs)
                if order == "export_first":
                    self.task.trello_export()
                    self.import_board()
                else:
                    self.import_board()
                    self.task.trello_export()
                self.env.invalidate_all()
                card = self.store_card(self.card["id"])
                self.assertEqual(set(card[key]), expected, "Trello holds both")
                self.assertEqual(self.odoo_ids(key), expected, "and Odoo too")
                self.assertEqual(len(self.notes(self.task)), notes, "no conflict")
                self.emulator.reset_counters()
                self.task.trello_export()
                self.import_board()
                self.assertEqual(set(card[key]), expected, "and it stays")
                self.assertEqual(self.odoo_ids(key), expected)

    def test_an_element_put_back_after_a_rolled_back_export_stays(self):
        self.assertTrue(self.backend.member_external_id)
        for key, op in product(LISTS, OPS):
            with self.subTest(list=key, op=op):
                odoo_name, __, stays_name = LISTS[key]
                mine = self.trello_id(key, odoo_name)
                before = {self.trello_id(key, stays_name)}
                before |= {mine} if op == "remove" else set()
                self.set_card(key, sorted(before))
                self.odoo_edit(key, op, mine)
                with self.assertRaises(RolledBack), self.env.cr.savepoint():
                    self.task.trello_export()
                    raise RolledBack()
                self.env.invalidate_all()
                card = self.store_card(self.card["id"])
                self.assertNotEqual(set(card[key]), before, "Trello kept the edit")
                self.trello_edit(key, "remove" if op == "add" else "add", mine)
                self.assertEqual(set(card[key]), before, "bob put it back")
                notes = len(self.notes(self.task))

                self.task.trello_export()
                self.import_board()
                self.assertEqual(set(card[key]), before, "bob's edit, the newer")
                self.assertEqual(self.odoo_ids(key), before, "on both sides")
                self.assertEqual(len(self.notes(self.task)), notes + 1, "said")

    def test_one_list_of_the_card_set_valued_keys(self):
        """The lists the exporter sends as deltas are the lists the resolver
        merges element by element, with Trello's actions on each element:
        one constant (``tools.CARD_SET_ACTIONS``), and this test's table
        covers every key of it."""
        with self.backend.work_on("trello.project.task") as work:
            exporter = work.component(usage=usage.EXPORTER)
            resolver = work.component(usage=usage.CONFLICT_RESOLVER)
        self.assertEqual(set(exporter._delta_keys), set(resolver._element_keys))
        self.assertEqual(set(resolver._element_keys), set(CARD_SET_ACTIONS))
        self.assertEqual(set(LISTS), set(CARD_SET_ACTIONS))
