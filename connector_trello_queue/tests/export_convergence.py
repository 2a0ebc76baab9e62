# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What "Trello holds Odoo, once" means, as assertions (see the test of
``test_export_fault_injection``): for each synchronized project, Trello's
objects and Odoo's bindings are the same sets, with the same values."""

from collections import defaultdict
from unittest.mock import patch

from odoo.tools import html2plaintext

#: The Odoo models a full import must not write (their bindings may change).
WATCHED_MODELS = (
    "project.task",
    "project.task.type",
    "project.tags",
    "mail.message",
    "ir.attachment",
)
#: The task fields compared before and after the full import.
TASK_FIELDS = (
    "name",
    "stage_id",
    "tag_ids",
    "parent_id",
    "state",
    "active",
    "description",
    "date_deadline",
    "user_ids",
)


class ConvergenceChecks:
    """Assertions comparing the emulator's store with Odoo's projects."""

    # -- Odoo's side -------------------------------------------------------

    def _board(self, project):
        return project.trello_bind_ids.filtered(lambda b: b.backend_id == self.backend)

    def _tasks(self, project):
        """The project's synchronized top-level tasks (a card each)."""
        return list(
            self.env["project.task"]
            .search([("project_id", "=", project.id), ("parent_id", "=", False)])
            .filtered("trello_bind_ids")
        )

    def _sub_tasks(self, project):
        return self.env["project.task"].search(
            [("project_id", "=", project.id), ("parent_id", "!=", False)]
        )

    def _notes(self, project):
        return self.env["mail.message"].search(
            [
                ("model", "=", "project.task"),
                ("res_id", "in", [t.id for t in self._tasks(project)]),
                ("message_type", "=", "comment"),
            ]
        )

    def _files(self, project):
        return self.env["ir.attachment"].search(
            [
                ("res_model", "=", "project.task"),
                ("res_id", "in", [t.id for t in self._tasks(project)]),
            ]
        )

    def _bindings(self, model, **where):
        return (
            self.env[model]
            .with_context(active_test=False)
            .search(
                [("backend_id", "=", self.backend.id)]
                + [(field, "=", value.id) for field, value in where.items()]
            )
        )

    # -- the assertions ----------------------------------------------------

    def assertConverged(self, projects, label):
        """One Trello object per Odoo record, with Odoo's values."""
        self.env.flush_all()
        self.env.invalidate_all()
        for project in projects:
            board = self._board(project)
            self.assertEqual(len(board), 1, f"{label}: {project.name} has one board")
            self._assert_lists(project, board, label)
            self._assert_labels(board, label)
            for binding in self._assert_cards(project, board, label):
                self._assert_card_content(binding, label)

    def _assert_lists(self, project, board, label):
        store = self.emulator.store
        lists = {
            lst["id"]: (lst["name"], lst["closed"])
            for lst in store.board_lists(board.external_id)
        }
        bindings = self._bindings(
            "trello.project.task.type", project_binding_id=board
        ).filtered(lambda b: not b.trello_deleted)
        self.assertEqual(
            {b.external_id: (b.odoo_id.name, not b.odoo_id.active) for b in bindings},
            lists,
            f"{label}: one list per stage of {project.name}",
        )
        for stage in project.type_ids:
            self.assertIn(stage, bindings.odoo_id, f"{label}: {stage.name} has a list")

    def _assert_labels(self, board, label):
        """One label per tag on the board, named as the tag (a label without
        a name shows its colour in Odoo)."""
        store = self.emulator.store
        labels = {
            lb["id"]: lb["name"] or lb["color"]
            for lb in store.labels.values()
            if lb["idBoard"] == board.external_id
        }
        bindings = self._bindings(
            "trello.project.tags", project_binding_id=board
        ).filtered(lambda b: not b.trello_deleted)
        self.assertEqual(
            {b.external_id: b.odoo_id.name for b in bindings},
            labels,
            f"{label}: one label per tag on the board, with its name",
        )
        names = list(labels.values())
        self.assertEqual(sorted(names), sorted(set(names)), f"{label}: no label twice")

    def _assert_cards(self, project, board, label):
        store = self.emulator.store
        cards = {
            c["id"]: c for c in store.board_cards(board.external_id) if not c["closed"]
        }
        bindings = self._bindings("trello.project.task", project_binding_id=board)
        bindings = bindings.filtered(
            lambda b: b.odoo_id.active and not b.trello_deleted
        )
        self.assertEqual(
            sorted(cards),
            sorted(bindings.mapped("external_id")),
            f"{label}: one open card per task of {project.name}",
        )
        for binding in bindings:
            task, card = binding.odoo_id, cards[binding.external_id]
            stage = self._bindings(
                "trello.project.task.type", project_binding_id=board
            ).filtered(lambda b, task=task: b.odoo_id == task.stage_id)
            tags = self._bindings(
                "trello.project.tags", project_binding_id=board
            ).filtered(lambda b, task=task: b.odoo_id in task.tag_ids)
            self.assertEqual(
                (card["name"], card["idList"], sorted(card["idLabels"])),
                (task.name, stage.external_id, sorted(tags.mapped("external_id"))),
                f"{label}: card of {task.name}",
            )
        return bindings

    def _assert_card_content(self, binding, label):
        store, card_id = self.emulator.store, binding.external_id
        items = {
            item["id"]: (item["name"], item["state"])
            for checklist in store.checklists.values()
            if checklist["idCard"] == card_id
            for item in checklist["checkItems"]
        }
        item_bindings = self._bindings(
            "trello.checkitem", card_binding_id=binding
        ).filtered(lambda b: b.odoo_id.active and not b.trello_deleted)
        self.assertEqual(
            items,
            {
                b.external_id: (
                    b.odoo_id.name,
                    "complete" if b.odoo_id.state == "1_done" else "incomplete",
                )
                for b in item_bindings
            },
            f"{label}: one check item per sub-task of {binding.name}",
        )
        comments = {
            action["id"]: action["data"]["text"]
            for action in store.actions.values()
            if action["type"] == "commentCard"
            and action["data"].get("card", {}).get("id") == card_id
        }
        message_bindings = self._bindings(
            "trello.mail.message", card_binding_id=binding
        ).filtered(lambda b: not b.trello_deleted)
        kept = self.env["trello.deletion"].search(
            [("backend_id", "=", self.backend.id), ("operation", "=", "keep")]
        )
        self.assertEqual(
            sorted(set(comments) - set(kept.mapped("external_id"))),
            sorted(message_bindings.mapped("external_id")),
            f"{label}: one comment per note of {binding.name}",
        )
        for message in message_bindings:
            text = html2plaintext(message.body or "").strip()
            if text.startswith("Note "):
                self.assertIn(text, comments[message.external_id])
        files = {
            attachment["id"]: attachment["name"]
            for attachment in store.attachments.values()
            if attachment.get("_idCard") == card_id
        }
        file_bindings = self._bindings(
            "trello.ir.attachment", card_binding_id=binding
        ).filtered(lambda b: not b.trello_deleted)
        self.assertEqual(
            files,
            {b.external_id: b.odoo_id.name for b in file_bindings},
            f"{label}: one attachment per file of {binding.name}",
        )

    def assertDeletedFollowed(self):
        """What was deleted in Odoo is archived (a card) or gone in Trello."""
        store = self.emulator.store
        for card_id in self.deleted_cards:
            card = store.cards.get(card_id)
            self.assertTrue(not card or card["closed"], f"card {card_id} archived")
        kept = self.env["trello.deletion"].search(
            [("backend_id", "=", self.backend.id), ("operation", "=", "keep")]
        )
        for action_id in self.deleted_comments:
            if action_id in kept.mapped("external_id"):
                # another member's comment: Trello lets only its author delete it
                self.assertIn(action_id, store.actions, "comment kept")
            else:
                self.assertNotIn(action_id, store.actions, "comment deleted")
        for item_id in self.deleted_items:
            self.assertNotIn(item_id, store.check_items, "check item deleted")
        for attachment_id in self.deleted_files:
            self.assertNotIn(attachment_id, store.attachments, "attachment deleted")
        deletions = self.env["trello.deletion"].search(
            [("backend_id", "=", self.backend.id)]
        )
        self.assertEqual(set(deletions.mapped("state")), {"done"})

    def _snapshot(self, projects):
        self.env.flush_all()
        self.env.invalidate_all()
        tasks = (
            self.env["project.task"]
            .with_context(active_test=False)
            .search([("project_id", "in", projects.ids)])
        )
        return {
            "tasks": {
                t.id: {
                    field: t[field].ids if t._fields[field].relational else t[field]
                    for field in TASK_FIELDS
                }
                for t in tasks
            },
            "order": {t.id: (t.stage_id.id, t.sequence) for t in tasks},
            "stage order": {
                s.id: (tuple(s.project_ids.ids), s.sequence) for s in projects.type_ids
            },
            "stages": {s.id: {"values": (s.name, s.active)} for s in projects.type_ids},
            "tags": {
                t.id: {"values": (t.name, t.color)}
                for t in self.env["project.tags"].search([])
            },
            "messages": {
                m.id: {"values": (m.body, m.author_id.id)}
                for m in self.env["mail.message"].search(
                    [("model", "=", "project.task"), ("res_id", "in", tasks.ids)]
                )
            },
            "files": {
                a.id: {"values": (a.name, a.checksum, a.url)}
                for a in self.env["ir.attachment"].search(
                    [("res_model", "=", "project.task"), ("res_id", "in", tasks.ids)]
                )
            },
        }

    def _count_reordered(self, before, after):
        """The pairs of tasks of a stage (or of stages of a project) that the
        import put in another order.

        Not asserted (yet): the ``sequence`` numbers are not compared either,
        since the import ranks a stage's tasks 1, 2, 3... by Trello's
        ``pos`` where Odoo leaves gaps and ties (a new task is 10, a moved
        one keeps its number, a new stage is 1 like the first one). But the
        order itself changes too, with and without faults: the export places
        a card by its neighbours' known positions, which do not follow
        Odoo's ``sequence`` when several tasks of a stage change at once.
        Counted and logged, an open item.
        """
        by_stage = defaultdict(list)
        for task_id, (stage_id, _sequence) in before.items():
            by_stage[stage_id].append(task_id)
        swapped = [
            (first, second)
            for task_ids in by_stage.values()
            for first in task_ids
            for second in task_ids
            if before[first][1] < before[second][1]
            and not after[first][1] < after[second][1]
        ]
        return len(swapped)

    def assertFullImportChangesNothing(self, boards):
        """A full import of each board writes no Odoo record, makes none."""
        projects = boards.project_id
        before = self._snapshot(projects)
        written = []
        patches = []
        for model in WATCHED_MODELS:
            cls = type(self.env[model])
            original = cls.write

            def write(records, vals, model=model, original=original):
                # the ranks (``sequence``) are counted by _count_reordered
                if set(vals) - {"sequence"}:
                    written.append((model, tuple(records.ids), tuple(sorted(vals))))
                return original(records, vals)

            patches.append(patch.object(cls, "write", write))
        for patcher in patches:
            patcher.start()
        try:
            for board in boards:
                self.env["trello.project.project"].import_board(
                    self.backend, board.external_id, full=True
                )
        finally:
            for patcher in patches:
                patcher.stop()
        after = self._snapshot(projects)
        self.figures["reordered pairs"] = self._count_reordered(
            before.pop("order"), after.pop("order")
        ) + self._count_reordered(before.pop("stage order"), after.pop("stage order"))
        for key, values in before.items():
            changed = {
                record_id: {
                    field: (old, after[key][record_id].get(field))
                    for field, old in value.items()
                    if after[key][record_id].get(field) != old
                }
                for record_id, value in values.items()
                if record_id in after[key] and after[key][record_id] != value
            }
            self.assertEqual(changed, {}, f"the full import changed {key}")
            self.assertEqual(
                sorted(after[key]), sorted(values), f"the full import made {key}"
            )
        self.assertEqual(written, [], "the full import wrote Odoo records")
