# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who may reach Trello: every public method of both addons, as five roles.

The methods are found by introspection: every method whose name does not
start with ``_`` defined by a class of ``connector_trello`` or
``connector_trello_queue``, on every model (Odoo's own models our addons
extend included). A method added tomorrow is in the matrix at once: unless
``LEAST_ROLE`` says otherwise, only the connector manager may call it.

Each method is called as each role, with the arguments an attacker would
give it (records of a synchronized board, the Trello ids of its objects),
once with jobs run inline and once with jobs delayed as a click delays them.
A call is *refused* when it raises ``AccessError``; for a refused call the
emulator must have received **no** request (read or write) and no job may
have been queued. A method that RPC cannot reach (``@api.private``) is in
the matrix too: RPC refuses it for everyone, which the test checks through
Odoo's own dispatcher (``get_public_method``).
"""

import inspect
import logging
from collections import Counter

from odoo.exceptions import AccessError
from odoo.service.model import get_public_method
from odoo.tests.common import new_test_user
from odoo.tools import mute_logger

from odoo.addons.connector_trello.tests.test_security import BINDING_MODELS

from .common import EveryObjectCase

_logger = logging.getLogger(__name__)

OUR_MODULES = ("odoo.addons.connector_trello.", "odoo.addons.connector_trello_queue.")

#: The roles, from the least to the most trusted. The connector manager is
#: the administrator of the demo: project manager and connector manager.
ROLES = ("portal", "employee", "project_user", "project_manager", "connector_manager")
GROUPS = {
    "portal": "base.group_portal",
    "employee": "base.group_user",
    "project_user": "project.group_project_user",
    "project_manager": "project.group_project_manager",
    "connector_manager": "project.group_project_manager,"
    "connector.group_connector_manager",
}

#: Refused to all five roles (only Odoo's administrators may).
NOBODY = "nobody"

#: The least role that may call a method, by ``(model, method)`` or by
#: method name alone. Every other public method of ours: connector manager.
LEAST_ROLE = {
    # nothing reaches Trello: a window action or a URL
    "action_open_boards": "employee",
    "action_open_trello": "portal",
    # the jobs' related actions: who may read the jobs (Odoo's settings)
    "related_action_trello_open_in_trello": NOBODY,
    "related_action_trello_open_record": NOBODY,
    ("queue.job", "write"): NOBODY,
    # Odoo's own ORM overrides: Odoo's rules decide, Trello follows after
    ("project.task", "unlink"): "project_user",
    ("project.task", "message_subscribe"): "employee",
    ("project.task.type", "unlink"): "project_manager",
    ("project.task.type", "write"): "project_manager",
    ("project.tags", "write"): "project_user",
    ("project.tags", "unlink"): "project_user",
    ("mail.message", "unlink"): "project_user",
    ("ir.attachment", "unlink"): "project_user",
    # exporting what the caller may change (tasks, stages...) or read
    ("project.task", "trello_export"): "project_user",
    ("project.task.type", "trello_export"): "project_manager",
    ("project.tags", "trello_export"): "project_user",
    ("project.project", "trello_export"): "project_manager",
    ("mail.message", "trello_export"): "project_user",
    ("ir.attachment", "trello_export"): "project_user",
}
DEFAULT_LEAST_ROLE = "connector_manager"


class RolledBack(Exception):
    """Raised to roll back a call that succeeded."""


def our_public_methods(registry, abstract=False):
    """``{(model, method name)}``: the public methods our addons define on
    the concrete models (or, with ``abstract``, on the abstract ones)."""
    found = set()
    for model_name in registry:
        cls = registry[model_name]
        if bool(cls._abstract) != abstract:
            continue
        for klass in cls.mro():
            if not klass.__module__.startswith(OUR_MODULES):
                continue
            for name, value in vars(klass).items():
                if name.startswith("_") or not inspect.isfunction(value):
                    continue
                found.add((model_name, name))
    return found


class TestAccessMatrix(EveryObjectCase):
    """Every public method x every role: refused calls send nothing."""

    def setUp(self):
        super().setUp()
        self.users = {
            role: new_test_user(self.env, login=f"matrix_{role}", groups=groups)
            for role, groups in GROUPS.items()
        }
        self.samples = self._samples()

    def _samples(self):
        """One synchronized record of every model a method of ours is on."""
        env = self.env
        bound = {
            model: env[model]
            .with_context(active_test=False)
            .search(
                [("backend_id", "=", self.backend.id), ("external_id", "!=", False)]
            )
            for model in BINDING_MODELS
        }
        for model, records in bound.items():
            self.assertTrue(records, f"the board has a {model}")
        samples = {model: records[:1] for model, records in bound.items()}
        samples.update(
            {
                "trello.backend": self.backend,
                "trello.board": self.backend.board_ids[:1],
                "project.task": self.task,
                "project.task.type": self.task.stage_id,
                "project.tags": self.task.tag_ids[:1]
                or bound["trello.project.tags"][:1].odoo_id,
                "project.project": self.task.project_id,
                "mail.message": bound["trello.mail.message"][:1].odoo_id,
                "ir.attachment": bound["trello.ir.attachment"][:1].odoo_id,
            }
        )
        return samples

    def _record_for(self, model):
        record = self.samples.get(model)
        if record is None:
            record = self.env[model].search([], limit=1)
        return record

    def _arguments(self, model, method):
        """The positional arguments an attacker gives ``method``."""
        function = getattr(type(self.env[model]), method)
        args = []
        for parameter in list(inspect.signature(function).parameters.values())[1:]:
            if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                continue
            if parameter.default is not parameter.empty:
                break
            args.append(self._argument(model, parameter.name))
        return args

    def _argument(self, model, name):
        binding_model = model if model.startswith("trello.") else "trello.project.task"
        binding = self.samples.get(binding_model) or self.samples["trello.project.task"]
        values = {
            "backend": self.backend,
            "external_id": binding.external_id
            if "external_id" in binding._fields
            else self.samples["trello.project.task"].external_id,
            "state": {"token": "x", "page": 2, "before": None, "counts": {}},
            "vals": {"name": "Renamed by the matrix"},
            "vals_list": [{"name": "Made by the matrix"}],
            "fields": None,
        }
        self.assertIn(
            name,
            values,
            f"{model}: no sample for the argument {name!r}; add one to the matrix",
        )
        return values[name]

    def _least_role(self, model, method):
        role = LEAST_ROLE.get((model, method)) or LEAST_ROLE.get(method)
        return role or DEFAULT_LEAST_ROLE

    def _call(self, model, method, role, delaying):
        """Call as ``role``: ``(refused, requests, jobs, other failure)``."""
        env = self.delaying if delaying else self.env
        user = self.users[role]
        record = self._record_for(model).with_env(env).with_user(user)
        args = self._arguments(model, method)
        args = [a.with_env(record.env) if hasattr(a, "_name") else a for a in args]
        self.env.flush_all()
        jobs_before = self.env["queue.job"].search_count([])
        self.emulator.reset_counters()
        refused, failure = False, None
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                getattr(record, method)(*args)
                self.env.flush_all()
                raise RolledBack  # every call leaves Odoo as it found it
        except RolledBack:
            failure = None  # it ran, and was rolled back
        except AccessError:
            refused = True
        except Exception as err:  # noqa: BLE001 (other failures: not a refusal)
            failure = type(err).__name__
        self.env.invalidate_all()
        for sample_model, sample in self.samples.items():
            self.assertTrue(
                sample.exists(),
                f"{sample_model} {sample.ids} gone after {model}.{method} as {role}",
            )
        jobs = self.env["queue.job"].search_count([]) - jobs_before
        return refused, self.request_count(), jobs, failure

    def test_introspection_finds_the_entry_points(self):
        methods = our_public_methods(self.registry)
        for expected in (
            ("trello.backend", "action_synchronize"),
            ("trello.backend", "action_unregister_webhooks"),
            ("project.task", "unlink"),
            ("mail.message", "trello_export"),
            ("trello.project.task", "export_record"),
        ):
            self.assertIn(expected, methods)

    def test_abstract_models_add_no_public_method_of_their_own(self):
        """RPC reaches an abstract model too: each public method of ours on
        one is either private or also on a concrete model (and so in the
        matrix)."""
        on_concrete = {name for _model, name in our_public_methods(self.registry)}
        for model, method in sorted(our_public_methods(self.registry, abstract=True)):
            with self.subTest(model=model, method=method):
                if method in on_concrete:
                    continue
                with self.assertRaises(AccessError):
                    get_public_method(self.env[model], method)

    def test_every_public_method_as_every_role(self):
        outcomes = Counter()
        wrong = []
        methods = sorted(our_public_methods(self.registry))
        for model, method in methods:
            try:
                get_public_method(self.env[model], method)
            except AccessError:
                outcomes["private"] += len(ROLES)
                continue
            least_role = self._least_role(model, method)
            least = len(ROLES) if least_role == NOBODY else ROLES.index(least_role)
            for delaying in (False, True):
                for rank, role in enumerate(ROLES):
                    refused, requests, jobs, failure = self._call(
                        model, method, role, delaying
                    )
                    mode = "delayed" if delaying else "inline"
                    if rank < least:
                        outcomes["refused"] += 1
                        if not refused or requests or jobs:
                            wrong.append(
                                f"{model}.{method} as {role} ({mode}): refused="
                                f"{refused}, {requests} requests, {jobs} jobs, "
                                f"failure {failure}"
                            )
                    else:
                        outcomes["allowed"] += 1
                        if refused:
                            wrong.append(
                                f"{model}.{method} as {role} ({mode}): refused "
                                f"but the matrix allows {least_role}"
                            )
        _logger.info(
            "access matrix: %s public methods x %s roles x 2 modes: %s calls "
            "refused (no request, no job), %s allowed, %s refused by RPC "
            "(@api.private)",
            len(methods),
            len(ROLES),
            outcomes["refused"],
            outcomes["allowed"],
            outcomes["private"],
        )
        self.assertFalse(wrong, "\n".join(wrong))
        # the figures of the README's security section
        self.assertGreater(len(methods), 30)
        self.assertTrue(outcomes["refused"])
