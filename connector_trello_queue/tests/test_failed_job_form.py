# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A failed job opens on the sentence for the admin, the traceback below."""

from lxml import etree

from odoo.addons.queue_job.controllers.main import RunJobController
from odoo.addons.queue_job.job import Job

from .. import jobs
from .common import EveryObjectCase


class TestFailedJobForm(EveryObjectCase):
    def _fail(self, job_record):
        """Run the job as the job runner does, and store its failure."""
        job = Job.load(self.env, job_record.uuid)
        with self.assertRaises(Exception) as cm:  # noqa: B017 (any failure)
            with self.env.cr.savepoint():
                job.perform()
        values = RunJobController._get_failure_values(
            job, "Traceback ...", cm.exception
        )
        job.set_failed(**values)
        job.store()
        return job_record

    def test_a_refused_export_fails_with_a_sentence(self):
        task = self.task.with_env(self.delaying)
        task.write({"name": "Password reset loop (edited)"})
        job_record = (
            task.sudo()
            .with_delay(**jobs.record_export_job(task.sudo()))
            .trello_export()
        )
        job_record = (
            job_record if hasattr(job_record, "_name") else job_record.db_record()
        )
        self.emulator.set_faults("400=idMembers:1@PUT /1/cards/*")
        self.addCleanup(self.emulator.set_faults, None)
        self._fail(job_record)
        self.assertEqual(job_record.state, "failed")
        self.assertEqual(
            job_record.exc_message,
            "Trello refused the value of idMembers: a user assigned in Odoo is "
            "mapped to a Trello member who is not on the board: add that member "
            "to the board in Trello, or map the user to a member of the board "
            "(the backend's Members tab).",
        )
        self.assertEqual(job_record.exc_info, "Traceback ...")

    def test_the_form_shows_the_sentence_above_the_traceback(self):
        arch = self.env["queue.job"].get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
        form = etree.fromstring(arch)
        sheet = form.find(".//sheet")
        children = [child for child in sheet.iter() if child.get("name")]
        names = [child.get("name") for child in children]
        failure = names.index("trello_failure")
        self.assertLess(failure, names.index("exc_info"))
        alert = children[failure]
        self.assertEqual(alert.get("invisible"), "state != 'failed' or not exc_message")
        self.assertEqual(alert.find(".//field").get("name"), "exc_message")
        self.assertEqual(
            sheet.find(".//group[@name='exc_info']").get("string"),
            "Technical Details (for a developer)",
        )
