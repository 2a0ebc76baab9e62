# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A board full of unusual but real Trello data, imported as it is.

Emoji and right-to-left text, names and descriptions at Trello's 16,384
character limit, a 200-item checklist, checklists whose order is not their
creation order, dates from 1970 to 2099 (and none), positions from 1e-7 to
2^53, file names outside Latin-1 or with a ``#``, and hostile HTML and
Markdown. The board is built in the emulator's store (through its mutation
helpers, so each object has its create action); the assertions are on what
Odoo shows.
"""

from datetime import datetime, timezone

from .common import TrelloCase

BOARD = "Ünusual 🚀 data — بيانات غير عادية"
#: Trello's limit for names and descriptions.
MAX_TEXT = 16384
CHECK_ITEMS = 200
EMOJI_NAME = "🚀 Launch 🎉 café ñandú 漢字"
ARABIC_NAME = "مرحبا بالعالم: إطلاق الموقع"
HEBREW_NAME = "שלום עולם — השקה"


def _fill(unit, length=MAX_TEXT):
    """``unit`` repeated, padded to exactly ``length`` characters."""
    count = length // len(unit)
    return unit * count + "x" * (length - len(unit) * count)


NAME_UNIT = "Long name é🙂 "
LONG_NAME = _fill(NAME_UNIT)
DESC_UNIT = "**Bold** _and_ plain text, ünïcödé 🙂. "
LONG_DESC = _fill(DESC_UNIT)
HOSTILE_DESC = (
    "Hello <script>alert('desc')</script> world\n\n"
    '<img src="x" onerror="alert(1)">\n\n'
    "[click me](javascript:alert(2)) and "
    '<a href="javascript:alert(3)">this</a>\n\n'
    '<iframe src="https://example.com/evil"></iframe>'
    "<style>body { display: none }</style>\n\n"
    "**still bold**"
)
HOSTILE_COMMENT = (
    "<script>document.cookie</script>Nice "
    "<img src=x onerror=\"fetch('https://evil.example')\"> "
    "[link](javascript:void(0)) **done**"
)

#: Cards of the "Positions" list, created in this order: the id order is not
#: the pos order. A double keeps 1e-7 and 3e-7 apart and 2^47, 2^53 exact.
CARD_POSITIONS = (
    ("Pos 2^53", 2.0**53),
    ("Pos 3e-7", 3e-7),
    ("Pos 16384", 16384.0),
    ("Pos 2^47", 2.0**47),
    ("Pos 1e-7", 1e-7),
)
#: Lists created after the others, at tiny positions: they come first.
LIST_POSITIONS = (("List 3e-7", 3e-7), ("List 1e-7", 1e-7))
NON_LATIN1_FILE = "合同 📄 ĳ.txt"
HASH_FILE = "report #3.txt"
#: Checklists (name, pos) and their items (name, pos, due), each created in
#: this order: neither order is the creation order, and a due date (which
#: Odoo sorts sub-tasks by after their sequence) must not reorder them.
CHECKLISTS = (
    ("Later", 2000.0, (("Later 1", 100.0, None), ("Later 2", 200.0, None))),
    (
        "Sooner",
        1000.0,
        (
            ("Sooner 3", 300.0, None),
            ("Sooner 1", 100.0, "2030-01-01"),
            ("Sooner 2", 200.0, None),
        ),
    ),
)
CHECKLIST_ORDER = ["Sooner 1", "Sooner 2", "Sooner 3", "Later 1", "Later 2"]


def _d(text):
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


class TestUnusualData(TrelloCase):
    emulator_seed = "empty"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.build_board(cls.emulator.store, cls.emulator.member_id)
        cls.backend.action_check_connection()
        cls.backend.action_fetch_boards()
        board = cls.backend.board_ids.filtered(lambda b: b.name == BOARD)
        board.synchronize = True
        cls.backend.action_synchronize()
        cls.trello_board = cls.store_board(BOARD)
        cls.project_binding = cls.env["trello.project.project"].search(
            [("external_id", "=", cls.trello_board["id"])]
        )

    @classmethod
    def build_board(cls, store, alice):
        board = store.create_board(
            alice,
            BOARD,
            "Board of **unusual** data ✨",
            default_lists=False,
            default_labels=False,
        )
        bid = board["id"]
        lists = {
            name: store.create_list(alice, bid, name)["id"]
            for name in ("📥 Inbox", "قيد التنفيذ", "Dates", "Text", "Positions")
        }
        for name, pos in LIST_POSITIONS:
            store.create_list(alice, bid, name, pos=pos)
        for name, pos in CARD_POSITIONS:
            store.create_card(alice, lists["Positions"], name, pos=pos)
        files = store.create_card(alice, lists["📥 Inbox"], "With files")
        for file_name, content in (
            (NON_LATIN1_FILE, b"contract"),
            (HASH_FILE, b"report"),
        ):
            store.add_attachment(
                alice,
                files,
                content=content,
                mime_type="text/plain",
                file_name=file_name,
            )
        checklists = store.create_card(alice, lists["📥 Inbox"], "Checklists")
        for checklist_name, checklist_pos, items in CHECKLISTS:
            checklist = store.create_checklist(
                alice, checklists, checklist_name, pos=checklist_pos
            )
            for name, pos, due in items:
                store.create_check_item(
                    alice, checklist, name, pos=pos, due=due and _d(due)
                )
        labels = [
            store.create_label(alice, bid, "🔥 Hot", "red")["id"],
            store.create_label(alice, bid, "عاجل", "green_dark")["id"],
        ]
        store.create_card(
            alice, lists["📥 Inbox"], EMOJI_NAME, "😀 " * 10, id_labels=labels
        )
        store.create_card(alice, lists["قيد التنفيذ"], ARABIC_NAME, ARABIC_NAME)
        store.create_card(alice, lists["قيد التنفيذ"], HEBREW_NAME, HEBREW_NAME)
        store.create_card(
            alice,
            lists["Dates"],
            "Epoch",
            due=_d("1970-01-01T00:00:00"),
            start=_d("1970-01-01T00:00:00"),
        )
        store.create_card(
            alice,
            lists["Dates"],
            "Far future",
            due=_d("2099-12-31T23:59:59"),
            start=_d("2099-01-01T00:00:00"),
            due_complete=True,
        )
        store.create_card(alice, lists["Dates"], "No date")
        long_card = store.create_card(alice, lists["Text"], LONG_NAME, LONG_DESC)
        hostile = store.create_card(alice, lists["Text"], "Hostile", HOSTILE_DESC)
        store.add_comment(alice, hostile, HOSTILE_COMMENT)
        checklist = store.create_checklist(alice, long_card, "200 items ✅")
        for i in range(CHECK_ITEMS):
            store.create_check_item(
                alice, checklist, f"Item {i + 1:03d} ✔ عنصر", checked=i % 3 == 0
            )

    # -- helpers -----------------------------------------------------------

    def _task(self, name):
        task = (
            self.env["trello.project.task"]
            .with_context(active_test=False)
            .search([("project_binding_id", "=", self.project_binding.id)])
            .filtered(lambda t: t.name == name)
        )
        self.assertEqual(len(task), 1, name[:80])
        return task

    def assertSubtasksInOrder(self, task, names):
        """As a fresh request reads them (not the cache the import filled in
        creation order): by project.task's ``_order``, in a form's sub-task
        list and in a search alike."""
        self.env.invalidate_all()
        self.assertEqual(task.odoo_id.child_ids.mapped("name"), names)
        self.assertEqual(
            self.env["project.task"]
            .search([("parent_id", "=", task.odoo_id.id)])
            .mapped("name"),
            names,
        )

    def assertSafeHtml(self, html):
        text = str(html).lower()
        for needle in ("<script", "onerror", "javascript:", "<iframe", "<style"):
            self.assertNotIn(needle, text)

    # -- the tests -----------------------------------------------------------

    def test_names_intact(self):
        self.assertEqual(self.project_binding.name, BOARD)
        stages = (
            self.env["trello.project.task.type"]
            .search([("project_binding_id", "=", self.project_binding.id)])
            .sorted("sequence")
        )
        self.assertEqual(
            stages.mapped("name"),
            [
                "List 1e-7",
                "List 3e-7",
                "📥 Inbox",
                "قيد التنفيذ",
                "Dates",
                "Text",
                "Positions",
            ],
        )
        for name in (EMOJI_NAME, ARABIC_NAME, HEBREW_NAME, LONG_NAME):
            self.assertEqual(self._task(name).name, name)
        self.assertEqual(len(self._task(LONG_NAME).name), MAX_TEXT)
        emoji = self._task(EMOJI_NAME)
        self.assertEqual(sorted(emoji.tag_ids.mapped("name")), ["عاجل", "🔥 Hot"])
        self.assertEqual(
            sorted(emoji.tag_ids.mapped("color")), [1, 10], "red, green_dark"
        )
        self.assertEqual(self._task(ARABIC_NAME).trello_desc, ARABIC_NAME)
        self.assertIn(ARABIC_NAME, str(self._task(ARABIC_NAME).description))

    def test_long_description_intact(self):
        task = self._task(LONG_NAME)
        self.assertEqual(task.trello_desc, LONG_DESC)
        self.assertEqual(len(task.trello_desc), MAX_TEXT)
        description = str(task.description)
        self.assertEqual(
            description.count("<strong>Bold</strong> <em>and</em>"),
            MAX_TEXT // len(DESC_UNIT),
        )
        self.assertNotIn("**", description)
        self.assertIn("ünïcödé 🙂", description)

    def test_hostile_html_sanitized(self):
        task = self._task("Hostile")
        self.assertEqual(task.trello_desc, HOSTILE_DESC, "the Markdown is kept as is")
        self.assertSafeHtml(task.description)
        self.assertIn("Hello", str(task.description))
        self.assertIn("<strong>still bold</strong>", str(task.description))
        note = self.env["trello.mail.message"].search(
            [("card_binding_id", "=", task.id)]
        )
        self.assertEqual(note.trello_text, HOSTILE_COMMENT)
        self.assertSafeHtml(note.body)
        self.assertIn("<strong>done</strong>", str(note.body))
        self.assertIn("Nice", str(note.body))

    def test_extreme_dates(self):
        epoch = self._task("Epoch")
        self.assertEqual(epoch.date_deadline, datetime(1970, 1, 1))
        self.assertEqual(epoch.planned_date_begin, datetime(1970, 1, 1))
        future = self._task("Far future")
        self.assertEqual(future.date_deadline, datetime(2099, 12, 31, 23, 59, 59))
        self.assertEqual(future.planned_date_begin, datetime(2099, 1, 1))
        self.assertTrue(future.trello_due_complete)
        none = self._task("No date")
        self.assertFalse(none.date_deadline)
        self.assertFalse(none.planned_date_begin)
        self.assertEqual(none.state, "01_in_progress")

    def test_two_hundred_check_items(self):
        task = self._task(LONG_NAME)
        subtasks = self.env["trello.checkitem"].search(
            [("card_binding_id", "=", task.id)]
        )
        self.assertEqual(len(subtasks), CHECK_ITEMS)
        self.assertEqual(len(task.odoo_id.child_ids), CHECK_ITEMS)
        self.assertEqual(
            subtasks.sorted("trello_pos").mapped("name"),
            [f"Item {i + 1:03d} ✔ عنصر" for i in range(CHECK_ITEMS)],
        )
        self.assertSubtasksInOrder(
            task, [f"Item {i + 1:03d} ✔ عنصر" for i in range(CHECK_ITEMS)]
        )
        done = subtasks.filtered(lambda s: s.state == "1_done")
        self.assertEqual(len(done), len(range(0, CHECK_ITEMS, 3)))
        self.assertEqual(set(subtasks.mapped("checklist_name")), {"200 items ✅"})

    def test_positions_order_the_tasks_and_are_stored_exactly(self):
        tasks = self.env["trello.project.task"].search(
            [
                ("project_binding_id", "=", self.project_binding.id),
                ("stage_id.name", "=", "Positions"),
            ]
        )
        self.assertEqual(
            tasks.sorted("sequence").mapped("name"),
            ["Pos 1e-7", "Pos 3e-7", "Pos 16384", "Pos 2^47", "Pos 2^53"],
        )
        stored = {task.name: task.trello_pos for task in tasks}
        self.assertEqual(stored, dict(CARD_POSITIONS))

    def test_tiny_list_positions_stored_exactly(self):
        stages = self.env["trello.project.task.type"].search(
            [
                ("project_binding_id", "=", self.project_binding.id),
                ("name", "in", [name for name, _pos in LIST_POSITIONS]),
            ]
        )
        self.assertEqual(
            {stage.name: stage.trello_pos for stage in stages}, dict(LIST_POSITIONS)
        )

    def test_attachment_names_outside_latin1_and_with_hash(self):
        attachments = self.env["trello.ir.attachment"].search(
            [("card_binding_id", "=", self._task("With files").id)]
        )
        self.assertEqual(
            {a.name: (a.type, a.raw) for a in attachments},
            {
                NON_LATIN1_FILE: ("binary", b"contract"),
                HASH_FILE: ("binary", b"report"),
            },
        )

    def test_subtasks_in_checklist_order(self):
        """Checklist pos first, then item pos: not creation, not due date."""
        task = self._task("Checklists")
        self.assertSubtasksInOrder(task, CHECKLIST_ORDER)
        items = self.env["trello.checkitem"].search(
            [("card_binding_id", "=", task.id)], order="sequence"
        )
        self.assertEqual(items.mapped("checklist_name"), ["Sooner"] * 3 + ["Later"] * 2)
        numbers = items.mapped("sequence")
        self.assertEqual(numbers, sorted(set(numbers)), "distinct, in order")

    def test_subtasks_follow_a_reorder_in_trello(self):
        """An item moved to the top, its checklist moved below the other:
        the next (incremental) synchronization ranks the sub-tasks again."""
        store, alice = self.emulator.store, self.emulator.member_id
        card = next(
            c
            for c in self.store_cards(self.trello_board["id"])
            if c["name"] == "Checklists"
        )
        sooner = next(
            store.checklists[checklist_id]
            for checklist_id in card["idChecklists"]
            if store.checklists[checklist_id]["name"] == "Sooner"
        )
        item = next(i for i in sooner["checkItems"] if i["name"] == "Sooner 3")
        # The emulator's store outlives the test's transaction: put it back.
        self.addCleanup(store.update_checklist, alice, sooner, {"pos": 1000.0})
        self.addCleanup(store.update_check_item, alice, sooner, item, {"pos": 300.0})
        store.update_check_item(alice, sooner, item, {"pos": 50.0})
        store.update_checklist(alice, sooner, {"pos": 3000.0})
        self.backend.action_synchronize()
        self.assertSubtasksInOrder(
            self._task("Checklists"),
            ["Later 1", "Later 2", "Sooner 3", "Sooner 1", "Sooner 2"],
        )
