# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The random mix of ``tools/concurrency_suite.py``: edits on both sides.

A :class:`Mix` draws each operation from ``random.Random(seed)``: an Odoo
edit over JSON-RPC as a project user (Marc Demo), on either node; a Trello
edit through the emulator's API as another member (bob's token); or a
webhook burst (several quick Trello renames on one board). A seed replays
the same sequence of kinds (a generator of its own); the targets come from
another, so they are the same as long as the run meets the same objects.

Every write is logged (:class:`Write`): the object, the field, the value and
the operation's number, which orders them (the driver waits for each
answer). Every value written is unique (it carries ``#<op>``), so a
duplicate shows as two objects with one name and a lost edit as a field
that does not hold its last write.
"""

import json
import random
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import namedtuple

from demo import DemoError, http_get

#: Operations and their weights (out of 100).
ODOO_OPS = {
    "odoo_rename": 12,
    "odoo_move": 8,
    "odoo_assign": 5,
    "odoo_tag": 6,
    "odoo_create": 4,
    "odoo_subtask": 4,
    "odoo_comment": 6,
    "odoo_delete": 1,
}
TRELLO_OPS = {
    "trello_rename": 12,
    "trello_move": 8,
    "trello_label": 6,
    "trello_comment": 6,
    "trello_checkitem": 4,
    "trello_create": 4,
    "trello_archive": 1,
    "trello_member": 4,
}
BURST_OPS = {"webhook_burst": 9}
#: The edits of a card's label and member lists, and the half of the cards
#: each side's go to with ``--set-edits-apart`` (0: even, 1: odd).
SET_EDITS = {"odoo_tag": 0, "odoo_assign": 0, "trello_label": 1, "trello_member": 1}
WEIGHTS = {**ODOO_OPS, **TRELLO_OPS, **BURST_OPS}
BURST_SIZE = (4, 8)

#: One logged write: ``key`` is ``(task id, field)``; a set's element is a
#: field of its own (``("tag", label id)``, ``("member", member id)``).
Write = namedtuple("Write", "op side key value at")
#: An object made by the mix, found afterwards by its unique ``marker``.
Made = namedtuple("Made", "op side kind marker task")


class Mix:
    """The world as the driver knows it, and one method per operation."""

    def __init__(self, suite, seed):
        self.suite = suite
        # the kinds and each op's own pick come from one generator, the
        # targets (which depend on the ids the run met) from another: a seed
        # replays the same kinds in the same order whatever the timing did
        self.kind_rng = random.Random(seed)
        self.rng = random.Random(f"{seed}:targets")
        self.writes = []
        self.made = []
        self.counts = {}
        self.refused = {}
        self.gone = set()  # tasks deleted in Odoo or archived in Trello
        self.pairs = {}  # task id -> card id
        self.board_of = {}  # card id -> board id
        self.boards = {}  # board id -> {"project", "lists", "labels"}
        self.members = {}  # member id -> user id
        self.op = 0
        #: Odoo assigns only users whose member is on the task's board.
        self.board_members_only = getattr(suite, "board_members_only", False)
        self.set_edits_apart = getattr(suite, "set_edits_apart", False)
        self.board_members = {}

    # -- what exists ---------------------------------------------------

    def refresh(self):
        """Read the bindings: pairs of task and card, lists, labels."""
        rpc = self.suite.admin_rpc()
        projects = rpc(
            "trello.project.project",
            "search_read",
            [("backend_id", "=", self.suite.backend_id)],
            fields=["odoo_id", "external_id"],
        )
        by_binding = {p["id"]: p["external_id"] for p in projects}
        for project in projects:
            self.boards.setdefault(
                project["external_id"],
                {"project": project["odoo_id"][0], "lists": {}, "labels": {}},
            )
        for model, key in (
            ("trello.project.task.type", "lists"),
            ("trello.project.tags", "labels"),
        ):
            for row in rpc(
                model,
                "search_read",
                [("backend_id", "=", self.suite.backend_id)],
                fields=["odoo_id", "external_id", "project_binding_id"],
            ):
                board = by_binding.get((row["project_binding_id"] or [0])[0])
                if board and row["external_id"]:
                    self.boards[board][key][row["external_id"]] = row["odoo_id"][0]
        for row in rpc(
            "trello.project.task",
            "search_read",
            [
                ("backend_id", "=", self.suite.backend_id),
                ("external_id", "!=", False),
                ("odoo_id.active", "=", True),
            ],
            fields=["odoo_id", "external_id", "project_binding_id"],
        ):
            task = row["odoo_id"][0]
            if task not in self.gone:
                self.pairs[task] = row["external_id"]
                self.board_of[row["external_id"]] = by_binding.get(
                    row["project_binding_id"][0]
                )
        for row in rpc(
            "trello.member",
            "search_read",
            [("backend_id", "=", self.suite.backend_id)],
            fields=["external_id", "user_id"],
        ):
            if row["user_id"]:
                self.members[row["external_id"]] = row["user_id"][0]

    # -- the draw --------------------------------------------------------

    def step(self, op):
        """Run operation number ``op``; return its kind."""
        self.op = op
        kinds = list(WEIGHTS)
        kind = self.kind_rng.choices(kinds, [WEIGHTS[k] for k in kinds])[0]
        pick = self.kind_rng.random()  # the op's own choice (tag, stage, user...)
        task = self.rng.choice(self.tasks_for(kind)) if self.pairs else None
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if task is None:
            return kind
        try:
            getattr(self, kind)(task, pick)
        except (DemoError, urllib.error.URLError, OSError) as err:
            self.refused[kind] = self.refused.get(kind, 0) + 1
            self.suite.note(f"op {op} {kind} on task {task}: {err}")
        return kind

    def tasks_for(self, kind):
        """The tasks an operation of ``kind`` may be drawn on.

        With ``--set-edits-apart``, the two sides' edits of a card's labels
        and members go to different cards (Odoo's to even positions,
        Trello's to odd ones). The race this used to leave out (a label or
        member added in Trello between an export's conflict read and its
        PUT, lost to the PUT's whole list) is gone since the export sends
        the lists as deltas (see README, Reliability): the test command no
        longer sets it.
        """
        tasks = sorted(self.pairs)
        if not self.set_edits_apart or kind not in SET_EDITS:
            return tasks
        return tasks[SET_EDITS[kind] :: 2] or tasks

    def marker(self, text):
        return f"{text} #{self.op}"

    def log(self, side, task, field, value):
        self.writes.append(Write(self.op, side, (task, field), value, time.time()))

    @staticmethod
    def choose(pick, values):
        values = sorted(values)
        return values[int(pick * len(values)) % len(values)] if values else None

    def board(self, task):
        return self.boards.get(self.board_of.get(self.pairs.get(task)), {})

    # -- Odoo, as a project user over JSON-RPC ----------------------------

    def odoo(self, *args, **kwargs):
        return self.suite.user_rpc()(*args, **kwargs)

    def read_task(self, task):
        return self.odoo(
            "project.task",
            "read",
            [task],
            ["stage_id", "tag_ids", "user_ids", "project_id"],
        )[0]

    def odoo_rename(self, task, pick):
        name = self.marker("Odoo name")
        self.odoo("project.task", "write", [task], {"name": name})
        self.log("odoo", task, "name", name)

    def odoo_move(self, task, pick):
        lists = self.board(task).get("lists", {})
        current = self.read_task(task)["stage_id"]
        stages = {s: lst for lst, s in lists.items()}
        other = [s for s in stages if not current or s != current[0]]
        stage = self.choose(pick, other)
        if stage:
            self.odoo("project.task", "write", [task], {"stage_id": stage})
            self.log("odoo", task, "list", stages[stage])

    def odoo_tag(self, task, pick):
        labels = self.board(task).get("labels", {})
        label = self.choose(pick, labels)
        if not label:
            return
        tag = labels[label]
        on = tag in self.read_task(task)["tag_ids"]
        self.odoo("project.task", "write", [task], {"tag_ids": [(3 if on else 4, tag)]})
        self.log("odoo", task, ("label", label), not on)

    def odoo_assign(self, task, pick):
        members = self.members
        if self.board_members_only:
            # a user whose member is not on the card's board: Trello refuses
            # the card's idMembers (400), see the README's Reliability
            board = self.board_of.get(self.pairs[task])
            on_board = self.board_members.get(board)
            if on_board is None:
                found = self.trello("GET", f"boards/{board}/members")
                on_board = self.board_members[board] = {m["id"] for m in found}
            members = [m for m in members if m in on_board]
        member = self.choose(pick, members)
        if not member:
            return
        user = self.members[member]
        on = user in self.read_task(task)["user_ids"]
        self.odoo(
            "project.task", "write", [task], {"user_ids": [(3 if on else 4, user)]}
        )
        self.log("odoo", task, ("member", member), not on)

    def odoo_create(self, task, pick):
        values = self.read_task(task)
        name = self.marker("Odoo task")
        made = self.odoo(
            "project.task",
            "create",
            {
                "name": name,
                "project_id": values["project_id"][0],
                "stage_id": values["stage_id"] and values["stage_id"][0],
            },
        )
        self.made.append(Made(self.op, "odoo", "task", name, made))

    def odoo_subtask(self, task, pick):
        values = self.read_task(task)
        name = self.marker("Odoo sub-task")
        self.odoo(
            "project.task",
            "create",
            {"name": name, "parent_id": task, "project_id": values["project_id"][0]},
        )
        self.made.append(Made(self.op, "odoo", "subtask", name, task))

    def odoo_comment(self, task, pick):
        text = self.marker("Odoo note")
        self.odoo(
            "project.task",
            "message_post",
            [task],
            body=text,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.made.append(Made(self.op, "odoo", "comment", text, task))

    def odoo_delete(self, task, pick):
        self.gone.add(task)
        card = self.pairs.pop(task)
        self.odoo("project.task", "unlink", [task])
        self.made.append(Made(self.op, "odoo", "delete", card, task))

    # -- Trello, as bob through the emulator's API -------------------------

    def trello(self, method, path, **params):
        return self.suite.trello_call(method, path, **params)

    def card(self, task):
        card_id = self.pairs[task]
        answer = http_get(f"{self.suite.emulator_url}/_emulator/cards?ids={card_id}")
        return json.loads(answer[1])[card_id]

    def trello_rename(self, task, pick):
        name = self.marker("Trello name")
        self.trello("PUT", f"cards/{self.pairs[task]}", name=name)
        self.log("trello", task, "name", name)

    def trello_move(self, task, pick):
        card = self.card(task)
        lists = [
            lst for lst in self.board(task).get("lists", {}) if lst != card["idList"]
        ]
        target = self.choose(pick, lists)
        if target:
            self.trello("PUT", f"cards/{card['id']}", idList=target)
            self.log("trello", task, "list", target)

    def trello_label(self, task, pick):
        card = self.card(task)
        label = self.choose(pick, self.board(task).get("labels", {}))
        if not label:
            return
        if label in card["idLabels"]:
            self.trello("DELETE", f"cards/{card['id']}/idLabels/{label}")
        else:
            self.trello("POST", f"cards/{card['id']}/idLabels", value=label)
        self.log("trello", task, ("label", label), label not in card["idLabels"])

    def trello_member(self, task, pick):
        card = self.card(task)
        member = self.choose(pick, self.members)
        if not member:
            return
        if member in card["idMembers"]:
            self.trello("DELETE", f"cards/{card['id']}/idMembers/{member}")
        else:
            self.trello("POST", f"cards/{card['id']}/idMembers", value=member)
        self.log("trello", task, ("member", member), member not in card["idMembers"])

    def trello_comment(self, task, pick):
        text = self.marker("Trello comment")
        self.trello("POST", f"cards/{self.pairs[task]}/actions/comments", text=text)
        self.made.append(Made(self.op, "trello", "comment", text, task))

    def trello_checkitem(self, task, pick):
        card_id = self.pairs[task]
        checklists = self.trello("GET", f"cards/{card_id}/checklists")
        if checklists:
            checklist = checklists[0]["id"]
        else:
            checklist = self.trello(
                "POST", f"cards/{card_id}/checklists", name="Checklist"
            )["id"]
        name = self.marker("Trello item")
        self.trello("POST", f"checklists/{checklist}/checkItems", name=name)
        self.made.append(Made(self.op, "trello", "subtask", name, task))

    def trello_create(self, task, pick):
        card = self.card(task)
        name = self.marker("Trello card")
        made = self.trello("POST", "cards", idList=card["idList"], name=name)
        # the new card's id where a made task has its task id
        self.made.append(Made(self.op, "trello", "task", name, made["id"]))

    def trello_archive(self, task, pick):
        self.gone.add(task)
        card = self.pairs.pop(task)
        self.trello("PUT", f"cards/{card}", closed="true")
        self.made.append(Made(self.op, "trello", "archive", card, task))

    def webhook_burst(self, task, pick):
        """Quick renames of several cards of one board: a burst of webhooks."""
        board = self.board_of.get(self.pairs[task])
        tasks = sorted(
            t for t, c in self.pairs.items() if self.board_of.get(c) == board
        )
        size = self.rng.randint(*BURST_SIZE)
        for number, other in enumerate(self.rng.sample(tasks, min(size, len(tasks)))):
            name = self.marker(f"Trello burst {number}")
            self.trello("PUT", f"cards/{self.pairs[other]}", name=name)
            self.log("trello", other, "name", name)


def trello_request(url, method):
    """One request to the emulator's API; the JSON answer."""
    request = urllib.request.Request(
        url, method=method, data=b"" if method != "GET" else None
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as err:
        raise DemoError(
            f"the emulator answered {err.code} to {method} {url.split('?')[0]}"
        ) from err


def api_url(base, path, key, token, **params):
    params = dict(params, key=key, token=token)
    return f"{base}/1/{path}?{urllib.parse.urlencode(params)}"
