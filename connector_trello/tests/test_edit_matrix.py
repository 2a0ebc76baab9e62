# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The two-sided edit matrix (issue 17): every synchronized field of every
bound model, edited in Odoo only, in Trello only, on both sides to the same
value and to different values (under each policy), each run import-first
and export-first. The expected outcome and note are the tables below."""

import logging

from .two_sided import TwoSidedCase, sides

_logger = logging.getLogger(__name__)

#: case -> (Odoo's final value, Trello's final value, conflict notes):
#: "odoo", "trello" or "base" (the value before the edits).
EXPECTED = {
    "odoo_only": ("odoo", "odoo", 0),
    "trello_only": ("trello", "trello", 0),
    "both_same": ("odoo", "trello", 0),
    "both_differ_odoo_wins": ("odoo", "odoo", 1),
    "both_differ_trello_wins": ("trello", "trello", 1),
}
#: (model.field, case) -> the exceptions to the table above.
EXCEPTIONS = {
    # Trello's API cannot rename an attachment: Odoo's name stays in Odoo,
    # and in a conflict Trello's is the only one both sides can hold.
    ("attachment.name", "odoo_only"): ("odoo", "base", 0),
    ("attachment.name", "both_differ_odoo_wins"): ("trello", "trello", 1),
}
#: A set of ids (a card's labels, its members) is merged element by element:
#: each side's additions and removals stay on both sides, no conflict.
SET_MERGED = ("merged", "merged", 0)
#: A yes/no field cannot change on both sides to two different values.
NOT_APPLICABLE = {"bool": ("both_differ_odoo_wins", "both_differ_trello_wins")}
ORDERS = ("import_first", "export_first")


def merged_elements(base, odoo, trello):
    """Each element as the side that changed it left it."""
    return frozenset((trello - (odoo ^ base)) | (odoo & (odoo ^ base)))


class TestEditMatrix(TwoSidedCase):
    def notes(self, record):
        return len(self.conflict_notes(record))

    def run_case(self, side, case, order, records, number):
        current = side.odoo_get()
        self.assertEqual(current, side.trello_get(), "both sides equal before")
        odoo, trello = side.fresh(case, current, number)
        self.backend.conflict_policy = "trello" if "trello_wins" in case else "odoo"
        note_record = records[side.model]
        notes = self.notes(note_record)
        if case != "trello_only":
            side.odoo_set(odoo)
        if case != "odoo_only":
            side.trello_set(trello)
        self.env.flush_all()
        exported = records["export"][side.model]
        if order == "import_first":
            self.import_board()
            exported.trello_export()
        else:
            exported.trello_export()
            self.import_board()
        self.env.invalidate_all()
        expected = EXCEPTIONS.get((side.key, case), EXPECTED[case])
        values = {"odoo": odoo, "trello": trello, "base": current}
        if side.kind == "set" and case.startswith("both_differ"):
            expected = SET_MERGED
            values["merged"] = merged_elements(current, odoo, trello)
        self.assertEqual(side.odoo_get(), values[expected[0]], "Odoo's value")
        self.assertEqual(side.trello_get(), values[expected[1]], "Trello's value")
        self.assertEqual(self.notes(note_record) - notes, expected[2], "notes")
        if expected[1] == "base":  # left unequal on purpose: Odoo follows
            side.odoo_set(current)

    def test_matrix(self):
        fields, records = sides(self)
        cases = [
            (side, case, order)
            for side in fields
            for case in EXPECTED
            if case not in NOT_APPLICABLE.get(side.kind, ())
            for order in ORDERS
        ]
        _logger.info(
            "two-sided edit matrix: %s fields, %s cases", len(fields), len(cases)
        )
        self.assertEqual((len(fields), len(cases)), (21, 190))
        for number, (side, case, order) in enumerate(cases):
            with self.subTest(field=side.key, case=case, order=order):
                self.run_case(side, case, order, records, number)
