# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests.common import TransactionCase


class TestJobFunctions(TransactionCase):
    def test_import_jobs_run_in_the_import_channel(self):
        functions = self.env["queue.job.function"]
        for model in ("trello.project.task", "trello.project.task.type"):
            config = functions.job_config(f"<{model}>.import_record")
            self.assertEqual(config.channel, "root.trello.import")
        config = functions.job_config("<trello.project.project>.import_board")
        self.assertEqual(config.channel, "root.trello.import")
        self.assertEqual(config.retry_pattern, {1: 10, 5: 60, 10: 300, 15: 1800})
