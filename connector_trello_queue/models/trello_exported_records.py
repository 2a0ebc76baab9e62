# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``trello_export()`` as a job: the records the listeners delay it on.

A job keeps its record's id: the record may be deleted before the job runs
(its deletion archived the Trello object already), and the job then has
nothing left to do instead of failing.
"""

from odoo import models

from ..export_batch import companions


class ProjectTask(models.Model):
    _inherit = "project.task"

    def trello_export(self, fields=None):
        return super(ProjectTask, self.exists()).trello_export(fields=fields)

    def _trello_export_companions(self, bindings):
        """In a task's export job, the waiting cards of its boards too: a
        burst of edits is exported after one read of the board (``export_batch``)."""
        return super()._trello_export_companions(bindings) | companions(self, bindings)


class ProjectTaskType(models.Model):
    _inherit = "project.task.type"

    def trello_export(self, fields=None):
        return super(ProjectTaskType, self.exists()).trello_export(fields=fields)


class ProjectTags(models.Model):
    _inherit = "project.tags"

    def trello_export(self, fields=None):
        return super(ProjectTags, self.exists()).trello_export(fields=fields)


class MailMessage(models.Model):
    _inherit = "mail.message"

    def trello_export(self, fields=None):
        return super(MailMessage, self.exists()).trello_export(fields=fields)


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def trello_export(self, fields=None):
        return super(IrAttachment, self.exists()).trello_export(fields=fields)
