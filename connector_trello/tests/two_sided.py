# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Both sides of every synchronized field, for the two-sided edit tests.

A ``Side`` reads and writes one field of one object of the demo board, in
Odoo and in Trello (as another member would, or in the emulator's store
where Trello's API has no route), in comparable terms: Trello's.
"""

import re
from datetime import datetime, timedelta

import requests

from ..components.trello_project_task_mapper import DONE_STATE, OPEN_STATE
from ..tools import ODOO_COLOR_TO_TRELLO, markdown_to_html, odoo_color, trello_color
from .common import DEFAULT_KEY, DEFAULT_TOKEN
from .common_export import TrelloExportCase

TRELLO_COLOURS = sorted(set(ODOO_COLOR_TO_TRELLO.values()))


def plain(html):
    """The text of an HTML field, tags and spaces aside."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", str(html or ""))).strip()


class TwoSidedCase(TrelloExportCase):
    """The demo board with its members mapped, edited on both sides."""

    def setUp(self):
        super().setUp()
        for username in ("alice", "bob", "carol"):
            self.map_member(username)
        hero = self.task_named("New hero banner")
        self.own_comment = hero.message_ids.filtered(
            lambda m: "shared folder" in (m.body or "")
        )
        # alice (the token's member) wrote it: the export does not sign it
        self.own_comment.author_id = self.member("alice").user_id.partner_id

    def import_board(self):
        self.env["trello.project.project"].import_board(
            self.backend, self.board["id"], full=True
        )
        self.env.invalidate_all()

    def conflict_notes(self, record):
        return record.message_ids.filtered(
            lambda m: "Trello sync conflict" in (m.body or "")
        )


class Side:
    """One synchronized field: ``kind`` says how fresh values are made."""

    def __init__(
        self, model, field, kind, odoo_get, odoo_set, trello_get, trello_set, choices=()
    ):
        self.model, self.field, self.kind = model, field, kind
        self.choices = choices
        self.odoo_get, self.odoo_set = odoo_get, odoo_set
        self.trello_get, self.trello_set = trello_get, trello_set

    @property
    def key(self):
        return f"{self.model}.{self.field}"

    def fresh(self, case, current, number):
        """Two new values (Odoo's, Trello's) for ``case``, unlike ``current``."""
        if self.kind == "bool":
            value = not current
            return value, value
        if self.kind == "text":
            odoo, trello = f"{self.field} O{number}", f"{self.field} T{number}"
        elif self.kind == "date":
            base = datetime(2026, 3, 1, 9, 0) + timedelta(days=number)
            odoo, trello = base, base + timedelta(hours=5)
            odoo, trello = (v.strftime("%Y-%m-%dT%H:%M:%S") for v in (odoo, trello))
        else:  # a choice among ``choices``
            others = [c for c in self.choices if c != current]
            odoo, trello = (
                others[number % len(others)],
                others[(number + 1) % len(others)],
            )
        if case == "both_same":
            trello = odoo
        return odoo, trello


