# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import Command
from odoo.tools.mail import generate_tracking_message_id

from odoo.addons.component.core import Component

from .. import usage

#: What ``fields_get`` tells ``mail.tracking.value`` about a tracked field.
TRACKING_ATTRIBUTES = ("string", "type", "selection", "currency_field")


class TrelloImportTracker(Component):
    """What an import changed on a record, in its chatter: one note each.

    Imports write with Odoo's tracking off (``tracking_disable`` in
    ``_connector_context``): Odoo's own tracking would post as whoever runs
    the import (the connector, or the admin who clicked), notify the
    followers of a stage change and send the stage's e-mail template. So
    the importers ask this component instead: ``snapshot`` keeps the values
    of the tracked fields about to be written, ``post`` compares them with
    what was written and gives each record that changed one note
    (``mail.mt_note``, no notification, no e-mail) with Odoo's own tracking
    values, so that it reads like Odoo's "A → B" lines. Its author is the
    Odoo user of the Trello member who made the change, when the import
    knows the member (the board's actions name them: the incremental import
    keeps them in ``trello_sync["changed_by"]``) and the member is mapped;
    otherwise OdooBot, and the note names the member, or says only "Changed
    in Trello" (a full or single import reads no action). A record created
    by an import gets no note (as Odoo's ``create`` with
    ``mail_create_nolog``); a write that changes nothing tracked, none.
    All the notes of a page are created by one ``create``.
    """

    _name = "trello.import.tracker"
    _inherit = "trello.base"
    _usage = usage.IMPORT_TRACKER

    #: Fields noted besides those Odoo tracks (``tracking=True``), by model:
    #: a card's labels are its tags.
    _also_tracked = {"project.task": ("tag_ids",)}

    def _odoo_model(self):
        """The Odoo model of the bindings, when it has a chatter; else None."""
        field = self.model._fields.get("odoo_id")
        if field is None:
            return None
        odoo_model = self.env[field.comodel_name]
        if not hasattr(odoo_model, "_track_get_fields"):
            return None
        return odoo_model

    def _tracked_fields(self, odoo_model):
        """The names of the fields an import's note reports (hook)."""
        names = set(odoo_model._track_get_fields())
        names.update(self._also_tracked.get(odoo_model._name, ()))
        return names

    def snapshot(self, written):
        """The current values of the tracked fields about to be written.

        ``written`` is ``[(binding, values)]``, the values as the binding
        gets them; returns what ``post`` needs, empty when nothing tracked
        is written.
        """
        odoo_model = self._odoo_model()
        if odoo_model is None:
            return {}
        tracked = self._tracked_fields(odoo_model)
        before = {}
        for binding, values in written:
            names = tracked.intersection(values)
            if names and binding.odoo_id:
                record = binding.odoo_id
                before[binding.id] = (
                    binding,
                    record,
                    {name: record[name] for name in names},
                )
        return before

    def post(self, before):
        """One note per record whose tracked fields changed since ``before``."""
        if not before:
            return self.env["mail.message"]
        odoo_model = self._odoo_model()
        info = odoo_model.fields_get(
            self._tracked_fields(odoo_model), attributes=TRACKING_ATTRIBUTES
        )
        authors = self._authors([binding for binding, _r, _i in before.values()])
        self._read_again([record for _b, record, _i in before.values()], info)
        vals_list = []
        for binding, record, initial in before.values():
            _changes, tracking = record._mail_track(info, initial)
            if tracking:
                vals_list.append(
                    self._message_values(record, tracking, authors[binding.id])
                )
        if not vals_list:
            return self.env["mail.message"]
        return (
            self.env["mail.message"]
            .sudo()
            .with_context(**self._connector_context())
            .create(vals_list)
        )

    @staticmethod
    def _read_again(records, info):
        """Read the written lists from the database, in their model's order.

        The cache holds a written many2many in the order it was given (a
        card's label order): read again, the new value shows in the order
        the old one was read (tags by name), one query for the page.
        """
        names = [name for name, desc in info.items() if desc["type"] == "many2many"]
        if records and names:
            records = records[0].browse([record.id for record in records])
            records.flush_recordset(names)
            records.invalidate_recordset(names)

    # -- who changed it --------------------------------------------------------

    def _trello_keys(self, binding):
        """The Trello ids whose actions changed this object: its own, then
        its card's (a check item changes through its card's actions)."""
        keys = [binding.external_id]
        if "card_binding_id" in binding._fields and binding.card_binding_id:
            keys.append(binding.card_binding_id.external_id)
        return keys

    def _authors(self, bindings):
        """``{binding id: [(member binding or None, memberCreator)]}``.

        From the actions the import read (``trello_sync["changed_by"]``:
        ``{Trello id: {member id: memberCreator}}``); the members looked up
        in one query.
        """
        sync = getattr(self.work, "trello_sync", None) or {}
        changed_by = sync.get("changed_by") or {}
        creators = {}
        for binding in bindings:
            found = {}
            for key in self._trello_keys(binding):
                if key in changed_by:
                    found = changed_by[key]
                    break
            creators[binding.id] = found
        member_ids = {m for found in creators.values() for m in found}
        members = (
            self.binder_for("trello.member").to_internal_many(list(member_ids))
            if member_ids
            else {}
        )
        return {
            binding_id: [
                (members.get(member_id), creator)
                for member_id, creator in found.items()
            ]
            for binding_id, found in creators.items()
        }

    def _message_values(self, record, tracking, authors):
        """The note's values: those of Odoo's ``_message_log``, with its
        author and the members it names."""
        mapped = authors[0][0].user_id if len(authors) == 1 and authors[0][0] else None
        if mapped:
            author = mapped.partner_id
            body = self.env._("Changed in Trello")
        else:
            author = self.env.ref("base.partner_root")
            names = [self._member_name(member, creator) for member, creator in authors]
            body = (
                self.env._("Changed in Trello by %(names)s", names=", ".join(names))
                if names
                else self.env._("Changed in Trello")
            )
        members = [member.id for member, _creator in authors if member]
        return {
            "author_id": author.id,
            "email_from": author.email_formatted,
            "model": record._name,
            "res_id": record.id,
            "body": Markup("<p>%s</p>") % body,
            "message_type": "notification",
            "is_internal": True,
            "subtype_id": self.env.ref("mail.mt_note").id,
            "tracking_value_ids": tracking,
            "trello_changed_by_ids": [Command.set(members)],
            "email_add_signature": False,
            "message_id": generate_tracking_message_id("message-notify"),
            "reply_to": author.email_formatted or False,
            "record_name": False,
        }

    def _member_name(self, member, creator):
        """How a note names a member (an erased member's name is gone)."""
        if member:
            return member._changed_by_name(creator)
        return creator.get("fullName") or creator.get("username") or "?"
