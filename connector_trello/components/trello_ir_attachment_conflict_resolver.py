# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloIrAttachmentConflictResolver(Component):
    """Card attachment <-> task attachment: its name.

    Trello's API cannot rename an attachment: an Odoo rename stays in Odoo
    (an import leaves it), a Trello rename reaches Odoo when Odoo did not
    rename it, and when both did, Trello's name is the only one both sides
    can hold: it wins whatever the policy, and Odoo's is noted on the task.
    """

    _name = "trello.ir.attachment.conflict.resolver"
    _inherit = "trello.conflict.resolver"
    _apply_on = ["trello.ir.attachment"]
    _merged_fields = {"name": ("name",)}

    def odoo_values(self, binding):
        return {"name": binding.name}

    def _odoo_wins(self, binding, trello_record):
        return False

    def _rule(self):
        return self.env._("Trello cannot rename an attachment")

    def _field_labels(self):
        return {"name": self.env._("an attachment's name")}

    def _note_record(self, binding):
        return binding.card_binding_id.odoo_id
