# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo.addons.component.core import Component

from .. import usage


class TrelloProjectTaskBulkImporter(Component):
    """A page of cards, then the check items and attachments of the page.

    The per-card decisions stay the card importer's
    (``trello.project.task.importer``): which cards are skipped, what is
    mapped, what changed. The bulk importer resolves the page's lists, labels and
    members in one query each, and imports the children of the whole page
    with the check item and attachment bulk importers.
    """

    _name = "trello.project.task.bulk.importer"
    _inherit = "trello.bulk.importer"
    _apply_on = ["trello.project.task"]

    def _dependencies(self, item):
        """The card's list, labels and members (as the card importer's)."""
        record = item.record
        board = item.options["project_binding"]
        board_options = {"project_binding": board}
        yield ("trello.project.task.type", record.get("idList"), None, board_options)
        for label in record.get("labels") or []:
            yield ("trello.project.tags", label["id"], label, board_options)
        for member_id in record.get("idMembers") or []:
            yield ("trello.member", member_id, None, {})

    def _needs_record_importer(self, importer, binding):
        """A card coming back inside its board's sync rules: a rare case,
        imported by the record importer (as an archived one)."""
        if binding and binding.trello_rules_state:
            return True
        return super()._needs_record_importer(importer, binding)

    def _map_lookups(self, items):
        """The dependencies, and every label id the mapper resolves."""
        lookups = super()._map_lookups(items)
        for item in items:
            lookups["trello.project.tags"].update(item.record.get("idLabels") or ())
        return lookups

    def _after_import(self, items):
        record_importer = self.record_importer
        checklist_order = record_importer._checklist_order
        checkitems, attachments = [], []
        with_checklists, with_attachments = [], []
        # Numbered as the card importer numbers them (its _checkitem_numbers)
        numbers = record_importer._checkitem_numbers(
            {
                item.binding: checklist_order(item.record["checklists"])
                for item in items
                if "checklists" in item.record
            }
        )
        for item in items:
            record, card = item.record, item.binding
            if "checklists" in record:
                with_checklists.append(item)
                pairs = checklist_order(record["checklists"])
                for rank, (checklist, check_item) in zip(
                    numbers[card.id], pairs, strict=True
                ):
                    data = dict(check_item, idChecklist=checklist["id"])
                    options = {
                        "card_binding": card,
                        "checklist_name": checklist.get("name"),
                        "rank": rank,
                    }
                    checkitems.append((data, options))
            if "attachments" in record:
                with_attachments.append(item)
                for attachment in record["attachments"]:
                    attachments.append((attachment, {"card_binding": card}))
        self._import_children("trello.checkitem", checkitems, with_checklists)
        self._import_children("trello.ir.attachment", attachments, with_attachments)

    def _import_children(self, model, children, items):
        """Import the children of the page; archive those Trello lost."""
        if children:
            self.component(usage=usage.BULK_IMPORTER, model_name=model).run_page(
                children
            )
        # A card just created has no child that could be gone.
        cards = {item.binding.id for item in items if not item.created}
        if not cards:
            return
        seen = defaultdict(set)
        for data, options in children:
            seen[options["card_binding"].id].add(data["id"])
        bound = self.env[model].search(
            [("card_binding_id", "in", list(cards)), ("trello_deleted", "=", False)]
        )
        gone = bound.filtered(
            lambda child: child.external_id not in seen[child.card_binding_id.id]
        )
        if gone:
            deleter = self.component(usage=usage.DELETER, model_name=model)
            for child in gone:
                deleter.run(child.external_id)
