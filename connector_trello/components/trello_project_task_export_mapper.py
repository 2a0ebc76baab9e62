# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tools import SQL

from odoo.addons.component.core import Component
from odoo.addons.connector.components.mapper import changed_by, mapping, only_create

from .. import custom_fields
from ..tools import (
    fit_text,
    format_trello_datetime,
    html_to_markdown,
    markdown_to_html,
    same_html,
)
from .trello_project_task_mapper import DONE_STATE


class TrelloProjectTaskExportMapper(Component):
    """Task -> card, in the card's own terms (ids, ISO dates, Markdown).

    Each value is what the card should hold; values that Odoo has not
    changed come out exactly as last synchronized, so a task imported and
    exported again sends nothing.
    """

    _name = "trello.project.task.export.mapper"
    _inherit = "trello.export.mapper"
    _apply_on = ["trello.project.task"]

    def __init__(self, work_context):
        super().__init__(work_context)
        #: ``_desc``'s Markdown, by task and both texts
        self._desc_memo = {}

    @changed_by("name")
    @mapping
    def name(self, record):
        return {"name": fit_text(record.name or "")}

    @changed_by("description")
    @mapping
    def desc(self, record):
        # over Trello's limit: shortened and marked, whole in Odoo
        return {"desc": fit_text(self._desc(record))}

    def _desc(self, record):
        """The Markdown last synchronized while the HTML is what it gave.

        HTML -> Markdown -> HTML is not an identity: converting again an
        unchanged description would rewrite the card at every export.
        Converted once per description: the mapping and ``full_texts`` ask
        for it in the same export, and a burst's job maps 100 cards.
        """
        synced = record.trello_desc or ""
        key = (record.id, record.description, synced)
        memo = self._desc_memo
        if key not in memo:
            if same_html(record.description, markdown_to_html(synced)):
                memo[key] = synced
            else:
                memo[key] = html_to_markdown(record.description)
        return memo[key]

    def full_texts(self, record):
        return {"name": record.name or "", "desc": self._desc(record)}

    @changed_by("stage_id", "project_id")
    @mapping
    def id_list(self, record):
        lists = record.stage_id.trello_bind_ids.filtered(
            lambda b: b.backend_id == self.backend_record
            and b.project_binding_id == record.project_binding_id
        )
        return {"idList": lists[:1].external_id or None}

    @changed_by("tag_ids")
    @mapping
    def id_labels(self, record):
        """One label of the board per tag; a tag bound to two labels of the
        board keeps the one the card already has."""
        synced = set(record._get_synced_values().get("idLabels") or [])
        board = record.project_binding_id
        ids = []
        for tag in record.tag_ids:
            # the tags' bindings, read for the whole batch at once (and
            # already by the exporter's dependencies): no query per card
            candidates = tag.trello_bind_ids.filtered(
                lambda b, board=board: b.backend_id == self.backend_record
                and b.project_binding_id == board
                and b.external_id
            ).sorted("id")
            kept = [b.external_id for b in candidates if b.external_id in synced]
            ids.extend(kept or candidates[:1].mapped("external_id"))
        return {"idLabels": sorted(ids)}

    @changed_by("user_ids")
    @mapping
    def id_members(self, record):
        """Members of the assignees (mapped users only), plus the card's
        members that Odoo cannot show (not mapped to a user): kept."""
        synced = record._get_synced_values().get("idMembers") or []
        members = self._backend_members()
        by_id = {member.external_id: member for member in members}
        nobody = self.env["trello.member"]
        ids = {ext_id for ext_id in synced if not by_id.get(ext_id, nobody).user_id}
        for user in record.user_ids:
            mapped = members.filtered(lambda m, user=user: m.user_id == user)
            kept = [m.external_id for m in mapped if m.external_id in synced]
            ids.update(kept or mapped[:1].mapped("external_id"))
        return {"idMembers": sorted(ids)}

    def _backend_members(self):
        """The backend's members, read once a synchronization (a burst's
        job maps 100 cards): a member the synchronization imports makes
        them read again (the member importer's ``_after_import``)."""
        backend = self.backend_record
        return self._once_per_sync(
            "members",
            backend.id,
            lambda: self.env["trello.member"].search([("backend_id", "=", backend.id)]),
        )

    @changed_by("date_deadline")
    @mapping
    def due(self, record):
        return {"due": format_trello_datetime(record.date_deadline)}

    @changed_by("planned_date_begin")
    @mapping
    def start(self, record):
        return {"start": format_trello_datetime(record.planned_date_begin)}

    @changed_by("task_properties", "project_id")
    @mapping
    def custom_field_values(self, record):
        """One key per custom field of the board, from the task's property.

        A value the field's type cannot hold (its property retyped in Odoo)
        has no key: Trello keeps its value until the next import makes the
        property follow the field again.
        """
        mapping = custom_fields.load_map(record.project_binding_id)
        current = record.odoo_id.task_properties or {}
        values = {}
        for field_id, entry in mapping.items():
            try:
                values[custom_fields.key_of(field_id)] = custom_fields.from_property(
                    entry, current.get(entry["property"])
                )
            except (TypeError, ValueError):
                continue
        return values

    @changed_by("state", "trello_due_complete")
    @mapping
    def due_complete(self, record):
        """The done state, or the badge: as the backend maps ``dueComplete``
        on import (see the import mapper's ``state``)."""
        if self.backend_record.due_complete_closes_task:
            return {"dueComplete": record.state == DONE_STATE}
        return {"dueComplete": bool(record.trello_due_complete)}

    @changed_by("active")
    @mapping
    def closed(self, record):
        return {"closed": not record.active}

    @changed_by("sequence", "stage_id")
    @mapping
    def pos(self, record):
        return {"pos": self._keep_or_place(record, self._list_cards(record))}

    def _list_cards(self, record):
        """The cards of ``record``'s list (archived too), in ``_in_order``'s
        order, sorted by PostgreSQL: a burst maps each card of a list that
        may hold hundreds, and sorting them as records cost more than the
        rest of the card's mapping."""
        env = self.env
        env["project.task"].flush_model(["sequence", "stage_id", "parent_id"])
        env["trello.project.task"].flush_model(
            ["project_binding_id", "trello_pos", "external_id", "odoo_id"]
        )
        rows = env.execute_query(
            SQL(
                """
                SELECT card.id
                  FROM trello_project_task card
                  JOIN project_task task ON task.id = card.odoo_id
                 WHERE card.project_binding_id IS NOT DISTINCT FROM %s
                   AND task.stage_id IS NOT DISTINCT FROM %s
                   AND task.parent_id IS NULL
                 ORDER BY coalesce(task.sequence, 0),
                          coalesce(card.trello_pos, 0.0),
                          coalesce(card.external_id, '~') COLLATE "C",
                          card.id
                """,
                record.project_binding_id.id or None,
                record.stage_id.id or None,
            )
        )
        return record.browse([row[0] for row in rows])

    @only_create
    @mapping
    def id_board(self, record):
        return {"idBoard": record.project_binding_id.external_id}
