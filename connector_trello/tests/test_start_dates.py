# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The card's start and due <-> the task's start date and deadline (issue 20).

Odoo 18 Community's ``project.task`` has no start field: the connector adds
``planned_date_begin`` (Datetime), the name and type Enterprise's
project_enterprise uses for its Gantt view. Both are UTC in the database
and in Trello: a person's time zone only changes how the form shows them,
so a due at 23:30 in Tokyo is the same instant in Trello, in Odoo and for
a colleague in Los Angeles.
"""

from datetime import datetime

import pytz

from odoo import fields

from .common_export import TrelloExportCase

# (time zone, the wall-clock time the person types, the UTC instant)
ZONES = [
    ("Asia/Tokyo", datetime(2025, 3, 10, 23, 30), "2025-03-10T14:30:00.000Z"),
    (
        "America/Los_Angeles",
        datetime(2025, 3, 10, 23, 30),
        "2025-03-11T06:30:00.000Z",  # PDT since March 9: UTC-7
    ),
]


class TestStartDates(TrelloExportCase):
    def user_in(self, tz):
        return self.env["res.users"].create(
            {
                "name": f"Planner {tz}",
                "login": f"planner-{tz.lower().replace('/', '-')}",
                "tz": tz,
                "groups_id": [
                    (6, 0, [self.env.ref("project.group_project_manager").id])
                ],
            }
        )

    @staticmethod
    def as_utc(local, tz):
        """What the web client sends for a time typed in ``tz``."""
        aware = pytz.timezone(tz).localize(local)
        return aware.astimezone(pytz.utc).replace(tzinfo=None)

    def test_start_is_imported(self):
        hero = self.task_named("New hero banner")
        self.assertEqual(hero.planned_date_begin, datetime(2025, 1, 8, 9, 0))
        self.assertEqual(hero.date_deadline, datetime(2025, 1, 20, 17, 0))
        self.assertFalse(self.task_named("Dark mode").planned_date_begin)

    def test_each_zone_both_ways(self):
        for tz, local, instant in ZONES:
            with self.subTest(tz=tz):
                user = self.user_in(tz)
                task = self.task_named("Dark mode").with_user(user)
                # Odoo -> Trello: typed in the user's zone, the same instant
                task.write(
                    {
                        "planned_date_begin": self.as_utc(local, tz),
                        "date_deadline": self.as_utc(local, tz),
                    }
                )
                task.trello_export()
                card = self.card_named("Dark mode")
                self.assertEqual(card["due"], instant)
                self.assertEqual(card["start"], instant)
                # Trello -> Odoo: set in Trello, seen in the user's zone
                self.as_person(
                    "PUT",
                    f"/cards/{card['id']}",
                    due=instant.replace("30:00.000Z", "45:00.000Z"),
                    start=instant.replace("30:00.000Z", "15:00.000Z"),
                )
                self.backend.action_synchronize()
                task.invalidate_recordset()
                due = fields.Datetime.context_timestamp(task, task.date_deadline)
                start = fields.Datetime.context_timestamp(task, task.planned_date_begin)
                self.assertEqual(due.replace(tzinfo=None), local.replace(minute=45))
                self.assertEqual(start.replace(tzinfo=None), local.replace(minute=15))
                self.assertEqual(str(due.tzinfo), tz)

    def test_same_instant_for_two_zones(self):
        """A due set at 23:30 in Tokyo is 07:30 the same day in Los Angeles."""
        tokyo, angeles = (self.user_in(tz) for tz, _l, _i in ZONES)
        task = self.task_named("Dark mode").with_user(tokyo)
        task.date_deadline = self.as_utc(datetime(2025, 6, 2, 23, 30), "Asia/Tokyo")
        task.trello_export()
        self.assertEqual(
            self.card_named("Dark mode")["due"], "2025-06-02T14:30:00.000Z"
        )
        seen = fields.Datetime.context_timestamp(
            task.with_user(angeles), task.date_deadline
        )
        self.assertEqual(seen.replace(tzinfo=None), datetime(2025, 6, 2, 7, 30))

    def test_clearing_the_start_clears_it_in_trello(self):
        hero = self.task_named("New hero banner")
        hero.planned_date_begin = False
        hero.trello_export()
        self.assertIsNone(self.card_named("New hero banner")["start"])
        self.sync_writes_nothing(hero)
