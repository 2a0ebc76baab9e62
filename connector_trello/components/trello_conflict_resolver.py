# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component

from .. import usage
from ..chatter import post_connector_note
from ..tools import parse_trello_datetime, same_trello_value


class TrelloConflictResolver(Component):
    """Three-way merge of one object: the generic part, no Trello field.

    The base is the values last synchronized (``trello_synced_values``),
    both ways. A field changed on one side only takes that side's value; a
    field changed on both sides to different values is a conflict, decided
    by the backend's policy, and the losing value is posted on the record's
    chatter so that nothing is lost silently.

    Each bound model has its own resolver, ``trello_<model>_conflict_resolver.py``
    (``_apply_on`` its binding model): it lists which Trello keys are merged
    into which Odoo fields, and how the note names and shows them. This
    component is the fallback of a model without one: it merges nothing.
    ``merge()`` is the one entry point; the record importer, the bulk
    importer (through ``odoo_changed``) and the exporter all go through it.
    """

    _name = "trello.conflict.resolver"
    _inherit = "trello.base"
    _usage = usage.CONFLICT_RESOLVER

    #: Trello key -> the Odoo fields of the binding an import writes from
    #: it: what the import leaves alone when Odoo keeps the key.
    _merged_fields = {}
    #: Trello keys holding a set of ids (a card's labels, its members):
    #: merged element by element, so never a conflict (``_merge_elements``).
    _element_keys = ()

    # -- the entry points -------------------------------------------------

    def merges(self):
        """Whether this model is merged at all on this backend.

        One direction only means one master: nothing to merge.
        """
        return (
            bool(self._merged_fields)
            and self.backend_record.sync_direction == "two_way"
        )

    def merge(self, binding, trello_record, changes=None):
        """Decide, key by key, between Odoo and Trello's ``trello_record``.

        ``changes`` are Odoo's changes when the caller computed them (the
        exporter: every field it would send); else those of the merged keys.
        Returns ``(odoo_wins, trello_wins)``: the keys Odoo sends, with the
        value to send (a set of ids merged with Trello's, or Odoo's value),
        and the keys Trello keeps. A key Odoo changed that Trello did not
        (or changed to the same value) is Odoo's; a conflict goes to the
        policy's winner, and a note is posted.
        """
        if changes is None:
            changes = self.odoo_changes(binding)
        trello_values = self.trello_values(trello_record)
        base = self.base_values(binding)
        odoo_wins, trello_wins = {}, set()
        for key, odoo_value in changes.items():
            if key not in trello_values:
                odoo_wins[key] = odoo_value
                continue
            trello_value = trello_values[key]
            if key in self._element_keys:
                merged = self._merge_elements(
                    binding, trello_record, key, base.get(key), odoo_value, trello_value
                )
                if same_trello_value(key, merged, odoo_value):
                    odoo_wins[key] = odoo_value
                elif same_trello_value(key, merged, trello_value):
                    trello_wins.add(key)
                else:
                    odoo_wins[key] = merged
                continue
            if same_trello_value(key, trello_value, base.get(key)) or (
                same_trello_value(key, trello_value, odoo_value)
            ):
                odoo_wins[key] = odoo_value
                continue
            if self._odoo_wins(binding, trello_record):
                odoo_wins[key] = odoo_value
                self._post_note(binding, key, odoo_value, trello_value, "odoo")
            else:
                trello_wins.add(key)
                self._post_note(binding, key, odoo_value, trello_value, "trello")
        return odoo_wins, trello_wins

    def _merge_elements(self, binding, trello_record, key, base, odoo, trello):
        """A set of ids merged element by element: each element takes the
        side that changed it since the base, so both sides' additions and
        removals stay (a label Odoo removed, another one Trello removed:
        both go), and no note is due. An element both sides changed was
        changed the same way (in or out).

        An element only Odoo changed keeps Trello's state when Trello
        changed it back since (``_trello_changed_back``): the base cannot
        show that, Trello's actions do. The note names Odoo's value then,
        since Trello's newer change outweighed an Odoo edit.
        """
        base, odoo, trello = set(base or ()), set(odoo or ()), set(trello or ())
        odoo_alone = (odoo ^ base) - (trello ^ base)
        back = odoo_alone and self._trello_changed_back(
            binding, trello_record, key, odoo_alone
        )
        if back:
            odoo_alone -= back
            self._note_changed_back(binding, key, back, odoo)
        merged = (trello - odoo_alone) | (odoo & odoo_alone)
        return sorted(merged)

    def _trello_changed_back(self, binding, trello_record, key, elements):
        """The ``elements`` Trello changed and changed back since the base
        (hook: the model's resolver reads the object's actions)."""
        return set()

    def _note_changed_back(self, binding, key, elements, odoo):
        """Name Odoo's change that Trello's newer one of the same elements
        outweighed: kept as Trello holds them, and said."""
        text = self.env._(
            "Trello sync conflict on %(field)s: kept %(elements)s as Trello "
            "holds it, changed in Trello after Odoo's change of it was sent; "
            "Odoo's value %(lost)s was overwritten (the most recent change "
            "wins).",
            field=self._field_label(binding, key),
            elements=self._display(key, sorted(elements)),
            lost=self._display(key, sorted(odoo)),
        )
        self._post_text(binding, text)

    def keeps_base(self, keys):
        """The ``keys`` whose base an import keeping Odoo's value must not
        move: the export that follows merges them element by element, and
        against Trello's value as base Trello's own changes would look like
        Odoo's to undo."""
        return set(keys) & set(self._element_keys)

    def odoo_changed(self, binding):
        """Whether Odoo changed a merged key since the last synchronization
        (the bulk importer's question: the record importer answers it)."""
        return self.merges() and bool(self.odoo_changes(binding))

    def kept_fields(self, keys):
        """The Odoo fields an import must not write for Odoo's ``keys``."""
        return {name for key in keys for name in self._merged_fields.get(key, ())}

    # -- the three sides ----------------------------------------------------

    def base_values(self, binding):
        """The values last synchronized: the merge's base (hook)."""
        return binding._get_synced_values()

    def odoo_values(self, binding):
        """Odoo's values in Trello's terms (hook): the export mapper's."""
        mapper = self.component(usage=usage.EXPORT_MAPPER, model_name=binding._name)
        return mapper.map_record(binding).values(fields=None)

    def trello_values(self, trello_record):
        """Trello's values of an object as read, by key (hook)."""
        return trello_record

    def odoo_changes(self, binding, keys=None):
        """Odoo's values of the merged ``keys`` that differ from the base."""
        keys = self._merged_fields if keys is None else keys
        base = self.base_values(binding)
        values = self.odoo_values(binding)
        return {
            key: value
            for key, value in values.items()
            if key in base
            and key in keys
            and not same_trello_value(key, value, base.get(key))
        }

    def _odoo_wins(self, binding, trello_record):
        policy = self.backend_record.conflict_policy
        if policy in ("odoo", "trello"):
            return policy == "odoo"
        trello_date = parse_trello_datetime(self._trello_date(trello_record))
        odoo_date = binding.odoo_id.write_date
        if not trello_date:
            return True
        return bool(odoo_date) and odoo_date > trello_date

    def _trello_date(self, trello_record):
        """When Trello last changed the object, if it says (hook)."""
        return trello_record.get("dateLastActivity")

    # -- the chatter note ------------------------------------------------

    def _field_labels(self):
        """Trello key -> what the note calls the field (hook)."""
        return {}

    def _field_label(self, binding, key):
        """The field as the note names it (hook: the record too, when the
        note goes on another record's chatter)."""
        return self._field_labels().get(key, key)

    def _display(self, key, value):
        """A Trello value as a person reads it (hook: names, not ids)."""
        if isinstance(value, bool):
            return self.env._("yes") if value else self.env._("no")
        if value in (None, ""):
            return self.env._("(empty)")
        return str(value)

    def _display_ids(self, model, value):
        """Trello ids shown as the names of their bindings' records."""
        ids = value if isinstance(value, list) else [value] if value else []
        binder = self.binder_for(model)
        names = [binder.to_internal(ext_id).display_name or ext_id for ext_id in ids]
        return ", ".join(names) or self.env._("(none)")

    def _note_record(self, binding):
        """The record whose chatter gets the note (hook)."""
        return binding.odoo_id

    def _rule(self):
        """The rule that decided, as the note says it (hook)."""
        return {
            "most_recent": self.env._("the most recent change wins"),
            "trello": self.env._("Trello wins"),
            "odoo": self.env._("Odoo wins"),
        }[self.backend_record.conflict_policy]

    def _post_note(self, binding, key, odoo_value, trello_value, winner):
        label = self._field_label(binding, key)
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
                rule=self._rule(),
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
                rule=self._rule(),
            )
        self._post_text(binding, text)

    def note_overwritten(self, binding, key, written, overwritten):
        """Name a value written in Trello that an export's write overwrote.

        Trello has no conditional write: what someone wrote between the
        export's read and its write is gone on both sides, and only this
        note keeps it (see ``trello_written_over``).
        """
        text = self.env._(
            "Trello sync conflict on %(field)s: kept Odoo's value %(kept)s; "
            "Trello's value %(lost)s, written in Trello while Odoo's export was "
            "on its way, was overwritten (Trello has no conditional write).",
            field=self._field_label(binding, key),
            kept=self._display(key, written),
            lost=self._display(key, overwritten),
        )
        self._post_text(binding, text)

    def _post_text(self, binding, text):
        """Post ``text`` as the connector's note on the binding's record."""
        post_connector_note(self._note_record(binding), text)
