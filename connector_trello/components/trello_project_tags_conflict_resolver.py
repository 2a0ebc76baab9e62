# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloProjectTagsConflictResolver(Component):
    """Label <-> tag: name and colour.

    A tag shared by several labels is left to the importer's own rule.
    A tag has no chatter: the note goes on the label's board's project,
    naming the tag.
    """

    _name = "trello.project.tags.conflict.resolver"
    _inherit = "trello.conflict.resolver"
    _apply_on = ["trello.project.tags"]
    _merged_fields = {"name": ("name",), "color": ("color",)}

    def odoo_changes(self, binding, keys=None):
        """Nothing of a tag that other labels share (or that Odoo had
        before the label): its name and colour are not this label's alone
        (the importer leaves a shared tag as it is, see
        ``trello.project.tags.importer._update``), so a difference with
        this label is no Odoo edit."""
        if self._shared(binding):
            return {}
        return super().odoo_changes(binding, keys=keys)

    def _shared(self, binding):
        """Another label uses the tag, or the label was bound to a tag Odoo
        had before it (reused as it was: its colour is Odoo's own)."""
        tag = binding.odoo_id
        if (
            tag.create_date
            and binding.create_date
            and (tag.create_date < binding.create_date)
        ):
            return True
        return bool(
            self.model.with_context(active_test=False).search_count(
                [("odoo_id", "=", binding.odoo_id.id), ("id", "!=", binding.id)],
                limit=1,
            )
        )

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
