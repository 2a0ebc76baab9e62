# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tools import escape_psql

from odoo.addons.component.core import Component


class TrelloProjectTagsImporter(Component):
    """Label -> tag, reusing the existing tag of the same name.

    Odoo's tag names are unique, so a label is bound to the tag that already
    has its name rather than creating a second one; a label renamed to the
    name of another tag moves to that tag instead of renaming its own.
    """

    _name = "trello.project.tags.importer"
    _inherit = "trello.importer"
    _apply_on = ["trello.project.tags"]
    _synced_keys = ("name", "color")
    #: The tag may be shared (an existing tag of the same name): its name and
    #: colour are written only when the label's own name or colour changed.
    _written_with = {"name": "trello_name", "color": "trello_color"}

    def _must_skip(self, binding):
        if "project_binding" not in self.import_options:
            self.import_options["project_binding"] = self.binder_for(
                "trello.project.project"
            ).to_internal(self.trello_record.get("idBoard"))
        return None

    def _existing_tag(self, name):
        """The tag of this exact name, case aside (``_`` and ``%`` included)."""
        return self.env["project.tags"].search(
            [("name", "=ilike", escape_psql(name))], limit=1
        )

    def _create(self, values):
        tag = self._existing_tag(values["name"])
        if tag:
            values = dict(values, odoo_id=tag.id)
            values.pop("name")
            values.pop("color", None)
        return super()._create(values)

    def _update(self, binding, values):
        if "name" in values:
            tag = self._existing_tag(values["name"])
            if tag and tag != binding.odoo_id:
                values = dict(values, odoo_id=tag.id)
                values.pop("name")
                values.pop("color", None)
        return super()._update(binding, values)
