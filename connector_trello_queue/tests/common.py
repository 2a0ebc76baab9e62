# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from odoo.addons.connector_trello.tests.common import TrelloCase
from odoo.addons.connector_trello.tests.hardening_common import SupportBoardCase

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
