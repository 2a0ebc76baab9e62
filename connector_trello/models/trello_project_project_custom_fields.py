# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError

from .. import custom_fields as cf
from ..chatter import post_connector_note
from ..client import TRELLO_ERRORS, dumps, dumps_synced
from ..errors import refused_in_a_click


class TrelloProjectProjectCustomFields(models.Model):
    """A board's custom fields as its project's task properties."""

    _inherit = "trello.project.project"

    trello_custom_field_map = fields.Text(
        readonly=True,
        copy=False,
        help="Which task property holds which custom field of the board "
        "(JSON: custom field id -> property name, type and options).",
    )

    def _apply_custom_fields(self, definitions):
        """Make the project's task properties follow the board's fields.

        ``definitions``: the board's ``customFields`` as read (None: not
        read, nothing changes). A new field adds a property, a renamed one
        renames it, options follow (a new one is added, a renamed one
        renamed); a property Odoo has that no field maps is left alone.

        A field gone from Trello is unbound: no export writes to it, and its
        property stays with Odoo's values (deleting it would drop every
        task's value with no trace; an admin removes it in one click, or
        offers it to Trello again). A new field named as such a property
        that the connector made takes it back (deleted and made again).
        A field whose type no longer fits its property (made again with
        another type, retyped through the API, or the property retyped in
        Odoo) retypes the property: each value is converted, or posted in
        the task's chatter when it cannot be (see ``_retype_values``).
        Writes only what changed.
        """
        self.ensure_one()
        if definitions is None:
            return
        mapping = cf.load_map(self)
        live = {field["id"] for field in definitions}
        for field_id in [fid for fid in mapping if fid not in live]:
            del mapping[field_id]
        project = self.odoo_id
        properties = [dict(p) for p in project.task_properties_definition or []]
        by_name = {p["name"]: p for p in properties}
        retyped = {}
        for field in sorted(definitions, key=lambda f: (f.get("pos") or 0, f["id"])):
            kind = field.get("type")
            if kind not in cf.PROPERTY_TYPES:
                continue
            entry = mapping.get(field["id"]) or {
                "property": self._orphan_property(properties, mapping, field)
                or f"trello_{field['id']}",
                "type": kind,
            }
            entry["type"] = kind
            prop = by_name.get(entry["property"])
            if prop is None:
                prop = {"name": entry["property"], "type": cf.PROPERTY_TYPES[kind]}
                properties.append(prop)
                by_name[prop["name"]] = prop
            elif not cf.fits(prop.get("type"), kind):
                retyped[field["id"]] = dict(prop)
                for key in ("selection", "default", "tags", "comodel", "domain"):
                    prop.pop(key, None)
                prop["type"] = cf.PROPERTY_TYPES[kind]
                entry.pop("options", None)
            prop["string"] = field.get("name") or prop.get("string") or ""
            if kind == "list":
                options = entry.setdefault("options", {})
                labels = dict(prop.get("selection") or [])
                for option in sorted(
                    field.get("options") or (), key=lambda o: o.get("pos") or 0
                ):
                    key = options.setdefault(option["id"], option["id"])
                    labels[key] = (option.get("value") or {}).get("text") or key
                prop["selection"] = [[key, label] for key, label in labels.items()]
            mapping[field["id"]] = entry
        # the values as the old definitions read them, before it changes
        tasks = (
            self.env["project.task"]
            .with_context(active_test=False)
            .search([("project_id", "=", project.id)])
            if retyped
            else self.env["project.task"]
        )
        old_values = {task: dict(task.task_properties or {}) for task in tasks}
        if properties != list(project.task_properties_definition or []):
            project.with_context(**self._trello_quiet()).write(
                {"task_properties_definition": properties}
            )
        text = dumps(mapping)
        if text != (self.trello_custom_field_map or dumps({})):
            self.with_context(**self._trello_quiet()).write(
                {"trello_custom_field_map": text}
            )
        if retyped:
            self._retype_values(retyped, by_name, old_values)

    @staticmethod
    def _orphan_property(properties, mapping, field):
        """The name of the property a deleted field of ``field``'s name left
        (made by the connector, ``trello_<id>``, and bound to no field), so
        that a field deleted and made again keeps one property."""
        bound = {entry["property"] for entry in mapping.values()}
        for prop in properties:
            if (
                prop["name"].startswith("trello_")
                and prop["name"] not in bound
                and prop.get("string") == field.get("name")
            ):
                return prop["name"]
        return None

    def _retype_values(self, retyped, by_name, old_values):
        """Each task's values of the retyped properties, converted.

        ``retyped``: ``{idCustomField: the property's old definition}``. A
        value that cannot be converted (``"Web"`` as a number) is emptied
        and posted as a note in the task's chatter, with the field's name,
        its new type and the value: not lost silently. The last
        synchronized value of the field is forgotten on every card (it was
        of the old type): a converted value is then Odoo's change, sent to
        the card by the next export in the field's new type, and Trello's
        value of the new type, if any, meets it in the three-way merge.
        """
        quiet = self._trello_quiet()
        for task, values in old_values.items():
            new_values = dict(values)
            lost = []
            for old_prop in retyped.values():
                name = old_prop["name"]
                value = values.get(name)
                if value in (None, False, ""):
                    continue
                converted = cf.convert(old_prop, value, by_name[name])
                new_values[name] = False if converted is None else converted
                if converted is None:
                    lost.append((by_name[name], cf.as_text(old_prop, value)))
            if new_values != values:
                task.with_context(**quiet).write({"task_properties": new_values})
            for prop, text in lost:
                post_connector_note(
                    task,
                    self.env._(
                        "The Trello custom field %(field)s is now of type "
                        "%(type)s: this task's value %(value)s could not be "
                        "converted, it was removed from the task property.",
                        field=prop.get("string") or prop["name"],
                        type=cf.TRELLO_TYPES[prop["type"]],
                        value=text,
                    ),
                )
        keys = [cf.key_of(field_id) for field_id in retyped]
        cards = (
            self.env["trello.project.task"]
            .with_context(active_test=False)
            .search([("project_binding_id", "=", self.id)])
        )
        for card in cards:
            synced = card._get_synced_values()
            if any(synced.get(key) is not None for key in keys):
                synced.update(dict.fromkeys(keys))
                card.with_context(**quiet).write(
                    {"trello_synced_values": dumps_synced(synced)}
                )

    @staticmethod
    def _trello_quiet():
        """What the connector's own writes carry: no export back."""
        return {
            "connector_trello": True,
            "connector_no_export": True,
            "tracking_disable": True,
            "mail_notrack": True,
        }

    def _unmapped_properties(self):
        """The project's task properties that no custom field holds yet and
        that Trello can hold (text, number, date, checkbox, list)."""
        self.ensure_one()
        mapped = {e["property"] for e in cf.load_map(self).values()}
        return [
            p
            for p in self.odoo_id.task_properties_definition or []
            if p["name"] not in mapped and p.get("type") in cf.TRELLO_TYPES
        ]

    def action_offer_properties(self):
        """Create on the board a custom field for each property Odoo added.

        Explicit (a button): a property added to a project's tasks is
        Odoo's until someone decides the board should show it. One
        ``POST /1/customFields`` per property, with its options; the task
        values follow at each task's next export. Never twice: the board's
        fields are read first, and a field of the property's name and type
        that no property holds (made by a click whose answer was lost, or
        by hand in Trello) is bound instead of made again.
        """
        self.odoo_id._check_trello_export_board_caller()
        created = 0
        for board in self.sudo():
            properties = board.external_id and board._unmapped_properties()
            if not properties:
                continue
            backend = board.backend_id
            try:
                created += board._offer_on_board(backend._get_client(), properties)
            except TRELLO_ERRORS as err:
                sentence = self.env._(
                    "The task properties of %(name)s were not offered to Trello: "
                    "%(error)s",
                    name=board.name,
                    error=backend._describe_error(err, about_object=True),
                )
                raise refused_in_a_click(err, sentence) from err
        if not created:
            raise UserError(
                self.env._(
                    "Every task property Trello can hold is already a custom "
                    "field of the board."
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s custom field(s) created on the board.", count=created
                ),
            },
        }

    def _offer_on_board(self, client, properties):
        """Make (or bind) a custom field for each of ``properties``; returns
        how many. The board's fields are read first: one of the property's
        name and type that no property holds is bound, not made again."""
        mapping = cf.load_map(self)
        unbound = {
            (field.get("name"), field.get("type")): field
            for field in client.get(f"boards/{self.external_id}/customFields")
            if field.get("id") not in mapping
        }
        for prop in properties:
            kind = cf.TRELLO_TYPES[prop["type"]]
            body = {
                "idModel": self.external_id,
                "modelType": "board",
                "name": prop.get("string") or prop["name"],
                "type": kind,
                "pos": "bottom",
                "display_cardFront": True,
            }
            selection = prop.get("selection") or []
            if kind == "list":
                body["options"] = [
                    {"value": {"text": label}, "color": "none"}
                    for _key, label in selection
                ]
            answer = unbound.pop((body["name"], kind), None) or client.post(
                "customFields", **body
            )
            entry = {"property": prop["name"], "type": kind}
            if kind == "list":
                keys = {label: key for key, label in selection}
                entry["options"] = {
                    option["id"]: keys[option["value"]["text"]]
                    for option in answer.get("options") or []
                    if option.get("value", {}).get("text") in keys
                }
            mapping[answer["id"]] = entry
        self.with_context(**self._trello_quiet()).write(
            {"trello_custom_field_map": dumps(mapping)}
        )
        return len(properties)
