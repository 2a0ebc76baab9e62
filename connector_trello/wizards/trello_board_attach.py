# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import usage
from ..client import TRELLO_ERRORS, dumps_synced
from ..errors import refused_in_a_click

#: What the wizard does with each list, stage and task, in its preview.
OPERATIONS = [
    ("match", "Stage matched to the list"),
    ("new_stage", "New stage in Odoo for the list"),
    ("new_list", "New list in Trello for the stage"),
    ("new_card", "New card in Trello for the task"),
]


def match_stages(lists, stages):
    """``(list, stage)`` pairs by exact, case-insensitive name.

    ``lists`` are Trello lists (dicts, in the board's order), ``stages``
    Odoo stages; each is matched once, the first of equal names first. A
    list without a stage gets ``None``, and so does a stage without a list
    (``(None, stage)``, after the lists).
    """
    free = list(stages)
    pairs = []
    for trello_list in lists:
        key = (trello_list.get("name") or "").strip().casefold()
        stage = next(
            (s for s in free if (s.name or "").strip().casefold() == key), None
        )
        if stage is not None:
            free.remove(stage)
        pairs.append((trello_list, stage))
    pairs.extend((None, stage) for stage in free)
    return pairs


class TrelloBoardAttachWizard(models.TransientModel):
    """A board onto an existing project: preview, then run.

    The preview reads the board once (its lists) and says what will be
    matched and made: stages matched to lists by name, new stages, new
    lists, the tasks exported as cards. Running it binds the project and
    the matched stages, imports the board (its cards become tasks, its other
    lists stages), then exports the project's other stages as lists and,
    with the option, its tasks without a card. Run twice, it makes nothing
    new: what is bound is never made again.
    """

    _name = "trello.board.attach.wizard"
    _description = "Synchronize a Trello Board with an Existing Project"

    board_id = fields.Many2one("trello.board", required=True, readonly=True)
    backend_id = fields.Many2one(related="board_id.backend_id")
    project_id = fields.Many2one(
        "project.project",
        string="Existing Project",
        required=True,
        domain="[('company_id', 'in', [backend_company_id, False])]",
    )
    backend_company_id = fields.Many2one(related="board_id.backend_id.company_id")
    export_tasks = fields.Boolean(
        string="Export Tasks Without a Card",
        default=True,
        help="The project's tasks that have no card on this board are "
        "exported as new cards. Off: they stay in Odoo only.",
    )
    state = fields.Selection(
        [("choose", "Choose"), ("preview", "Preview")], default="choose"
    )
    line_ids = fields.One2many(
        "trello.board.attach.wizard.line", "wizard_id", string="What Will Happen"
    )

    @api.onchange("project_id", "export_tasks")
    def _onchange_back_to_choose(self):
        """Another project or option: the preview must be made again."""
        self.state = "choose"
        self.line_ids = [fields.Command.clear()]

    def _check_caller(self):
        """Connector managers who may write the project, before any request."""
        self.check_access("write")
        self.ensure_one()
        self.board_id.check_access("write")
        self.board_id.backend_id._check_manager_rights()
        self.project_id.check_access("write")

    def _check_project(self):
        board = self.board_id
        other = self.env["trello.project.project"].search(
            [
                ("backend_id", "=", board.backend_id.id),
                ("odoo_id", "=", self.project_id.id),
                ("external_id", "!=", board.external_id),
            ],
            limit=1,
        )
        if other:
            raise UserError(
                self.env._(
                    "The project %(project)s is already synchronized with the "
                    "board %(board)s.",
                    project=self.project_id.name,
                    board=other.name,
                )
            )
        if board.project_id and board.project_id != self.project_id:
            raise UserError(
                self.env._(
                    "The board %(board)s is already synchronized with the "
                    "project %(project)s.",
                    board=board.name,
                    project=board.project_id.name,
                )
            )

    def _read_lists(self, backend=None):
        """The board's open lists, in its order (one request); ``backend``:
        the one whose environment the request runs in (a job's, inside the
        shared request budget), the board's by default."""
        board = self.board_id
        backend = backend or board.backend_id
        try:
            with backend._work_on_trello("trello.project.project") as work:
                data = work.component(usage=usage.ADAPTER).read_board(board.external_id)
        except TRELLO_ERRORS as err:
            backend._reraise_outage_in_job(err)
            raise UserError(
                self.env._(
                    "The board %(board)s could not be read: %(error)s",
                    board=board.name,
                    error=board.backend_id._describe_error(err, about_object=True),
                )
            ) from err
        lists = [item for item in data.get("lists") or [] if not item.get("closed")]
        return sorted(lists, key=lambda item: float(item.get("pos") or 0))

    def _stages(self):
        """The project's stages that may be matched: not a list of another
        board of this backend (a stage is the list of one board only)."""
        backend = self.board_id.backend_id
        return self.project_id.type_ids.sorted(lambda s: (s.sequence, s.id)).filtered(
            lambda stage: not stage.trello_bind_ids.filtered(
                lambda b: b.backend_id == backend
                and b.project_binding_id.external_id != self.board_id.external_id
            )
        )

    def _tasks_to_export(self):
        """The project's top-level tasks without a card of this backend."""
        backend = self.board_id.backend_id
        tasks = (
            self.env["project.task"]
            .with_context(active_test=False)
            .search(
                [("project_id", "=", self.project_id.id), ("parent_id", "=", False)],
                order="stage_id, sequence, id",
            )
        )
        return tasks.filtered(
            lambda task: not task.trello_bind_ids.filtered(
                lambda b: b.backend_id == backend and b.external_id
            )
        )

    def action_preview(self):
        """Read the board's lists; list what will be matched and made."""
        self._check_caller()
        self._check_project()
        lines = []
        for trello_list, stage in match_stages(self._read_lists(), self._stages()):
            bound = stage and stage.trello_bind_ids.filtered(
                lambda b: b.backend_id == self.board_id.backend_id
            )
            if trello_list and stage:
                operation = "match"
            elif trello_list:
                operation = "new_stage"
            elif bound:
                continue  # its list exists already: nothing to do
            else:
                operation = "new_list"
            lines.append(
                {
                    "operation": operation,
                    "name": (trello_list or {}).get("name") or stage.name,
                    "stage_id": stage.id if stage else False,
                }
            )
        if self.export_tasks:
            lines += [
                {"operation": "new_card", "name": task.name, "task_id": task.id}
                for task in self._tasks_to_export()
            ]
        self.write(
            {
                "state": "preview",
                "line_ids": [fields.Command.clear()]
                + [fields.Command.create(values) for values in lines],
            }
        )
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_apply(self):
        """Bind, import, then export what Trello lacks (see the class)."""
        self._check_caller()
        self._check_project()
        backend = self.board_id.backend_id.sudo()
        tasks = self._tasks_to_export() if self.export_tasks else None
        binding, text = self._apply_board(backend)
        try:
            done = self._export_missing(backend, binding, tasks)
        except TRELLO_ERRORS as err:
            sentence = self.env._(
                "The board %(board)s was not synchronized with the project "
                "%(project)s: %(error)s Nothing was kept in Odoo; run it again.",
                board=self.board_id.name,
                project=self.project_id.name,
                error=backend._describe_error(err, about_object=True),
            )
            raise refused_in_a_click(err, sentence) from err
        return backend._notify(
            self.env._("Board synchronized with the project"),
            self.env._(
                "%(board)s: %(summary)s %(cards)s task(s) exported as cards.",
                board=self.board_id.name,
                summary=text,
                cards=done,
            ),
            next_action={"type": "ir.actions.client", "tag": "soft_reload"},
        )

    def _apply_board(self, backend):
        """Bind the project and the matched stages, tick the board and
        import it; ``(project binding, the import's sentence)``.

        ``backend`` (as the connector) makes the requests: the click's, or
        a job's within the shared request budget (the queue addon runs this
        in a job). Everything it binds is found again on a second run.
        """
        board = self.board_id
        binding = self._bind_project()
        stages = self._bind_stages(binding, self._read_lists(backend))
        for bindings in (binding, stages):
            self._odoo_as_base(backend, bindings)
        board.sudo().synchronize = True
        ok, text = backend._synchronize_board(board.with_env(backend.env))
        if not ok:
            raise UserError(text)
        return binding, text

    @staticmethod
    def _export_missing(backend, binding, tasks):
        """The stages without a list as lists, the tasks as cards; the
        number of cards made (a task Trello refuses is said on its chatter
        and the others go on, as in a project's export)."""
        with backend._work_on_trello("trello.project.project") as work:
            exporter = work.component(usage=usage.EXPORTER)
            exporter.binding = binding
            exporter._export_lists(binding)
            return sum(
                bool(exporter._export_task_card(binding, task.sudo()))
                for task in tasks or ()
            )

    def _bind_project(self):
        """The board's binding on the chosen project (made once)."""
        board = self.board_id
        model = self.env["trello.project.project"].sudo()
        binding = model.with_context(active_test=False).search(
            [
                ("backend_id", "=", board.backend_id.id),
                ("external_id", "=", board.external_id),
            ],
            limit=1,
        )
        if binding:
            return binding
        return model.with_context(connector_no_export=True).create(
            {
                "odoo_id": self.project_id.id,
                "backend_id": board.backend_id.id,
                "external_id": board.external_id,
            }
        )

    @staticmethod
    def _odoo_as_base(backend, bindings):
        """What Odoo holds as the values last synchronized of new bindings.

        The first import then sees no change in Odoo: the board's name and
        description and the matched lists' names (case included) win, with
        no conflict note, instead of Odoo's names being sent to Trello.
        """
        for binding in bindings.filtered(lambda b: not b.trello_synced_values):
            with backend._work_on_trello(binding._name) as work:
                mapper = work.component(usage=usage.EXPORT_MAPPER)
                values = mapper.map_record(binding).values()
            binding.trello_synced_values = dumps_synced(values)

    def _bind_stages(self, binding, lists):
        """Each list matched by name to a stage is bound to it (made once);
        the bindings made."""
        backend = self.board_id.backend_id
        model = self.env["trello.project.task.type"].sudo()
        made = model.browse()
        for trello_list, stage in match_stages(lists, self._stages()):
            if not trello_list or not stage:
                continue
            if model.search_count(
                [
                    ("backend_id", "=", backend.id),
                    "|",
                    ("external_id", "=", trello_list["id"]),
                    ("odoo_id", "=", stage.id),
                ]
            ):
                continue
            made |= model.with_context(connector_no_export=True).create(
                {
                    "odoo_id": stage.id,
                    "backend_id": backend.id,
                    "external_id": trello_list["id"],
                    "project_binding_id": binding.id,
                }
            )
        return made


class TrelloBoardAttachWizardLine(models.TransientModel):
    _name = "trello.board.attach.wizard.line"
    _description = "What Synchronizing a Board with a Project Does"

    wizard_id = fields.Many2one(
        "trello.board.attach.wizard", required=True, ondelete="cascade"
    )
    operation = fields.Selection(OPERATIONS, required=True)
    name = fields.Char()
    stage_id = fields.Many2one("project.task.type")
    task_id = fields.Many2one("project.task")
