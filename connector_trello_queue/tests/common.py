# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from odoo.addons.connector_trello.tests.common import TrelloCase

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
