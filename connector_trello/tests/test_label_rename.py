# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A label renamed in Trello renames its tag only where nobody else uses it.

Odoo tags are global (and their names unique): the tag of a label may be
shared with other boards and with projects that have nothing to do with
Trello. Renaming it there would rename it for all of them.
"""

from .hardening_common import SupportBoardCase

ACME = "ACME cannot download invoice"


class TestLabelRename(SupportBoardCase):
    def _rename(self, label_name, new_name):
        label = self.store_label(label_name)
        self.as_person("PUT", f"labels/{label['id']}", name=new_name)
        self.backend.action_synchronize()
        return label

    def test_a_tag_used_by_this_board_alone_is_renamed(self):
        self.backend.action_synchronize()
        urgent = self.env["project.tags"].search([("name", "=", "Urgent")])
        label = self._rename("Urgent", "Critical")
        self.assertEqual(self.label_binding(label).odoo_id, urgent)
        self.assertEqual(urgent.name, "Critical")
        self.assertIn(urgent, self.task_of(self.store_card(ACME)).tag_ids)

    def test_a_shared_tag_keeps_its_name_and_the_label_gets_its_own(self):
        urgent = self.env["project.tags"].create({"name": "Urgent", "color": 6})
        other_project = self.env["project.project"].create({"name": "Not Trello"})
        other_task = self.env["project.task"].create(
            {
                "name": "Outside Trello",
                "project_id": other_project.id,
                "tag_ids": [(6, 0, urgent.ids)],
            }
        )
        self.backend.action_synchronize()
        acme = self.task_of(self.store_card(ACME))
        self.assertIn(urgent, acme.tag_ids, "the existing tag is reused")

        label = self._rename("Urgent", "Critical")
        self.assertEqual(urgent.name, "Urgent")
        self.assertEqual(urgent.color, 6)
        self.assertEqual(other_task.tag_ids, urgent)
        critical = self.label_binding(label).odoo_id
        self.assertNotEqual(critical, urgent)
        self.assertEqual(critical.name, "Critical")
        self.assertEqual(sorted(acme.tag_ids.mapped("name")), ["Billing", "Critical"])

    def test_renamed_to_an_existing_tag_moves_the_board_tasks(self):
        escalated = self.env["project.tags"].create({"name": "Escalated"})
        self.backend.action_synchronize()
        acme = self.task_of(self.store_card(ACME))
        label = self._rename("Urgent", "escalated")
        self.assertEqual(self.label_binding(label).odoo_id, escalated)
        self.assertEqual(escalated.name, "Escalated")
        self.assertEqual(sorted(acme.tag_ids.mapped("name")), ["Billing", "Escalated"])
