# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tools import mute_logger

from ..tools import odoo_color, parse_trello_datetime
from .common import TrelloCase

BOARD = "Website relaunch"


class TestImportBoard(TrelloCase):
    """Full import of the demo board, compared field by field with Trello."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend.import_archived_cards = True
        cls.board = cls.store_board(BOARD)
        # alice, the token's member, is the user of her verified e-mail;
        # bob (by login) and carol (by name) are only suggested.
        cls.user_alice = cls.env["res.users"].create(
            {
                "name": "Alice M.",
                "login": "alice@example.com",
                "email": "alice@example.com",
            }
        )
        cls.user_bob = cls.env["res.users"].create(
            {"name": "Robert L.", "login": "bob", "email": "robert@example.com"}
        )
        cls.user_carol = cls.env["res.users"].create(
            {"name": "Carol Diaz", "login": "carol.d", "email": "cd@example.com"}
        )
        cls.colors_before = {
            tag.id: tag.color for tag in cls.env["project.tags"].search([])
        }

    def _import(self):
        with self.cassette("import_board_demo"):
            self.fetch_and_tick(BOARD)
            self.backend.action_synchronize()
        return self.env["trello.project.project"].search(
            [
                ("backend_id", "=", self.backend.id),
                ("external_id", "=", self.board["id"]),
            ]
        )

    def test_full_import_matches_trello(self):
        binding = self._import()
        store = self.emulator.store
        project = binding.odoo_id
        self.assertEqual(project.name, BOARD)
        self.assertEqual(binding.trello_url, self.board["url"])
        newest = max(
            (a for a in store.actions.values() if a["_idBoard"] == self.board["id"]),
            key=lambda action: action["id"],
        )
        self.assertEqual(binding.last_action_id, newest["id"])

        lists = sorted(
            (lst for lst in store.lists.values() if lst["idBoard"] == self.board["id"]),
            key=lambda lst: (lst["pos"], lst["id"]),
        )
        stages = (
            self.env["trello.project.task.type"]
            .with_context(active_test=False)
            .search([("project_binding_id", "=", binding.id)], order="sequence")
        )
        self.assertEqual(stages.mapped("name"), [lst["name"] for lst in lists])
        self.assertEqual(stages.mapped("active"), [not lst["closed"] for lst in lists])
        for stage in stages:
            self.assertEqual(stage.project_ids, project)

        cards = self.store_cards(self.board["id"])
        tasks = (
            self.env["trello.project.task"]
            .with_context(active_test=False)
            .search([("project_binding_id", "=", binding.id)])
        )
        self.assertEqual(len(tasks), len(cards))
        for trello_list in lists:
            in_list = sorted(
                (c for c in cards if c["idList"] == trello_list["id"]),
                key=lambda card: (card["pos"], card["id"]),
            )
            column = tasks.filtered(
                lambda t, lst=trello_list: t.stage_id.trello_bind_ids.external_id
                == lst["id"]
            ).sorted("sequence")
            self.assertEqual(
                column.mapped("external_id"), [c["id"] for c in in_list], "pos order"
            )
        by_id = {task.external_id: task for task in tasks}
        for card in cards:
            task = by_id[card["id"]]
            self.assertEqual(task.name, card["name"])
            self.assertEqual(task.project_id, project)
            self.assertEqual(task.stage_id.trello_bind_ids.external_id, card["idList"])
            self.assertEqual(task.active, not card["closed"])
            self.assertEqual(task.trello_desc or "", card["desc"])
            self.assertEqual(
                task.date_deadline, parse_trello_datetime(card["due"]) or False
            )
            # by default a due-complete card stays an open task, with a badge
            self.assertEqual(task.trello_due_complete, bool(card["dueComplete"]))
            self.assertNotEqual(task.state, "1_done")
            labels = [store.labels[label_id] for label_id in card["idLabels"]]
            self.assertEqual(
                sorted(task.tag_ids.mapped("name")),
                sorted(label["name"] or label["color"] for label in labels),
            )
            for label in labels:
                tag = task.tag_ids.filtered(
                    lambda t, label=label: t.name == (label["name"] or label["color"])
                )
                # An existing tag of that name is reused as it is; a new one
                # takes the label's colour.
                self.assertEqual(
                    tag.color,
                    self.colors_before.get(tag.id, odoo_color(label["color"])),
                )
            items = [
                item
                for checklist in store.checklists.values()
                if checklist["idCard"] == card["id"]
                for item in checklist["checkItems"]
            ]
            subtasks = self.env["trello.checkitem"].search(
                [("card_binding_id", "=", task.id)]
            )
            self.assertEqual(
                sorted(subtasks.mapped("name")), sorted(i["name"] for i in items)
            )
            states = {item["id"]: item["state"] for item in items}
            for subtask in subtasks:
                self.assertEqual(subtask.parent_id, task.odoo_id)
                self.assertEqual(
                    subtask.state == "1_done", states[subtask.external_id] == "complete"
                )

    def test_only_assigned_tasks_have_an_assignment_date(self):
        binding = self._import()
        tasks = (
            self.env["trello.project.task"]
            .with_context(active_test=False)
            .search([("project_binding_id", "=", binding.id)])
        )
        assigned = tasks.filtered("user_ids")
        self.assertTrue(assigned)
        self.assertTrue(tasks - assigned)
        for task in tasks:
            # Odoo sets date_assign when a task is created with assignees; a
            # card without a mapped member is not assigned to anyone.
            self.assertEqual(bool(task.date_assign), bool(task.user_ids), task.name)

    def test_only_assigned_subtasks_have_an_assignment_date(self):
        self._import()
        subtasks = (
            self.env["trello.checkitem"].with_context(active_test=False).search([])
        )
        assigned = subtasks.filtered("user_ids")
        self.assertTrue(subtasks - assigned)
        for subtask in subtasks:
            self.assertEqual(
                bool(subtask.date_assign), bool(subtask.user_ids), subtask.name
            )

    def test_markdown_description_becomes_html(self):
        binding = self._import()
        task = self.env["trello.project.task"].search(
            [("project_binding_id", "=", binding.id), ("name", "=", "New hero banner")]
        )
        self.assertIn("the **hero banner**", task.trello_desc)
        self.assertEqual(
            str(task.description),
            "<h2>Goal</h2>\n<p>Replace the <strong>hero banner</strong> with the new "
            "visual.</p>\n<ul>\n<li>3 variants for A/B testing</li>\n"
            "<li>optimised for <em>mobile</em></li>\n</ul>\n"
            '<p>See <a href="https://example.com/brand-guide">the brand guide</a>.</p>',
        )

    def test_archived_list_keeps_its_tasks_active(self):
        binding = self._import()
        archived = (
            self.env["trello.project.task.type"]
            .with_context(active_test=False)
            .search([("project_binding_id", "=", binding.id), ("active", "=", False)])
        )
        self.assertEqual(archived.mapped("name"), ["Old ideas"])
        tasks = self.env["project.task"].search(
            [("stage_id", "in", archived.odoo_id.ids)]
        )
        self.assertEqual(tasks.mapped("name"), ["Guestbook page"])
        self.assertEqual(tasks.mapped("active"), [True])

    def test_members_map_to_users_without_creating_any(self):
        users_before = (
            self.env["res.users"].with_context(active_test=False).search_count([])
        )
        self._import()
        members = self.backend.member_ids
        by_username = {member.username: member for member in members}
        self.assertEqual(by_username["alice"].user_id, self.user_alice)
        self.assertEqual(by_username["alice"].match_method, "verified")
        for username, user, reason in (
            ("bob", self.user_bob, "login"),
            ("carol", self.user_carol, "name"),
        ):
            member = by_username[username]
            self.assertFalse(member.user_id, username)
            self.assertEqual(member.suggested_user_id, user, username)
            self.assertEqual(member.suggestion_reason, reason, username)
        self.assertEqual(
            self.env["res.users"].with_context(active_test=False).search_count([]),
            users_before,
        )

    def test_comments_become_notes_once(self):
        binding = self._import()
        messages = self.env["trello.mail.message"].search(
            [("card_binding_id.project_binding_id", "=", binding.id)]
        )
        comments = [
            action
            for action in self.emulator.store.actions.values()
            if action["type"] == "commentCard"
            and action["data"]["board"]["id"] == self.board["id"]
        ]
        self.assertEqual(len(messages), len(comments))
        by_id = {action["id"]: action for action in comments}
        for message in messages:
            action = by_id[message.external_id]
            self.assertEqual(message.model, "project.task")
            self.assertEqual(message.res_id, message.card_binding_id.odoo_id.id)
            self.assertEqual(message.subtype_id, self.env.ref("mail.mt_note"))
            self.assertEqual(message.date, parse_trello_datetime(action["date"]))
            self.assertEqual(message.trello_text, action["data"]["text"])
            self.assertEqual(
                message.trello_member_id.external_id, action["idMemberCreator"]
            )
        # alice maps to her user (verified e-mail); bob and carol are only
        # suggested: their notes carry their Trello names.
        authors = {
            message.trello_member_id.username: (message.author_id, message.email_from)
            for message in messages
        }
        self.assertEqual(
            authors,
            {
                "alice": (self.user_alice.partner_id, self.user_alice.email_formatted),
                "bob": (self.env["res.partner"], "Bob Lee (Trello)"),
                "carol": (self.env["res.partner"], "Carol Diaz (Trello)"),
            },
        )

    @mute_logger("odoo.addons.connector_trello.components.trello_importer")
    def test_second_import_writes_nothing(self):
        binding = self._import()
        self.env.flush_all()
        tables = ["project_task", "project_project", "project_task_type"]
        tables += [
            "trello_project_task",
            "trello_project_task_type",
            "trello_project_tags",
            "trello_checkitem",
            "trello_member",
        ]
        for table in tables:
            # pylint: disable=sql-injection
            self.env.cr.execute(f"UPDATE {table} SET write_date = '2000-01-01'")
        messages_before = self.env["mail.message"].search_count([])
        self.env.invalidate_all()
        with self.cassette("import_board_demo_again"):
            self.env["trello.project.project"].import_board(
                self.backend, binding.external_id, full=True
            )
        self.env.flush_all()
        for table in tables:
            self.env.cr.execute(  # pylint: disable=sql-injection
                f"SELECT count(*) FROM {table} WHERE write_date != '2000-01-01'"
            )
            self.assertEqual(self.env.cr.fetchone()[0], 0, f"{table} was written")
        self.assertEqual(self.env["mail.message"].search_count([]), messages_before)
