# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloBinder(Component):
    """Binder of the ``_inherits`` bindings (Trello id <-> Odoo record)."""

    _name = "trello.binder"
    _inherit = ["base.binder", "trello.base"]

    def _prefetched(self):
        """The bindings a bulk importer read for this model, or None.

        ``{external_id: binding or None}``, set by ``trello.bulk.importer``
        while it maps a page (see its ``_prefetched``).
        """
        sync = getattr(self.work, "trello_sync", None)
        cache = sync and sync.get("prefetched_bindings")
        return cache.get(self.model._name) if cache else None

    def to_internal(self, external_id, unwrap=False):
        cache = self._prefetched()
        if cache is None or external_id not in cache:
            return super().to_internal(external_id, unwrap=unwrap)
        binding = (cache[external_id] or self.model).with_env(self.env)
        return binding[self._odoo_field] if unwrap else binding

    def to_internal_many(self, external_ids):
        """``{external_id: binding}`` for many ids, in one query."""
        cache = self._prefetched()
        if cache is not None and all(
            ext_id in cache for ext_id in external_ids if ext_id
        ):
            return {
                ext_id: cache[ext_id].with_env(self.env)
                for ext_id in external_ids
                if ext_id and cache[ext_id]
            }
        bindings = self.model.with_context(active_test=False).search(
            [
                (self._external_field, "in", list(external_ids)),
                (self._backend_field, "=", self.backend_record.id),
            ]
        )
        return {binding[self._external_field]: binding for binding in bindings}
