# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A value written in Trello during an export is named, not lost (issue 16).

An export reads the card (the conflict check), then ``PUT``s Odoo's value.
Trello has no conditional write: a name, description, date or list that
bob writes between that read and the ``PUT`` is overwritten, and neither
side holds it any more. The lists (labels, members) go as deltas and keep
bob's change (``test_list_race``); a scalar cannot. What Trello keeps is
the ``updateCard`` action of the ``PUT``, whose ``data.old`` holds bob's
value: the next import reads it and posts the conflict note that names it,
with no request added. Here the emulator makes bob's write right after the
export's read.
"""

from datetime import datetime, timezone

from .common_export import TrelloExportCase

CARD = "Rework the navigation"


class TestScalarRace(TrelloExportCase):
    def setUp(self):
        super().setUp()
        self.card = self.card_named(CARD)
        self.task = self.card_binding(self.card["id"]).odoo_id
        self.bob = self.member("bob").external_id

    def cases(self):
        """(Trello key, the note's label, Odoo's edit, bob's value as the
        emulator's store takes it, what the note shows of bob's value)."""
        other = self.list_named("Done")
        mine = self.stage_named("Review")
        return [
            (
                "name",
                "Name",
                {"name": "Navigation from Odoo"},
                "Navigation from Bob",
                "Navigation from Bob",
            ),
            (
                "desc",
                "Description",
                {"description": "<p>Odoo text</p>"},
                "Bob text",
                "Bob text",
            ),
            (
                "due",
                "Deadline",
                {"date_deadline": "2027-01-10 09:00:00"},
                datetime(2027, 2, 20, 10, 0, tzinfo=timezone.utc),
                "2027-02-20 10:00:00",
            ),
            ("idList", "Stage", {"stage_id": mine.id}, other["id"], "Done"),
        ]

    def import_board(self):
        self.env["trello.project.project"].import_board(
            self.backend, self.board["id"], full=False
        )
        self.env.invalidate_all()

    def trello_write_after_read(self, key, value):
        """bob writes ``value`` right after the export's read of the card."""

        def write(store):
            store.update_card(self.bob, store.cards[self.card["id"]], {key: value})

        return self.after_first_read(write)

    def race_notes(self, label):
        return self.notes(self.task).filtered(
            lambda m: f"conflict on {label}:" in m.body
        )

    def test_the_overwritten_value_is_named(self):
        for key, label, odoo_values, bobs, shown in self.cases():
            with self.subTest(field=key):
                self.import_board()
                notes = self.race_notes(label)
                self.task.write(odoo_values)
                self.env.flush_all()
                with self.trello_write_after_read(key, bobs) as done:
                    self.task.trello_export()
                self.assertTrue(done, "the export read the card")
                self.assertNotIn(
                    self.store_card(self.card["id"])[key],
                    (bobs, "2027-02-20T10:00:00.000Z"),
                    "bob's value is overwritten",
                )
                self.emulator.reset_counters()
                self.import_board()
                new = self.race_notes(label) - notes
                self.assertEqual(len(new), 1, "one note names bob's value")
                self.assertIn(shown, new.body)
                self.assertIn("while", new.body)
                self.assertEqual(
                    self.request_count(), 2, "the actions and the card, as before"
                )
                self.import_board()
                self.assertEqual(
                    len(self.race_notes(label) - notes), 1, "and only once"
                )

    def test_no_race_no_note(self):
        """An export that overwrote nothing leaves no race note on import:
        with no write in Trello, or with bob's write made before the export
        read the card (the export's own merge saw it then)."""
        for key, __, odoo_values, bobs, ___ in self.cases():
            for bob_writes in (False, True):
                with self.subTest(field=key, bob_writes_before_the_read=bob_writes):
                    self.import_board()
                    notes = len(self.notes(self.task))
                    self.task.write(odoo_values)
                    self.env.flush_all()
                    if bob_writes:
                        store = self.emulator.store
                        with store.lock:
                            card = store.cards[self.card["id"]]
                            store.update_card(self.bob, card, {key: bobs})
                    self.task.trello_export()
                    self.import_board()
                    new = self.notes(self.task)[: len(self.notes(self.task)) - notes]
                    self.assertFalse(new.filtered(lambda m: "while" in m.body))
                    if not bob_writes:
                        self.assertFalse(new, "no note at all")
