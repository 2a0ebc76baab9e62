# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tools import escape_psql

from odoo.addons.component.core import Component

from ..tools import odoo_color


class TrelloProjectTagsImporter(Component):
    """Label -> tag, reusing the existing tag of the same name.

    Odoo's tag names are unique, so a label is bound to the tag that already
    has its name rather than creating a second one.

    A label renamed (or recoloured) in Trello changes its tag only when
    nobody else uses that tag: no other label (of any board or backend), no
    task outside this board and no other project. Otherwise the shared tag
    keeps its name and colour for the others, and the label moves to a tag of
    its own: the existing tag of the new name, or a new one. Either way the
    tasks of this board that carry the label move from the old tag to the new
    one (unless another label of the card still maps to the old tag).
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
            values = self._bound_to(values, tag)
        return super()._create(values)

    @staticmethod
    def _bound_to(values, tag):
        """The binding values that move the label to ``tag``, left as it is."""
        values = dict(values, odoo_id=tag.id)
        values.pop("name", None)
        values.pop("color", None)
        return values

    def _update(self, binding, values):
        old_tag = binding.odoo_id
        if "name" in values:
            tag = self._existing_tag(values["name"])
            if tag and tag != old_tag:
                values = self._bound_to(values, tag)
            elif self._is_shared(binding):
                if not tag:  # the new name is free: a tag of the label's own
                    tag = self.env["project.tags"].create(
                        {
                            "name": values["name"],
                            "color": odoo_color(self.trello_record.get("color")),
                        }
                    )
                values = self._bound_to(values, tag)
        elif "color" in values and self._is_shared(binding):
            values = dict(values)
            values.pop("color")  # others chose this tag's colour too
        result = super()._update(binding, values)
        if binding.odoo_id != old_tag:
            self._move_board_tasks(binding, old_tag)
        return result

    def _is_shared(self, binding):
        """Whether anybody but this label uses its tag."""
        tag = binding.odoo_id
        if self.model.with_context(active_test=False).search_count(
            [("odoo_id", "=", tag.id), ("id", "!=", binding.id)], limit=1
        ):
            return True
        project = binding.project_binding_id.odoo_id
        outside = [("tag_ids", "in", tag.ids)]
        if project:
            outside.append(("id", "!=", project.id))
        if (
            self.env["project.project"]
            .with_context(active_test=False)
            .search_count(outside, limit=1)
        ):
            return True
        outside = [("tag_ids", "in", tag.ids)]
        if project:
            outside.append(("project_id", "!=", project.id))
        return bool(
            self.env["project.task"]
            .with_context(active_test=False)
            .search_count(outside, limit=1)
        )

    def _move_board_tasks(self, binding, old_tag):
        """The board's cards that carry the label follow it to its new tag."""
        board = binding.project_binding_id
        if not board:
            return
        # Other labels of the board still bound to the old tag keep it on
        # their cards.
        keeping_old = set(
            self.model.search(
                [
                    ("project_binding_id", "=", board.id),
                    ("odoo_id", "=", old_tag.id),
                    ("id", "!=", binding.id),
                ]
            ).mapped("external_id")
        )
        cards = (
            self.env["trello.project.task"]
            .with_context(active_test=False)
            .search(
                [
                    ("project_binding_id", "=", board.id),
                    ("trello_synced_values", "like", binding.external_id),
                ]
            )
        )
        context = self._connector_context()
        for card in cards:
            label_ids = set(card._get_synced_values().get("idLabels") or [])
            if binding.external_id not in label_ids:
                continue
            commands = [Command.link(binding.odoo_id.id)]
            if not label_ids & keeping_old:
                commands.append(Command.unlink(old_tag.id))
            card.odoo_id.with_context(**context).write({"tag_ids": commands})
