# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Extension by component inheritance, as readme/USAGE.md shows it."""

import copy

from odoo.addons.component.core import Component, MetaComponent
from odoo.addons.connector.components.mapper import mapping

from .common import TrelloCase

BOARD = "Website relaunch"


class TestMapperExtension(TrelloCase):
    """An addon maps one more Trello field by inheriting the card mapper.

    The addon here is played by the test: it adds a field (a custom field,
    as Odoo's "Custom Fields" or Studio would) and registers a component
    that ``_inherit``\\ s ``trello.project.task.import.mapper``, exactly what
    an addon's ``components/`` module does.
    """

    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="demo")
        self.board = self.store_board(BOARD)
        self.fetch_and_tick(BOARD)
        self.env["ir.model.fields"].create(
            {
                "name": "x_trello_short_link",
                "field_description": "Trello Short Link",
                "model_id": self.env["ir.model"]._get_id("trello.project.task"),
                "ttype": "char",
            }
        )
        self._register_extension()

    def _register_extension(self):
        """Build the inheriting component into this test's registry only.

        Defining a component registers it for its addon (``connector_trello``
        here): the metaclass' table is restored afterwards, so that other
        test classes build their registry without it.
        """
        modules_components = copy.deepcopy(MetaComponent._modules_components)

        def restore():
            MetaComponent._modules_components = modules_components

        self.addCleanup(restore)

        class ShortLinkTaskImportMapper(Component):
            _inherit = "trello.project.task.import.mapper"

            @mapping
            def short_link(self, record):
                return {"x_trello_short_link": record.get("shortLink")}

        ShortLinkTaskImportMapper._build_component(self._components_registry)
        self._components_registry._cache.clear()

    def test_an_inheriting_mapper_imports_one_more_field(self):
        self.backend.action_synchronize()
        cards = [c for c in self.store_cards(self.board["id"]) if not c["closed"]]
        self.assertTrue(cards)
        tasks = self.env["trello.project.task"].search(
            [("external_id", "in", [c["id"] for c in cards])]
        )
        self.assertEqual(len(tasks), len(cards))
        short_links = {t.external_id: t.x_trello_short_link for t in tasks}
        self.assertEqual(short_links, {c["id"]: c["shortLink"] for c in cards})
        # The connector's own mappings still apply.
        by_id = {t.external_id: t for t in tasks}
        for card in cards:
            self.assertEqual(by_id[card["id"]].name, card["name"])
