# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What ``tools/concurrency_suite.py`` counts once both sides are quiet.

:func:`snapshot` reads both sides (Odoo over JSON-RPC as admin, the
emulator's whole store through its control API); :class:`Checks` counts, in
it, the duplicates on either side, the lost edits (a field that holds
neither its last write nor a conflict note naming that write) and the
values that differ between the two sides. Each count must be 0.
"""

import collections
import json
import re

#: The conflict note's field label per logged field (``trello_conflict_resolver``).
NOTE_LABELS = {"name": "Name", "list": "Stage", "label": "Tags", "member": "Assignees"}


def snapshot(suite):
    """Both sides, as plain data."""
    rpc = suite.admin_rpc()
    backend = [("backend_id", "=", suite.backend_id)]
    inactive = {"context": {"active_test": False}}

    def rows(model, domain, fields):
        return rpc(model, "search_read", domain, fields=fields, **inactive)

    projects = rows("trello.project.project", backend, ["odoo_id", "external_id"])
    board_of_binding = {p["id"]: p["external_id"] for p in projects}
    project_ids = [p["odoo_id"][0] for p in projects]
    tasks = rows(
        "project.task",
        [("project_id", "in", project_ids)],
        [
            "name",
            "stage_id",
            "tag_ids",
            "user_ids",
            "active",
            "parent_id",
            "project_id",
        ],
    )
    task_ids = [t["id"] for t in tasks]
    messages = rows(
        "mail.message",
        [("model", "=", "project.task"), ("res_id", "in", task_ids)],
        ["res_id", "body", "date", "message_type"],
    )
    bindings = {}
    for model in (
        "trello.project.task",
        "trello.project.task.type",
        "trello.project.tags",
        "trello.checkitem",
        "trello.mail.message",
    ):
        fields = ["odoo_id", "external_id"]
        if model in ("trello.project.task.type", "trello.project.tags"):
            fields.append("project_binding_id")
        bindings[model] = rows(model, backend, fields)
    members = rows("trello.member", backend, ["external_id", "user_id"])
    store = json.loads(suite.emulator_get("/_emulator/state"))
    boards = set(board_of_binding.values())
    return {
        "boards": boards,
        "board_of_project": {p["odoo_id"][0]: p["external_id"] for p in projects},
        "board_of_binding": board_of_binding,
        "tasks": {t["id"]: t for t in tasks},
        "messages": messages,
        "bindings": bindings,
        "user_of_member": {
            m["external_id"]: m["user_id"][0] for m in members if m["user_id"]
        },
        "cards": {
            c["id"]: c for c in store["cards"].values() if c["idBoard"] in boards
        },
        "lists": [v for v in store["lists"].values() if v["idBoard"] in boards],
        "labels": [v for v in store["labels"].values() if v["idBoard"] in boards],
        "checklists": [
            v for v in store["checklists"].values() if v["idBoard"] in boards
        ],
        "comments": [
            a
            for a in store["actions"].values()
            if a["type"] == "commentCard" and a.get("_idBoard") in boards
        ],
    }


def name_groups(snap):
    """How many objects share one name, per place, on each side."""
    groups = collections.Counter()
    for card in snap["cards"].values():
        if not card["closed"]:
            groups["Trello cards", card["idBoard"], card["name"]] += 1
    for task in snap["tasks"].values():
        if task["active"] and not task["parent_id"]:
            groups["Odoo tasks", task["project_id"][0], task["name"]] += 1
        elif task["active"]:
            groups["Odoo sub-tasks", task["parent_id"][0], task["name"]] += 1
    for checklist in snap["checklists"]:
        for item in checklist["checkItems"]:
            groups["Trello check items", checklist["idCard"], item["name"]] += 1
    for lst in snap["lists"]:
        if not lst["closed"]:
            groups["Trello lists", lst["idBoard"], lst["name"]] += 1
    for label in snap["labels"]:
        if label["name"]:
            groups["Trello labels", label["idBoard"], label["name"]] += 1
    for comment in snap["comments"]:
        groups[
            "Trello comments", comment["data"]["card"]["id"], comment["data"]["text"]
        ] += 1
    return groups


def _marker(text):
    return re.compile(re.escape(text) + r"(?!\d)")


class Checks:
    """The counts: every one must be 0."""

    def __init__(self, mix, snap, baseline):
        self.mix = mix
        self.snap = snap
        self.baseline = baseline
        self.counts = collections.Counter()
        self.examples = collections.defaultdict(list)
        self.noted = 0

    def count(self, what, detail):
        self.counts[what] += 1
        if len(self.examples[what]) < 5:
            self.examples[what].append(detail)

    def run(self):
        self.duplicates()
        self.lost_edits()
        self.made_objects()
        return self.counts

    # -- duplicates ---------------------------------------------------------

    def duplicates(self):
        for key, number in name_groups(self.snap).items():
            extra = number - max(self.baseline.get(key, 0), 1)
            if extra > 0:
                for _ in range(extra):
                    self.count(f"duplicate {key[0]}", f"{key[2]!r} in {key[1]}")
        for model, bindings in self.snap["bindings"].items():
            for field in ("odoo_id", "external_id"):
                seen = collections.Counter(
                    json.dumps(b[field]) for b in bindings if b[field]
                )
                for value, number in seen.items():
                    for _ in range(number - 1):
                        self.count(f"duplicate {model} per {field}", value)
        for what, pattern_of, texts in (
            ("Trello comments", self._comment_markers, self._trello_comment_texts),
            ("Odoo notes", self._comment_markers, self._odoo_message_texts),
        ):
            for marker in pattern_of():
                found = sum(1 for text in texts() if marker.search(text))
                if found > 1:
                    self.count(f"duplicate {what}", marker.pattern)

    def _comment_markers(self):
        return [_marker(m.marker) for m in self.mix.made if m.kind == "comment"]

    def _trello_comment_texts(self):
        return [c["data"]["text"] for c in self.snap["comments"]]

    def _odoo_message_texts(self):
        return [m["body"] or "" for m in self.snap["messages"]]

    # -- lost edits ---------------------------------------------------------

    def held(self, task_id, field):
        """``(Odoo's value, Trello's value)`` of a logged field."""
        task = self.snap["tasks"].get(task_id)
        card = self.snap["cards"].get(self.card_of(task_id))
        if not task or not card:
            return None, None
        board = self.snap["board_of_project"][task["project_id"][0]]
        if field == "name":
            return task["name"], card["name"]
        if field == "list":
            return self.list_of(board, (task["stage_id"] or [0])[0]), card["idList"]
        kind, ext_id = field
        if kind == "label":
            tag = self.binding_odoo("trello.project.tags", ext_id)
            return tag in task["tag_ids"], ext_id in card["idLabels"]
        user = self.snap["user_of_member"].get(ext_id)
        return user in task["user_ids"], ext_id in card["idMembers"]

    def card_of(self, task_id):
        for binding in self.snap["bindings"]["trello.project.task"]:
            if binding["odoo_id"][0] == task_id:
                return binding["external_id"]
        return None

    def binding_odoo(self, model, ext_id):
        for binding in self.snap["bindings"][model]:
            if binding["external_id"] == ext_id:
                return binding["odoo_id"][0]
        return None

    def list_of(self, board, stage_id):
        for binding in self.snap["bindings"]["trello.project.task.type"]:
            if (
                binding["odoo_id"][0] == stage_id
                and self.snap["board_of_binding"].get(binding["project_binding_id"][0])
                == board
            ):
                return binding["external_id"]
        return None

    def lost_edits(self):
        last = {}
        for write in self.mix.writes:
            last[write.key] = write
        for (task_id, field), write in sorted(last.items(), key=lambda i: i[1].op):
            if task_id in self.mix.gone:
                continue
            odoo_value, trello_value = self.held(task_id, field)
            where = f"op {write.op} {write.side} {field} of task {task_id}"
            if odoo_value != trello_value:
                self.count(
                    "values apart", f"{where}: {odoo_value!r} / {trello_value!r}"
                )
            if odoo_value == write.value and trello_value == write.value:
                continue
            if self.noted_conflict(task_id, field, write):
                self.noted += 1
                continue
            self.count(
                "lost edits", f"{where}: wrote {write.value!r}, holds {odoo_value!r}"
            )

    def noted_conflict(self, task_id, field, write):
        """A conflict note on the task names the field (and the lost name)."""
        label = NOTE_LABELS[field if isinstance(field, str) else field[0]]
        for message in self.snap["messages"]:
            body = message["body"] or ""
            if message["res_id"] != task_id or f"conflict on {label}:" not in body:
                continue
            if field != "name" or _marker(write.value).search(body):
                return True
        return False

    # -- made, deleted, archived ----------------------------------------------

    def made_objects(self):
        # a task deleted in Odoo or a card archived in Trello: the made
        # object whose card it was has no binding left (``marker``: its card)
        gone_cards = {
            m.marker for m in self.mix.made if m.kind in ("delete", "archive")
        }
        gone = self.mix.gone | gone_cards
        cards = self.snap["cards"]
        task_bindings = self.snap["bindings"]["trello.project.task"]
        items = [
            item["name"] for cl in self.snap["checklists"] for item in cl["checkItems"]
        ]
        sub_tasks = [t["name"] for t in self.snap["tasks"].values() if t["parent_id"]]
        for made in self.mix.made:
            where = f"op {made.op} {made.side} {made.kind} {made.marker!r}"
            if made.kind == "task":
                field = "odoo_id" if made.side == "odoo" else "external_id"
                bound = [
                    b
                    for b in task_bindings
                    if (b[field][0] if field == "odoo_id" else b[field]) == made.task
                ]
                if not bound and made.task not in gone:
                    self.count("lost creations", where)
            elif made.kind in ("comment", "subtask") and made.task not in gone:
                marker = _marker(made.marker)
                sides = (
                    (self._trello_comment_texts(), self._odoo_message_texts())
                    if made.kind == "comment"
                    else (items, sub_tasks)
                )
                for side, texts in zip(("Trello", "Odoo"), sides, strict=True):
                    if not any(marker.search(text) for text in texts):
                        self.count("lost creations", f"{where} missing in {side}")
            elif made.kind == "delete":
                card = cards.get(made.marker)
                if card and not card["closed"]:
                    self.count("lost deletions", f"{where}: the card is open")
            elif made.kind == "archive":
                task = self.snap["tasks"].get(made.task)
                if task and task["active"]:
                    self.count("lost deletions", f"{where}: the task is active")
