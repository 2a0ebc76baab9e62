# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import logging
from urllib.parse import urlsplit

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.connector_trello.tests.common import (
    DEFAULT_KEY,
    DEFAULT_SECRET,
    DEFAULT_TOKEN,
    TrelloCase,
)
from odoo.addons.connector_trello.tests.hardening_common import SupportBoardCase
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job

from ..controllers.webhook import webhook_signature
from ..jobs import board_import_identity

_logger = logging.getLogger(__name__)

BOARD = "Website relaunch"
OTHER_BOARD = "Support"
IMPORT_CHANNEL = "root.trello.import"


@tagged("post_install", "-at_install")
class QueueTrelloCase(TrelloCase, HttpCase):
    """A TrelloCase served by Odoo's test HTTP server.

    HttpCase also puts the registry in test mode: what the connector writes
    in transactions of its own (the backend's error, the request budget, the
    jobs of a webhook delivery) then stays in the test's transaction.
    ``self.delaying`` is the environment of a user click: jobs are delayed,
    not run inline (TrelloCase runs them inline).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.delaying = cls.env(context=dict(cls.env.context, queue_job__no_delay=False))

    def url_open(self, *args, **kwargs):
        # the server's request reads the database: send it what the test wrote
        self.env.flush_all()
        return super().url_open(*args, **kwargs)

    def import_demo_board(self):
        """Re-seed the emulator with the demo and import BOARD: sets
        ``self.board`` (the board's line on the backend)."""
        self.emulator.reset(seed="demo")
        self.board = self.fetch_and_tick(BOARD)
        self.env["trello.project.project"].import_board(
            self.backend, self.board.external_id
        )

    def synchronous_twin(self):
        """A second backend on the same Trello account: what a synchronous
        import of the same board costs there is the yardstick."""
        return self.env["trello.backend"].create(
            {
                "name": "Same Trello, synchronous",
                "api_url": self.emulator.api_url,
                "api_key": DEFAULT_KEY,
                "api_token": DEFAULT_TOKEN,
                "api_secret": DEFAULT_SECRET,
            }
        )

    def run_channel_jobs(self, channel, on_retry=None, until=None, **options):
        """Run the pending jobs of ``channel`` as the runner does, the chain
        as it grows, until none is left (or ``until`` jobs succeeded); a
        retryable failure postpones the job and calls ``on_retry``. Returns
        the descriptions of the jobs that succeeded and the number of tries.

        ``options``: ``max_runs`` (the test fails past it: the jobs never
        end) and ``muted``, the loggers silenced while a job runs.
        """
        max_runs, muted = options.get("max_runs", 40), options.get("muted", ())
        done, tries = [], 0
        while until is None or len(done) < until:
            record = self.env["queue.job"].search(
                [("channel", "=", channel), ("state", "=", "pending")],
                order="id",
                limit=1,
            )
            if not record:
                break
            tries += 1
            self.assertLessEqual(tries, max_runs, "the jobs never end")
            job = Job.load(self.delaying, record.uuid)
            try:
                with mute_logger(*muted), self.env.cr.savepoint():
                    job.perform()
            except RetryableJobError as err:
                _logger.info("job %s failed, retried: %s", job.description, err)
                self.env.invalidate_all()
                job.postpone(result=str(err))
                job.set_pending(reset_retry=False)
                job.store()
                if on_retry:
                    on_retry()
                continue
            job.set_done()
            job.store()
            done.append(job.description)
        self.env.invalidate_all()
        return done, tries

    def queued_jobs(self, **domain):
        return self.env["queue.job"].search(
            [(key, "=", value) for key, value in domain.items()]
        )


class EveryObjectCase(SupportBoardCase, QueueTrelloCase):
    """The Support board synchronized with an object of every kind.

    A card ("Password reset loop", ``self.task``) with a check item and an
    attachment besides the board's lists, labels, members and comment: a
    record of every binding model, for the access tests.
    """

    def setUp(self):
        super().setUp()
        alice, card = self.emulator.member_id, self.store_card("Password reset loop")
        checklist = self.store.create_checklist(alice, card, "Steps")
        self.store.create_check_item(alice, checklist, "Ask for a screenshot")
        self.store.add_attachment(alice, card, url="https://example.com/faq")
        self.backend.action_synchronize()
        self.card = card
        self.task = self.task_of(card)


class WebhookCase(QueueTrelloCase):
    """A ticked board whose webhook is registered, and deliveries to it."""

    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="demo")
        self.board = self.fetch_and_tick(BOARD)
        self.emulator.reset_counters()
        self.backend.webhook_base_url = self.base_url()
        self.callback_url = self.backend._webhook_callback_url()
        self.path = urlsplit(self.callback_url).path
        # registered as action_register_webhooks would (tested end to end)
        self.board.write(
            {
                "webhook_external_id": "f" * 24,
                "webhook_callback_url": self.callback_url,
            }
        )

    def payload(self, board_id=None):
        board_id = board_id or self.board.external_id
        return json.dumps(
            {
                "action": {
                    "id": "6" * 24,
                    "type": "updateCard",
                    "data": {
                        "board": {"id": board_id, "name": "whatever it says"},
                        "card": {"id": "7" * 24, "name": "Renamed"},
                    },
                },
                "model": {"id": board_id},
            }
        ).encode()

    def deliver(
        self,
        body,
        signature=None,
        url=None,
        path=None,
        sign=True,
        key=None,
        content_type="application/json",
    ):
        headers = {"Content-Type": content_type}
        if sign:
            headers["X-Trello-Webhook"] = signature or webhook_signature(
                DEFAULT_SECRET if key is None else key, body, url or self.callback_url
            )
        return self.url_open(path or self.path, data=body, headers=headers)

    def board_jobs(self):
        return self.queued_jobs(
            identity_key=board_import_identity(self.backend, self.board.external_id)
        )
