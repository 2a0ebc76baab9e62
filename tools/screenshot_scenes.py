# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The scenes of ``make screenshots``: what is done in Odoo (and the
emulator) before each picture, and each picture's page, size and the
JavaScript that says it shows what it must.

A mixin of tools/screenshots.py's ``Screenshots`` (a ``Demo``: ``rpc``,
``say``, ``wait_for_jobs``, ``emulator_url`` and ``backend_id`` are its)."""

import json
import time
import urllib.parse
import urllib.request

from demo import DemoError, http_get
from screenshot_browser import (
    click_in_row_js,
    click_js,
    count_at_least,
    do_action_js,
    trim_paths_js,
)

BOARD = "Website relaunch"
#: The task whose form is shown: the demo card with a checklist and comments.
TASK = "New hero banner"
#: The task edited in Odoo before the pictures (its export job is shown).
EDITED_TASK = "Rework the navigation"
EDITED_DESCRIPTION = "<p>Six entries at most; the footer keeps the legal pages.</p>"
ODOO_COMMENT = "The mobile crop is fixed in the new export."
#: The task renamed while Trello refuses card writes: its export job fails.
FAILED_TASK = "SEO migration plan"
FAILED_NAME = "SEO migration plan (redirects)"
#: The emulator's fault: every card write answered 403, as Trello does for
#: a token whose member may not change the board.
REFUSED_WRITES = "403:1@PUT /1/cards/*"
#: The sync rules shown on the demo board (set after the other pictures,
#: whose exports they would otherwise filter).
RULES = {
    "rule_lists_mode": "only",
    "rule_list_names": "To Do\nDoing",
    "rule_labels_mode": "none",
    "rule_label_names": "Blocked",
    "rule_created_after": "2025-01-01",
}
#: The board put onto an existing project: a Trello board of its own ...
ATTACH_BOARD = "Marketing"
ATTACH_LISTS = ("Ideas", "Doing", "Published")
#: ... and an Odoo project with stages (one matches a list by name, case
#: aside; one has no list) and tasks without cards.
ATTACH_PROJECT = "Marketing plan"
ATTACH_STAGES = ("ideas", "Doing", "Legal review")
ATTACH_TASKS = (("Spring campaign", "ideas"), ("Press kit", "Legal review"))
BOARD_ROWS = ".o_field_widget[name=board_ids] .o_data_row"


class Scenes:
    """What each picture shows, and what is done in Odoo before it."""

    def search_one(self, model, domain):
        found = self.rpc(model, "search", domain, limit=1)
        if not found:
            raise DemoError(f"the demo has no {model} matching {domain}")
        return found[0]

    def change_in_odoo(self):
        """What a user does in Odoo: export jobs to show, a comment to read."""
        self.project_id = self.search_one("project.project", [("name", "=", BOARD)])
        in_board = [("project_id", "=", self.project_id)]
        edited = self.search_one(
            "project.task", [*in_board, ("name", "=", EDITED_TASK)]
        )
        self.rpc("project.task", "write", [edited], {"description": EDITED_DESCRIPTION})
        self.task_id = self.search_one("project.task", [*in_board, ("name", "=", TASK)])
        self.rpc(
            "project.task",
            "message_post",
            [self.task_id],
            body=ODOO_COMMENT,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.wait_for_jobs()
        failed = self.rpc("queue.job", "search_count", [("state", "=", "failed")])
        if failed:
            raise DemoError(f"{failed} job(s) failed: see Job Queue › Jobs in Odoo")
        card_id = self.rpc(
            "trello.project.task",
            "search_read",
            [("odoo_id", "=", edited)],
            fields=["external_id"],
        )[0]["external_id"]
        state = json.loads(http_get(self.emulator_url + "/_emulator/state")[1])
        if "Six entries" not in state["cards"][card_id]["desc"]:
            raise DemoError(f"the edit of {EDITED_TASK!r} did not reach its card")
        self.say(f"Edited {EDITED_TASK!r} and commented on {TASK!r}: exported")

    def set_faults(self, spec):
        """The emulator's fault injection (``None``: none)."""
        data = urllib.parse.urlencode({"spec": spec or ""}).encode()
        request = urllib.request.Request(
            self.emulator_url + "/_emulator/faults", data=data, method="POST"
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            answer.read()

    def fail_an_export(self):
        """A task renamed while Trello refuses card writes: a failed job."""
        task = self.search_one(
            "project.task",
            [("project_id", "=", self.project_id), ("name", "=", FAILED_TASK)],
        )
        self.set_faults(REFUSED_WRITES)
        try:
            self.rpc("project.task", "write", [task], {"name": FAILED_NAME})
            failed = self.wait_for_failed_job()
        finally:
            self.set_faults(None)
        self.failed_job_id = failed[0]["id"]
        self.say(f"Renamed {FAILED_TASK!r} while Trello refused: its job failed")

    def wait_for_failed_job(self, timeout=120):
        """The export job failed for good (with its sentence), once there."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            failed = self.rpc(
                "queue.job",
                "search_read",
                [("state", "=", "failed"), ("exc_message", "!=", False)],
                fields=["exc_message"],
                order="id desc",
                limit=1,
            )
            if failed:
                return failed
            time.sleep(0.5)
        raise DemoError(f"the export of {FAILED_NAME!r} did not fail as planned")

    def trello_post(self, path, **params):
        """A write to the emulator's Trello API, with the backend's token."""
        backend = self.rpc(
            "trello.backend",
            "read",
            [self.backend_id],
            fields=["api_key", "api_token"],
        )[0]
        params.update(key=backend["api_key"], token=backend["api_token"])
        request = urllib.request.Request(
            f"{self.emulator_url}/1/{path}?{urllib.parse.urlencode(params)}",
            data=b"",
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.load(answer)

    def prepare_rules_scenes(self):
        """Rules on the demo board; a new board and a project to put it on,
        previewed by the wizard (its preview is a record the picture opens)."""
        board = self.search_one("trello.board", [("name", "=", BOARD)])
        self.rpc("trello.board", "write", [board], RULES)
        trello_board = self.trello_post(
            "boards", name=ATTACH_BOARD, defaultLists="false"
        )
        for name in ATTACH_LISTS:
            self.trello_post("lists", name=name, idBoard=trello_board["id"])
        self.rpc("trello.backend", "action_fetch_boards", [self.backend_id])
        stages = {
            name: self.rpc("project.task.type", "create", {"name": name})
            for name in ATTACH_STAGES
        }
        project = self.rpc(
            "project.project",
            "create",
            {"name": ATTACH_PROJECT, "type_ids": [(6, 0, list(stages.values()))]},
        )
        for name, stage in ATTACH_TASKS:
            self.rpc(
                "project.task",
                "create",
                {"name": name, "project_id": project, "stage_id": stages[stage]},
            )
        line = self.search_one("trello.board", [("name", "=", ATTACH_BOARD)])
        wizard = "trello.board.attach.wizard"
        self.wizard_id = self.rpc(
            wizard, "create", {"board_id": line, "project_id": project}
        )
        self.rpc(wizard, "action_preview", [self.wizard_id])
        self.say(f"Sync rules on {BOARD!r}; {ATTACH_BOARD!r} previewed on a project")

    def backend_url(self):
        return f"/odoo/action-connector_trello.trello_backend_action/{self.backend_id}"

    def shots(self):
        """Each picture: file, URL, what must show, then clicks and waits."""
        tasks_url = f"/odoo/project/{self.project_id}/tasks"
        return [
            {
                "file": "screenshot_backend.png",
                "url": self.backend_url(),
                "size": (1400, 1000),
                "ready": count_at_least(
                    f"{BOARD_ROWS} td[name=last_sync_state] .badge", 2
                ),
                "what": "the boards and their last synchronization",
            },
            {
                "file": "screenshot_kanban.png",
                "url": tasks_url,
                "size": (1700, 640),
                "ready": count_at_least(".o_kanban_record", 8),
                "what": "the tasks of the board",
            },
            {
                "file": "screenshot_task.png",
                "url": f"{tasks_url}/{self.task_id}",
                "size": (1600, 760),
                "ready": count_at_least(".o-mail-Message", 3),
                "what": "the task and its comments",
                "then": [
                    (
                        click_js(".o_notebook .nav-link", "Sub-tasks"),
                        count_at_least(
                            ".o_field_widget[name=child_ids] .o_data_row", 3
                        ),
                        "the sub-tasks",
                    )
                ],
            },
            {
                "file": "screenshot_task_properties.png",
                "url": f"{tasks_url}/{self.task_id}",
                "size": (1400, 620),
                "ready": count_at_least(
                    ".o_field_widget[name=task_properties] .o_property_field", 5
                )
                + " && "
                + count_at_least(".o_field_widget[name=planned_date_begin] input", 1),
                "what": "the task's properties and its start date",
            },
            {
                "file": "screenshot_sync_log.png",
                "url": "/odoo/action-connector_trello.trello_sync_log_action",
                "size": (1500, 460),
                "ready": count_at_least(".o_list_view .o_data_row", 2),
                "what": "the synchronization log",
            },
            {
                "file": "screenshot_jobs.png",
                "url": "/odoo/action-queue_job.action_queue_job",
                "size": (1500, 420),
                "ready": count_at_least(".o_searchview_facet", 1),
                "what": "the jobs list",
                "then": [
                    (
                        click_js(".o_searchview_facet .o_facet_remove"),
                        "!document.querySelector('.o_searchview_facet') && "
                        + count_at_least(".o_list_view .o_data_row", 3),
                        "every job, done ones included",
                    )
                ],
            },
        ]

    def failed_job_shot(self):
        return {
            "file": "screenshot_failed_job.png",
            "url": f"/odoo/action-queue_job.action_queue_job/{self.failed_job_id}",
            "size": (1400, 900),
            "ready": (
                "document.querySelector('.o_form_view .alert-danger')"
                " && document.querySelector('.o_field_widget[name=exc_info]')"
            ),
            "what": "the failed job's sentence and traceback",
            "then": [
                (
                    trim_paths_js(".o_field_widget[name=exc_info]"),
                    "!document.querySelector('.o_field_widget[name=exc_info]')"
                    ".textContent.includes('File \"/')",
                    "the traceback's paths, from each addon",
                )
            ],
        }

    def rules_shots(self):
        """The rules form of the demo board's line (its filter button), and
        the wizard's preview, as the dialog its button opens."""
        boards_ready = count_at_least(
            f"{BOARD_ROWS} td[name=last_sync_state] .badge", 2
        )
        wizard_action = {
            "type": "ir.actions.act_window",
            "name": f"{ATTACH_BOARD} onto an Existing Project",
            "res_model": "trello.board.attach.wizard",
            "res_id": self.wizard_id,
            "views": [[False, "form"]],
            "target": "new",
        }
        return [
            {
                "file": "screenshot_sync_rules.png",
                "url": self.backend_url(),
                "size": (1300, 820),
                "ready": boards_ready,
                "what": "the boards",
                "then": [
                    (
                        click_in_row_js(
                            BOARD_ROWS, BOARD, "button[name=action_open_rules]"
                        ),
                        count_at_least(
                            ".modal .o_field_widget[name=rule_lists_mode]", 1
                        ),
                        "the sync rules form",
                    )
                ],
            },
            {
                "file": "screenshot_attach_wizard.png",
                "url": self.backend_url(),
                "size": (1300, 820),
                "ready": boards_ready,
                "what": "the boards",
                "then": [
                    (
                        do_action_js(wizard_action),
                        count_at_least(
                            ".modal .o_field_widget[name=line_ids] .o_data_row",
                            len(ATTACH_LISTS) + len(ATTACH_TASKS) + 1,
                        ),
                        "the wizard's preview",
                    )
                ],
            },
        ]
