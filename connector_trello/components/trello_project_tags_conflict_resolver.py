# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloProjectTagsConflictResolver(Component):
    """Label <-> tag: name and colour.

    A tag has no chatter: the note goes on the label's board's project,
    naming the tag.
    """

    _name = "trello.project.tags.conflict.resolver"
    _inherit = "trello.conflict.resolver"
    _apply_on = ["trello.project.tags"]
    _merged_fields = {"name": ("name",), "color": ("color",)}

    def _field_label(self, binding, key):
        _ = self.env._
        labels = {"name": _("Name"), "color": _("Colour")}
        return _(
            "%(field)s of the tag %(tag)s",
            field=labels.get(key, key),
            tag=binding.name,
        )

    def _display(self, key, value):
        if key == "color" and not value:
            return self.env._("(no colour)")
        return super()._display(key, value)

    def _note_record(self, binding):
        return binding.project_binding_id.odoo_id
