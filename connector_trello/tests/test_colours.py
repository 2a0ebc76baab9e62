# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every Trello label colour against the Odoo colour index it must become.

The indexes are written out here (not computed with the connector's own
table): Odoo's palette is 0 none, 1 red, 2 orange, 3 yellow, 4 cyan,
5 purple, 6 almond, 7 teal, 8 blue, 9 raspberry, 10 green, 11 violet.
A colourless label becomes almond (6), not 0: Odoo's kanban cards hide the
tags of colour 0, and the label is visible on the card in Trello.
"""

from .hardening_common import SupportBoardCase

EXPECTED = {
    "green": 10,
    "yellow": 3,
    "orange": 2,
    "red": 1,
    "purple": 5,
    "blue": 8,
    "sky": 4,
    "lime": 7,
    "pink": 9,
    "black": 11,
}


class TestLabelColours(SupportBoardCase):
    def test_every_trello_colour(self):
        cases = {None: 6}
        for colour, index in EXPECTED.items():
            cases.update({colour: index, f"{colour}_light": index})
            cases[f"{colour}_dark"] = index
        self.assertEqual(len(cases), 31)
        labels = {
            colour: self.store.create_label(
                self.emulator.member_id,
                self.board["id"],
                f"Colour {colour or 'none'}",
                colour,
            )
            for colour in cases
        }
        self.backend.action_synchronize()
        found = {
            colour: self.label_binding(label).odoo_id.color
            for colour, label in labels.items()
        }
        self.assertEqual(found, cases)
