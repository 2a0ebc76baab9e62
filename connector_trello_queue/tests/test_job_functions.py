# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests.common import TransactionCase

RETRY_PATTERN = {1: 10, 5: 60, 10: 300, 15: 1800}
OPEN_IN_TRELLO = "related_action_trello_open_in_trello"
OPEN_RECORD = "related_action_trello_open_record"
BINDING_MODELS = (
    "trello.project.project",
    "trello.project.task.type",
    "trello.project.task",
    "trello.project.tags",
    "trello.member",
    "trello.checkitem",
    "trello.mail.message",
    "trello.ir.attachment",
)


def assert_job_function(case, name, channel):
    """The job function ``name`` exists, on ``channel``, with the retry
    pattern and a related action; returns its configuration."""
    functions = case.env["queue.job.function"]
    case.assertTrue(functions.search([("name", "=", name)]))
    config = functions.job_config(name)
    case.assertEqual(config.channel, channel)
    case.assertEqual(config.retry_pattern, RETRY_PATTERN)
    case.assertTrue(config.related_action_enable)
    return config


class TestJobFunctions(TransactionCase):
    def expected_functions(self):
        expected = {
            "<trello.project.project>.import_board": OPEN_IN_TRELLO,
            "<trello.project.project>.import_board_page": OPEN_IN_TRELLO,
            "<trello.project.project>.import_board_finish": OPEN_IN_TRELLO,
        }
        for model in BINDING_MODELS:
            expected[f"<{model}>.import_record"] = OPEN_IN_TRELLO
            expected[f"<{model}>.delete_record"] = OPEN_RECORD
        return expected

    def test_channels(self):
        channels = self.env["queue.job.channel"].search([]).mapped("complete_name")
        for name in ("root.trello", "root.trello.import", "root.trello.export"):
            self.assertIn(name, channels)

    def test_each_function_has_channel_retry_pattern_and_related_action(self):
        for name, related_action in self.expected_functions().items():
            with self.subTest(function=name):
                config = assert_job_function(self, name, "root.trello.import")
                self.assertEqual(config.related_action_func_name, related_action)
                self.assertEqual(config.related_action_kwargs, {})

    def test_every_function_of_the_connector_is_configured(self):
        """Functions added later (the export) must be configured too."""
        functions = self.env["queue.job.function"].search(
            [("model_id.model", "=like", "trello.%")]
        )
        self.assertGreaterEqual(len(functions), len(self.expected_functions()))
        for function in functions:
            with self.subTest(function=function.name):
                config = functions.job_config(function.name)
                self.assertIn(
                    config.channel, ("root.trello.import", "root.trello.export")
                )
                self.assertTrue(config.retry_pattern)
                self.assertIn(
                    config.related_action_func_name, (OPEN_IN_TRELLO, OPEN_RECORD)
                )

    def test_related_actions_exist_on_queue_job(self):
        job = self.env["queue.job"]
        self.assertTrue(callable(getattr(job, OPEN_IN_TRELLO)))
        self.assertTrue(callable(getattr(job, OPEN_RECORD)))


class TestExportJobFunctions(TransactionCase):
    """The export jobs the listeners delay run on the Odoo records."""

    def test_export_functions_configuration(self):
        for model in (
            "project.task",
            "project.task.type",
            "project.tags",
            "project.project",
            "mail.message",
            "ir.attachment",
        ):
            name = f"<{model}>.trello_export"
            with self.subTest(function=name):
                config = assert_job_function(self, name, "root.trello.export")
                self.assertEqual(config.related_action_func_name, OPEN_IN_TRELLO)

    def test_project_export_functions_configuration(self):
        """The jobs of *Export to Trello*: the board, then its card pages."""
        for method in ("export_board_start", "export_board_cards"):
            name = f"<trello.project.project>.{method}"
            with self.subTest(function=name):
                config = assert_job_function(self, name, "root.trello.export")
                self.assertEqual(config.related_action_func_name, OPEN_IN_TRELLO)
