# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from markupsafe import Markup, escape

from odoo import fields

from odoo.addons.component.core import Component

from .. import usage
from ..tools import parse_trello_datetime, same_trello_value

_logger = logging.getLogger(__name__)


class TrelloConflictResolver(Component):
    """Three-way merge of one object, shared by the importers and exporters.

    The base is ``trello_synced_values``: the values last synchronized, both
    ways. A field changed on one side only takes that side's value; a field
    changed on both sides to different values is a conflict, decided by the
    backend's policy, and the losing value is posted on the record's chatter
    so that nothing is lost silently.
    """

    _name = "trello.conflict.resolver"
    _inherit = "trello.base"
    _usage = usage.CONFLICT_RESOLVER

    def odoo_changes(self, binding, keys=None):
        """Trello values of the Odoo record that differ from the base."""
        base = binding._get_synced_values()
        mapper = self.component(usage=usage.EXPORT_MAPPER, model_name=binding._name)
        values = mapper.map_record(binding).values(fields=None)
        return {
            key: value
            for key, value in values.items()
            if key in base
            and (keys is None or key in keys)
            and not same_trello_value(key, value, base.get(key))
        }

    def resolve(self, binding, odoo_changes, trello_record):
        """Split Odoo's changes into the ones Odoo keeps and the ones it loses.

        Returns ``(odoo_wins, trello_wins)``: two sets of Trello keys. A key
        Odoo changed that Trello did not (or changed to the same value) is
        Odoo's; a conflict goes to the policy's winner, and a note is posted.
        """
        base = binding._get_synced_values()
        odoo_wins, trello_wins = set(), set()
        for key, odoo_value in odoo_changes.items():
            if key not in trello_record:
                odoo_wins.add(key)
                continue
            trello_value = trello_record[key]
            if same_trello_value(key, trello_value, base.get(key)) or (
                same_trello_value(key, trello_value, odoo_value)
            ):
                odoo_wins.add(key)
                continue
            if self._odoo_wins(binding, trello_record):
                odoo_wins.add(key)
                self._post_note(binding, key, odoo_value, trello_value, "odoo")
            else:
                trello_wins.add(key)
                self._post_note(binding, key, odoo_value, trello_value, "trello")
        return odoo_wins, trello_wins

    def _odoo_wins(self, binding, trello_record):
        policy = self.backend_record.conflict_policy
        if policy in ("odoo", "trello"):
            return policy == "odoo"
        trello_date = parse_trello_datetime(trello_record.get("dateLastActivity"))
        odoo_date = binding.odoo_id.write_date
        if not trello_date:
            return True
        return bool(odoo_date) and odoo_date > trello_date

    # -- the chatter note ------------------------------------------------

    def _field_labels(self):
        _ = self.env._
        return {
            "name": _("Name"),
            "desc": _("Description"),
            "idList": _("Stage"),
            "idLabels": _("Tags"),
            "idMembers": _("Assignees"),
            "due": _("Deadline"),
            "dueComplete": _("Done"),
            "closed": _("Archived"),
            "pos": _("Order"),
            "state": _("Done"),
        }

    def _display(self, key, value):
        """A Trello value as a person reads it (names, not ids)."""
        models = {
            "idList": "trello.project.task.type",
            "idLabels": "trello.project.tags",
            "idMembers": "trello.member",
        }
        if key in models:
            ids = value if isinstance(value, list) else [value] if value else []
            binder = self.binder_for(models[key])
            names = [
                binder.to_internal(ext_id).display_name or ext_id for ext_id in ids
            ]
            return ", ".join(names) or self.env._("(none)")
        if key == "due":
            date = parse_trello_datetime(value)
            return fields.Datetime.to_string(date) if date else self.env._("(none)")
        if isinstance(value, bool):
            return self.env._("yes") if value else self.env._("no")
        if value in (None, ""):
            return self.env._("(empty)")
        return str(value)

    def _post_note(self, binding, key, odoo_value, trello_value, winner):
        rules = {
            "most_recent": self.env._("the most recent change wins"),
            "trello": self.env._("Trello wins"),
            "odoo": self.env._("Odoo wins"),
        }
        label = self._field_labels().get(key, key)
        if winner == "odoo":
            kept, lost = (
                self._display(key, odoo_value),
                self._display(key, trello_value),
            )
            text = self.env._(
                "Trello sync conflict on %(field)s: kept Odoo's value "
                "%(kept)s; Trello's value %(lost)s was overwritten (%(rule)s).",
                field=label,
                kept=kept,
                lost=lost,
                rule=rules[self.backend_record.conflict_policy],
            )
        else:
            kept, lost = (
                self._display(key, trello_value),
                self._display(key, odoo_value),
            )
            text = self.env._(
                "Trello sync conflict on %(field)s: kept Trello's value "
                "%(kept)s; Odoo's value %(lost)s was overwritten (%(rule)s).",
                field=label,
                kept=kept,
                lost=lost,
                rule=rules[self.backend_record.conflict_policy],
            )
        record = binding.odoo_id
        if not hasattr(record, "message_post"):
            _logger.info("%s: %s", binding, text)
            return
        record.with_context(mail_create_nosubscribe=True).message_post(
            body=Markup("<p>%s</p>") % escape(text),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            author_id=self.env.ref("base.partner_root").id,
        )
