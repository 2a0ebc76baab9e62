# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Creating a page of records at once: what Odoo does record by record.

A bulk import creates a page of a thousand tasks and bindings with one
``create(vals_list)`` each, but Odoo's ``create`` still does some things
one record at a time. Two of them are done once for the page here, with the
same result:

* defaults (:func:`page_defaults`): Odoo computes the defaults of every
  missing field for each record, although they depend only on the context
  and on which fields are given (``default_get`` of a task also searches
  the user's personal stage);
* followers (:func:`deferred_subscriptions`): ``project.task.create()``
  subscribes the current user, and a sub-task its parent's followers, one
  task at a time (a query or three and a ``mail.followers`` create each).
"""

import copy
from collections import defaultdict
from contextlib import contextmanager

#: Context keys: where the page's defaults (by model and given fields) and
#: the subscriptions asked during the page's ``create`` are kept.
PAGE_DEFAULTS = "trello_page_defaults"
DEFERRED_SUBSCRIPTIONS = "trello_deferred_subscriptions"


def page_context():
    """What a page's ``create`` adds to its context: defaults once."""
    return {PAGE_DEFAULTS: {}}


def page_defaults(model, values, compute, leave_out=()):
    """``compute(values)`` (``_add_missing_default_values``), once a page.

    Outside a page (no :data:`PAGE_DEFAULTS` in the context) it is simply
    ``compute(values)``. In a page, the defaults of the first record with a
    given set of fields serve the others: what ``default_get`` returns
    depends on the context and the field names, not on the values. The
    properties fields are the exception (their defaults come from the
    definition record the values name): they are computed for each record.
    ``leave_out`` names defaults the caller does not want (see
    ``project.task._add_missing_default_values``).
    """
    cache = model.env.context.get(PAGE_DEFAULTS)
    if cache is None:
        return compute(values)
    key = (model._name, frozenset(values))
    if key not in cache:
        complete = compute(values)
        cache[key] = {
            name: value
            for name, value in complete.items()
            if name not in values
            and name not in leave_out
            and model._fields[name].type != "properties"
        }
    defaults = copy.deepcopy(cache[key])
    defaults.update(values)
    for name, field in model._fields.items():
        if field.type == "properties" and name not in values:
            defaults[name] = field._add_default_values(model.env, defaults)
    return defaults


@contextmanager
def deferred_subscriptions(env):
    """Subscribe the followers of a page of new tasks in a few queries.

    Inside this block ``project.task.message_subscribe`` only notes what it
    is asked; on leaving it, the same subscriptions are made for all the
    tasks at once, grouped by project, partners and subtypes (the project's
    ``message_subscribe`` derives subtypes from the project's followers, so
    only tasks of one project share a call). The followers are the same.
    """
    asked = []
    yield env(context=dict(env.context, **{DEFERRED_SUBSCRIPTIONS: asked}))
    groups = defaultdict(list)
    for project_id, partner_ids, subtype_ids, task_id in asked:
        groups[project_id, partner_ids, subtype_ids].append(task_id)
    asked.clear()  # the context that holds it may outlive the page
    tasks = env["project.task"]
    for (_project, partner_ids, subtype_ids), task_ids in groups.items():
        tasks.browse(task_ids).message_subscribe(
            list(partner_ids), list(subtype_ids) or None
        )
