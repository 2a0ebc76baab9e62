# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloIrAttachmentBulkImporter(Component):
    """The attachments of a page of cards, each by the record importer.

    The attachment importer downloads a new file in ``_must_skip`` and hands
    it to its mapper in ``_mapper_options``: state kept between two hooks of
    one object, which a page would mix up. A file gone meanwhile is skipped
    with a note on the task, as a single card's import does. Attachments are
    few and their downloads cost more than their queries: nothing to gain.
    """

    _name = "trello.ir.attachment.bulk.importer"
    _inherit = "trello.bulk.importer"
    _apply_on = ["trello.ir.attachment"]
    _by_record_importer = True