def sides(test):
    """Every synchronized field of every bound model, on the demo board."""
    t = test
    store = t.emulator.store
    card = t.card_named("Rework the navigation")
    card_id = card["id"]
    task = t.card_binding(card_id).odoo_id
    project = t.project
    board_id = t.board["id"]
    stage_binding = t.env["trello.project.task.type"].search(
        [("external_id", "=", t.list_named("Review")["id"])]
    )
    stage, list_id = stage_binding.odoo_id, stage_binding.external_id
    label = t.env["trello.project.tags"].search(
        [("project_binding_id", "=", t.binding.id), ("name", "=", "Backend")]
    )
    tag, label_id = label.odoo_id, label.external_id
    sub_task = task.child_ids.filtered(lambda s: s.name == "Products")
    item_id = sub_task.trello_checkitem_bind_ids.external_id
    comment = t.own_comment
    action_id = comment.trello_bind_ids.external_id
    attachment = t.env["trello.ir.attachment"].search(
        [("card_binding_id.external_id", "=", card_id)]
    )

    def item(item_id):
        checklist = store.checklists[store.check_items[item_id]]
        return next(i for i in checklist["checkItems"] if i["id"] == item_id)

    bumps = []

    def rename_attachment(name):
        store.attachments[attachment.external_id]["name"] = name
        bumps.append(1)  # the card changed: its next read is not skipped
        stamp = datetime(2030, 1, 1) + timedelta(minutes=len(bumps))
        store.cards[card_id]["dateLastActivity"] = stamp.strftime(
            "%Y-%m-%dT%H:%M:%S.000Z"
        )

    def put(path, **params):
        t.as_person("PUT", path, **params)

    def label_ids_of(tags):
        bound = t.env["trello.project.tags"].search(
            [("project_binding_id", "=", t.binding.id), ("odoo_id", "in", tags.ids)]
        )
        return frozenset(bound.mapped("external_id"))

    def tags_of(label_ids):
        return (
            t.env["trello.project.tags"]
            .search([("external_id", "in", list(label_ids))])
            .mapped("odoo_id")
        )

    def labels(*names):
        return frozenset(
            t.env["trello.project.tags"]
            .search([("project_binding_id", "=", t.binding.id), ("name", "in", names)])
            .mapped("external_id")
        )

    def ids(*usernames):
        return frozenset(t.member(u).external_id for u in usernames)

    members = {m.external_id: m.user_id for m in t.backend.member_ids if m.user_id}

    def set_members(ids):
        task.user_ids = t.env["res.users"].union(*(members[i] for i in ids))

    def task_state(value):
        task.trello_due_complete = value

    def as_token(path, **params):
        requests.put(
            f"{t.emulator.api_url}/{path}",
            params=dict(params, key=DEFAULT_KEY, token=DEFAULT_TOKEN),
            timeout=10,
        ).raise_for_status()

    return [
        Side(
            "task",
            "name",
            "text",
            lambda: task.name,
            lambda v: task.write({"name": v}),
            lambda: store.cards[card_id]["name"],
            lambda v: put(f"cards/{card_id}", name=v),
        ),
        Side(
            "task",
            "desc",
            "text",
            lambda: plain(task.description),
            lambda v: task.write({"description": f"<p>{v}</p>"}),
            lambda: plain(markdown_to_html(store.cards[card_id]["desc"])),
            lambda v: put(f"cards/{card_id}", desc=v),
        ),
        Side(
            "task",
            "idList",
            "choice",
            lambda: task.stage_id.trello_bind_ids.external_id,
            lambda v: task.write(
                {
                    "stage_id": t.env["trello.project.task.type"]
                    .search([("external_id", "=", v)])
                    .odoo_id.id
                }
            ),
            lambda: store.cards[card_id]["idList"],
            lambda v: put(f"cards/{card_id}", idList=v),
            [t.list_named(n)["id"] for n in ("Backlog", "To Do", "Doing", "Done")],
        ),
        Side(
            "task",
            "idLabels",
            "set",
            lambda: label_ids_of(task.tag_ids),
            lambda v: task.write({"tag_ids": [(6, 0, tags_of(v).ids)]}),
            lambda: frozenset(store.cards[card_id]["idLabels"]),
            lambda v: put(f"cards/{card_id}", idLabels=",".join(sorted(v))),
            [labels("Frontend"), labels("Frontend", "Bug"), labels("SEO"), frozenset()],
        ),
        Side(
            "task",
            "idMembers",
            "set",
            lambda: frozenset(i for i, u in members.items() if u in task.user_ids),
            set_members,
            lambda: frozenset(store.cards[card_id]["idMembers"]),
            lambda v: put(f"cards/{card_id}", idMembers=",".join(sorted(v))),
            [ids("bob"), ids("alice"), ids("alice", "carol"), frozenset()],
        ),
        Side(
            "task",
            "due",
            "date",
            lambda: task.date_deadline
            and task.date_deadline.strftime("%Y-%m-%dT%H:%M:%S"),
            lambda v: task.write({"date_deadline": datetime.fromisoformat(v)}),
            lambda: (store.cards[card_id]["due"] or "")[:19] or False,
            lambda v: put(f"cards/{card_id}", due=f"{v}.000Z"),
        ),
        Side(
            "task",
            "dueComplete",
            "bool",
            lambda: task.trello_due_complete,
            task_state,
            lambda: bool(store.cards[card_id]["dueComplete"]),
            lambda v: put(f"cards/{card_id}", dueComplete=str(v).lower()),
        ),
        Side(
            "task",
            "closed",
            "bool",
            lambda: not task.active,
            lambda v: task.write({"active": not v}),
            lambda: bool(store.cards[card_id]["closed"]),
            lambda v: put(f"cards/{card_id}", closed=str(v).lower()),
        ),
        Side(
            "project",
            "name",
            "text",
            lambda: project.name,
            lambda v: project.write({"name": v}),
            lambda: store.boards[board_id]["name"],
            lambda v: put(f"boards/{board_id}", name=v),
        ),
        Side(
            "project",
            "desc",
            "text",
            lambda: plain(project.description),
            lambda v: project.write({"description": f"<p>{v}</p>"}),
            lambda: plain(markdown_to_html(store.boards[board_id]["desc"])),
            lambda v: put(f"boards/{board_id}", desc=v),
        ),
        Side(
            "project",
            "closed",
            "bool",
            lambda: not project.active,
            lambda v: project.write({"active": not v}),
            lambda: bool(store.boards[board_id]["closed"]),
            lambda v: put(f"boards/{board_id}", closed=str(v).lower()),
        ),
        Side(
            "stage",
            "name",
            "text",
            lambda: stage.name,
            lambda v: stage.write({"name": v}),
            lambda: store.lists[list_id]["name"],
            lambda v: put(f"lists/{list_id}", name=v),
        ),
        Side(
            "stage",
            "closed",
            "bool",
            lambda: not stage.active,
            lambda v: stage.write({"active": not v}),
            lambda: bool(store.lists[list_id]["closed"]),
            lambda v: put(f"lists/{list_id}", closed=str(v).lower()),
        ),
        Side(
            "tag",
            "name",
            "text",
            lambda: tag.name,
            lambda v: tag.write({"name": v}),
            lambda: store.labels[label_id]["name"],
            lambda v: put(f"labels/{label_id}", name=v),
        ),
        Side(
            "tag",
            "color",
            "choice",
            lambda: trello_color(tag.color),
            lambda v: tag.write({"color": odoo_color(v)}),
            lambda: store.labels[label_id]["color"],
            lambda v: put(f"labels/{label_id}", color=v),
            TRELLO_COLOURS,
        ),
        Side(
            "sub_task",
            "name",
            "text",
            lambda: sub_task.name,
            lambda v: sub_task.write({"name": v}),
            lambda: item(item_id)["name"],
            lambda v: put(f"cards/{card_id}/checkItem/{item_id}", name=v),
        ),
        Side(
            "sub_task",
            "state",
            "bool",
            lambda: sub_task.state == DONE_STATE,
            lambda v: sub_task.write({"state": DONE_STATE if v else OPEN_STATE}),
            lambda: item(item_id)["state"] == "complete",
            lambda v: put(
                f"cards/{card_id}/checkItem/{item_id}",
                state="complete" if v else "incomplete",
            ),
        ),
        Side(
            "sub_task",
            "idMember",
            "choice",
            lambda: next(
                (i for i, u in members.items() if u in sub_task.user_ids), None
            ),
            lambda v: sub_task.write(
                {"user_ids": [(6, 0, members[v].ids if v else [])]}
            ),
            lambda: item(item_id)["idMember"],
            lambda v: put(f"cards/{card_id}/checkItem/{item_id}", idMember=v or ""),
            [t.member(u).external_id for u in ("alice", "bob", "carol")] + [None],
        ),
        Side(
            "sub_task",
            "due",
            "date",
            lambda: sub_task.date_deadline
            and sub_task.date_deadline.strftime("%Y-%m-%dT%H:%M:%S"),
            lambda v: sub_task.write({"date_deadline": datetime.fromisoformat(v)}),
            lambda: (item(item_id)["due"] or "")[:19] or False,
            lambda v: put(f"cards/{card_id}/checkItem/{item_id}", due=f"{v}.000Z"),
        ),
        Side(
            "comment",
            "text",
            "text",
            lambda: plain(comment.body),
            lambda v: comment.write({"body": f"<p>{v}</p>"}),
            lambda: plain(markdown_to_html(store.actions[action_id]["data"]["text"])),
            lambda v: as_token(f"actions/{action_id}", text=v),
        ),
        Side(
            "attachment",
            "name",
            "text",
            lambda: attachment.name,
            lambda v: attachment.write({"name": v}),
            lambda: store.attachments[attachment.external_id]["name"],
            # Trello's API cannot rename an attachment (its web client can)
            rename_attachment,
        ),
    ], {
        "task": task,
        "project": project,
        "stage": project,
        "tag": project,
        "sub_task": sub_task,
        "comment": t.task_named("New hero banner"),
        "attachment": task,
        # the record each model's export starts from
        "export": {
            "task": task,
            "project": project,
            "stage": stage,
            "tag": tag,
            "sub_task": sub_task,
            "comment": comment,
            "attachment": attachment.odoo_id,
        },
    }
