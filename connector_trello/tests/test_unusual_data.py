# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A board full of unusual but real Trello data, imported as it is.

Emoji and right-to-left text, names and descriptions at Trello's 16,384
character limit, a 200-item checklist, dates from 1970 to 2099 (and none),
positions from 1e-7 to 2^53, and hostile HTML and Markdown. The board is
built in the emulator's store (through its mutation helpers, so each object
has its create action); the assertions are on what Odoo shows.
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

#: Large positions (tiny ones are in the pending tests: 4-decimal trello_pos).
BIG_POSITIONS = (("Pos 2^53", 2.0**53), ("Pos 16384", 16384.0), ("Pos 2^47", 2.0**47))


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
        # Created in this order: the id order is not the pos order.
        for name, pos in BIG_POSITIONS:
            store.create_card(alice, lists["Positions"], name, pos=pos)
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
            ["📥 Inbox", "قيد التنفيذ", "Dates", "Text", "Positions"],
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
        self.assertEqual(epoch.trello_start, datetime(1970, 1, 1))
        future = self._task("Far future")
        self.assertEqual(future.date_deadline, datetime(2099, 12, 31, 23, 59, 59))
        self.assertEqual(future.trello_start, datetime(2099, 1, 1))
        self.assertTrue(future.trello_due_complete)
        none = self._task("No date")
        self.assertFalse(none.date_deadline)
        self.assertFalse(none.trello_start)
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
        done = subtasks.filtered(lambda s: s.state == "1_done")
        self.assertEqual(len(done), len(range(0, CHECK_ITEMS, 3)))
        self.assertEqual(set(subtasks.mapped("checklist_name")), {"200 items ✅"})

    def test_large_positions_order_the_tasks(self):
        tasks = self.env["trello.project.task"].search(
            [
                ("project_binding_id", "=", self.project_binding.id),
                ("stage_id.name", "=", "Positions"),
            ]
        )
        self.assertEqual(
            tasks.sorted("sequence").mapped("name"),
            ["Pos 16384", "Pos 2^47", "Pos 2^53"],
        )
        # (The exact stored values are in the pending tests: trello_pos keeps
        # 4 decimals, which turns 2^47 into 140737488355328.12.)
