"""The ``/1/`` route handlers, one module per Trello resource.

Importing the package registers every route in :data:`ROUTES` (method, werkzeug
rule, handler, options); :mod:`.common` holds what the handlers share: the
:class:`Call` (parameters, caller, lookups with Trello's errors) and the
filtering, paging and rendering helpers.
"""

from . import (  # noqa: F401  (each module registers its routes on import)
    members,
    boards,
    lists,
    cards,
    actions,
    checklists,
    attachments,
    labels,
    batch,
    webhooks,
    custom_fields,
    organizations,
)
from .batch import batch as batch_handler
from .common import ROUTES, Call

__all__ = ["ROUTES", "Call", "batch_handler"]
