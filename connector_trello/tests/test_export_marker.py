# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo import fields

from odoo.addons.connector_trello.client import TrelloClient

from .common_export import TrelloExportCase

CARD = "Rework the navigation"


class TestExportMarker(TrelloExportCase):
    """A check item added in Trello around an export of its card is imported.

    The card binding's import marker (``dateLastActivity``) lets an import
    skip a card as up to date, its check items and attachments with it. An
    export must never store a marker newer than what an import of the whole
    card (children included) saw: else the next imports, even a full one,
    skip the card and the check item never becomes a sub-task (found by
    ``tools/concurrency_suite.py``, seed 11, op 86).
    """

    def setUp(self):
        super().setUp()
        self.card = self.card_named(CARD)
        self.task = self.card_binding(self.card["id"]).odoo_id
        self.day = 0

    def _add_item(self, name):
        checklist = self.as_person("GET", f"cards/{self.card['id']}/checklists")[0]
        self.as_person("POST", f"checklists/{checklist['id']}/checkItems", name=name)

    def _before_export(self, name):
        """Trello renames the card and adds the item before the export: the
        export imports its PUT's answer (a card without its checklists)."""
        self.as_person("PUT", f"cards/{self.card['id']}", name=f"Trello {name}")
        self._add_item(name)
        self.day += 1
        self.task.date_deadline = fields.Datetime.to_datetime(
            f"2025-05-{self.day:02d} 09:00:00"
        )

    def _between_read_and_put(self, name):
        """The item is added after the export's conflict read, before its PUT:
        the read shows the marker the binding holds."""
        self.task.name = f"Odoo {name}"
        card_path = f"cards/{self.card['id']}"
        original = TrelloClient.get
        added = []

        def get(client, path, **params):
            answer = original(client, path, **params)
            if path == card_path and params.get("fields") and not added:
                added.append(True)
                self._add_item(name)
            return answer

        return patch.object(TrelloClient, "get", get)

    def test_check_item_around_an_export_is_imported(self):
        cases = {
            "before the export, Trello renamed too": self._before_export,
            "between the export's read and its PUT": self._between_read_and_put,
        }
        for label, make in cases.items():
            for full in (False, True):
                with self.subTest(case=label, full=full):
                    name = f"Item {label} {full}"
                    reading = make(name)
                    self.env.flush_all()
                    if reading is None:
                        self.task.trello_export()
                    else:
                        with reading:
                            self.task.trello_export()
                    self.env["trello.project.project"].import_board(
                        self.backend, self.board["id"], full=full
                    )
                    self.assertIn(name, self.task.child_ids.mapped("name"))
        self.sync_writes_nothing(self.task)
