# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the admin sees: the history of each board, sentences for errors, one
failing board that does not stop the others, the token link, a board shared
by two backends, and due-complete cards kept in the default views."""

from urllib.parse import parse_qs, urlsplit

import requests

from odoo.tests import Form

from .. import import_summary
from ..client import TrelloRetryableError
from .hardening_common import SUPPORT, SupportBoardCase

WEBSITE = "Website relaunch"


class TestSyncHistory(SupportBoardCase):
    def test_first_synchronization_counts_what_it_created(self):
        open_cards = [c for c in self.store_cards(self.board["id"]) if not c["closed"]]
        comments = [
            a
            for a in self.emulator.store.actions.values()
            if a["type"] == "commentCard"
            and a["data"]["board"]["id"] == self.board["id"]
        ]
        self.assertEqual((len(open_cards), len(comments)), (4, 1))
        result = self.backend.action_synchronize()
        expected = "Board Support, full import: 4 tasks created, 1 comment added."
        self.assertEqual(result["params"]["title"], "Synchronization done")
        self.assertEqual(result["params"]["message"], expected)
        board = self.backend.board_ids.filtered(lambda b: b.name == SUPPORT)
        self.assertEqual(board.last_sync_state, "ok")
        self.assertEqual(board.last_sync_result, expected)
        self.assertTrue(board.last_sync_date)
        note = self.backend.message_ids[:1]
        self.assertIn(expected, note.body)
        self.assertIn("Synchronization", note.body)

    def test_incremental_summary_counts_and_plurals(self):
        self.backend.action_synchronize()
        member = self.emulator.member_id
        card = self.store_card("Password reset loop")
        self.store.update_card(member, card, {"name": "Password reset loop (iOS)"})
        result = self.backend.action_synchronize()
        self.assertEqual(
            result["params"]["message"],
            "Board Support: 1 change read in Trello; 1 task updated.",
        )
        self.store.add_comment(member, card, "Which version?")
        self.store.add_comment(member, card, "Still looping.")
        other = self.store_card("How to export contacts?")
        self.store.update_card(member, other, {"closed": True})
        result = self.backend.action_synchronize()
        self.assertEqual(
            result["params"]["message"],
            "Board Support: 3 changes read in Trello; 1 task archived, "
            "2 comments added.",
        )
        result = self.backend.action_synchronize()
        self.assertEqual(result["params"]["message"], "Board Support: no change.")

    def test_plural_phrases(self):
        phrases = import_summary.count_phrases(
            self.env, {"created": 1, "updated": 2, "archived": 1, "comments": 2}
        )
        self.assertEqual(
            phrases,
            [
                "1 task created",
                "2 tasks updated",
                "1 task archived",
                "2 comments added",
            ],
        )
        self.assertEqual(
            import_summary.sentence(
                self.env,
                "B",
                {"created": 0, "updated": 0, "archived": 0, "comments": 0},
                full=True,
            ),
            "Board B, full import: nothing changed in Odoo.",
        )


class TestOneBoardFails(SupportBoardCase):
    def test_a_failing_board_does_not_stop_the_others(self):
        self.fetch_and_tick(SUPPORT, WEBSITE)
        website = self.store_board(WEBSITE)
        # The board reads fine, its cards fail: what it wrote is rolled back.
        self.emulator.set_faults(f"500:1.0@/1/boards/{website['id']}/cards*")
        result = self.backend.action_synchronize()
        params = result["params"]
        self.assertEqual(params["type"], "warning")
        self.assertEqual(params["title"], "Synchronization failed for some boards")
        failure = (
            f"Board {WEBSITE}: Trello at {self.emulator.api_url} is failing (it "
            "answered with the error 500): try again later."
        )
        self.assertEqual(
            params["message"],
            failure + "\nBoard Support, full import: 4 tasks created, 1 comment added.",
        )
        self.assertNotIn("?", params["message"])
        lines = {b.name: b for b in self.backend.board_ids}
        self.assertEqual(lines[WEBSITE].last_sync_state, "failed")
        self.assertEqual(lines[WEBSITE].last_sync_result, failure)
        self.assertEqual(lines[SUPPORT].last_sync_state, "ok")
        self.assertEqual(
            self.backend.project_binding_ids.mapped("name"),
            [SUPPORT],
            "the failed board's project was rolled back",
        )
        self.assertFalse(
            self.env["project.project"].search([("name", "=", WEBSITE)]),
        )
        self.assertIn(failure, self.backend.message_ids[:1].body)

        # Once Trello answers again, the failed board goes through.
        self.emulator.set_faults(None)
        result = self.backend.action_synchronize()
        self.assertEqual(result["params"]["title"], "Synchronization done")
        self.assertEqual(lines[WEBSITE].last_sync_state, "ok")


class TestErrorSentences(SupportBoardCase):
    def test_cannot_reach_is_said_once(self):
        url = self.backend.api_url
        err = TrelloRetryableError(f"Cannot reach Trello at {url}: connection cut.")
        self.assertEqual(
            self.backend._describe_error(err),
            f"Cannot reach Trello at {url}: connection cut. Check the API URL "
            "and the network; the background jobs try again by themselves.",
        )

    def test_a_server_error_without_path_or_body(self):
        self.emulator.set_faults("500:1.0@/1/members*")
        result = self.backend.action_check_connection()
        self.assertEqual(
            result["params"]["message"],
            f"Trello at {self.backend.api_url} is failing (it answered with the "
            "error 500): try again later.",
        )

    def test_a_throttled_token(self):
        err = TrelloRetryableError("Trello answered 429 to GET x: {}", throttled=True)
        self.assertEqual(
            self.backend._describe_error(err),
            "Trello is limiting the requests of this token for a few seconds: "
            "try again in a moment.",
        )


class TestTokenLink(SupportBoardCase):
    def test_authorize_link_for_the_key(self):
        form = Form(self.env["trello.backend"])
        form.name = "Our Trello & Co"
        self.assertFalse(form.trello_authorize_url)
        form.api_key = "k3y"
        url = form.trello_authorize_url
        parts = urlsplit(url)
        self.assertEqual(
            f"{parts.scheme}://{parts.netloc}{parts.path}",
            "https://trello.com/1/authorize",
        )
        self.assertEqual(
            parse_qs(parts.query),
            {
                "expiration": ["never"],
                "scope": ["read,write"],
                "response_type": ["token"],
                "name": ["Odoo: Our Trello & Co"],
                "key": ["k3y"],
            },
        )
        self.assertIn("name=Odoo%3A%20Our%20Trello%20%26%20Co&", url)
        # Trello's API however written: still Trello's own page.
        form.api_url = "https://API.trello.com/1/"
        self.assertEqual(
            form.trello_authorize_url.split("?")[0], "https://trello.com/1/authorize"
        )

    def test_authorize_link_of_a_trello_compatible_server(self):
        form = Form(self.env["trello.backend"])
        form.name = "Elsewhere"
        form.api_key = "k3y"
        form.api_url = "https://trello.example.com/api/1/"
        parts = urlsplit(form.trello_authorize_url)
        self.assertEqual(
            f"{parts.scheme}://{parts.netloc}{parts.path}",
            "https://trello.example.com/api/1/authorize",
        )
        self.assertEqual(
            parse_qs(parts.query),
            {
                "expiration": ["never"],
                "scope": ["read,write"],
                "response_type": ["token"],
                "name": ["Odoo: Elsewhere"],
                "key": ["k3y"],
            },
        )

    def test_the_emulator_link_opens_its_own_authorize_page(self):
        url = self.backend.trello_authorize_url
        self.assertTrue(url.startswith(f"{self.emulator.api_url}/authorize?"), url)
        session = requests.Session()
        session.trust_env = False
        page = session.get(url, timeout=10)
        self.assertEqual(page.status_code, 200)
        self.assertIn("<h2>Let Odoo: Emulated Trello use your account?</h2>", page.text)
        self.assertIn("<li>create and change boards", page.text)
        self.assertIn("the token never expires", page.text)


class TestBoardOfAnotherBackend(SupportBoardCase):
    def test_second_backend_is_warned_and_refused(self):
        self.backend.action_synchronize()
        second = self.backend.copy(
            {
                "name": "Same account",
                "api_key": self.backend.api_key,
                "api_token": self.backend.api_token,
            }
        )
        second.action_check_connection()
        second.action_fetch_boards()
        board = second.board_ids.filtered(lambda b: b.name == SUPPORT)
        self.assertEqual(board.other_backend_id, self.backend)
        # Ticking it warns at once (the line's onchange).
        board.synchronize = True
        warning = board._onchange_synchronize_other_backend()["warning"]
        message = (
            "The board Support is already synchronized by the backend Emulated "
            "Trello: synchronizing it here too would create a second project. "
            "Untick it on one of the two backends."
        )
        self.assertEqual(warning["message"], message)
        # Synchronizing refuses it with the same sentence, and creates nothing.
        projects = self.env["project.project"].search_count([])
        result = second.action_synchronize()
        self.assertEqual(result["params"]["type"], "danger")
        self.assertEqual(result["params"]["message"], message)
        self.assertEqual(board.last_sync_state, "failed")
        self.assertEqual(self.env["project.project"].search_count([]), projects)
        self.assertFalse(second.project_binding_ids)
        # The backend that made the project keeps synchronizing it.
        first = self.backend.board_ids.filtered(lambda b: b.name == SUPPORT)
        self.assertFalse(first.other_backend_id)
        result = self.backend.action_synchronize()
        self.assertEqual(result["params"]["title"], "Synchronization done")


class TestDueCompleteAndDisplay(SupportBoardCase):
    def test_due_complete_card_stays_open_with_a_badge(self):
        self.backend.action_synchronize()
        card = self.store_card("Refund for duplicate charge")
        self.assertTrue(card["dueComplete"])
        task = self.task_of(card)
        self.assertTrue(task.trello_due_complete)
        self.assertNotEqual(task.state, "1_done")
        # Odoo's default task filter ("open tasks") still shows it.
        self.assertIn(
            task,
            self.env["project.task"].search(
                [("project_id", "=", task.project_id.id), ("is_closed", "=", False)]
            ),
        )
        # Unticking the badge in Odoo clears dueComplete in Trello...
        task.trello_due_complete = False
        task.trello_export()
        self.assertFalse(self.store_card(card["name"])["dueComplete"])
        # ...and the done state, not mapped by default, does not set it.
        task.state = "1_done"
        task.trello_export()
        self.assertFalse(self.store_card(card["name"])["dueComplete"])

    def test_option_due_complete_closes_the_task(self):
        self.backend.due_complete_closes_task = True
        self.backend.action_synchronize()
        card = self.store_card("Refund for duplicate charge")
        task = self.task_of(card)
        self.assertEqual(task.state, "1_done")
        other = self.task_of(self.store_card("Password reset loop"))
        other.state = "1_done"
        other.trello_export()
        self.assertTrue(self.store_card("Password reset loop")["dueComplete"])

    def test_archived_list_folds_its_stage(self):
        self.backend.action_synchronize()
        lst = next(
            x for x in self.store.board_lists(self.board["id"]) if x["name"] == "Solved"
        )
        stage_binding = self.env["trello.project.task.type"].search(
            [("backend_id", "=", self.backend.id), ("external_id", "=", lst["id"])]
        )
        self.assertFalse(stage_binding.fold)
        self.store.update_list(self.emulator.member_id, lst, {"closed": True})
        self.backend.action_synchronize()
        self.assertTrue(stage_binding.with_context(active_test=False).fold)
        self.store.update_list(self.emulator.member_id, lst, {"closed": False})
        self.backend.action_synchronize()
        self.assertFalse(stage_binding.fold)

    def test_last_activity_reads_as_a_date(self):
        self.backend.action_synchronize()
        card = self.store_card("Password reset loop")
        binding = self.task_of(card).trello_bind_ids
        raw = binding.trello_date_last_activity
        self.assertEqual(raw, card["dateLastActivity"])
        self.assertEqual(
            binding.trello_last_activity.strftime("%Y-%m-%dT%H:%M:%S"), raw[:19]
        )
