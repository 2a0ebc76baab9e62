/* Copyright 2026 connector_trello developers
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
/**
 * Live updates: a change that arrives from Trello refreshes the open task
 * and project views, without a reload, as Odoo's own multi-user edits do.
 *
 * Once an import has written something, the server sends the bus
 * notification ``connector_trello/changed`` (to the project users' group,
 * with the ids of the projects it changed; see trello.board
 * ``_notify_live_views``). This service passes it on to its own ``bus``;
 * the kanban and list views of tasks and projects reload their records, and
 * a task or project form reloads its record unless it has unsaved changes.
 */
import {EventBus, useComponent} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {useBus, useService} from "@web/core/utils/hooks";
import {patch} from "@web/core/utils/patch";
import {FormController} from "@web/views/form/form_controller";
import {KanbanController} from "@web/views/kanban/kanban_controller";
import {ListController} from "@web/views/list/list_controller";

export const TRELLO_CHANGED = "connector_trello/changed";
const REFRESHED_MODELS = ["project.task", "project.project"];

export const trelloLiveUpdates = {
    dependencies: ["bus_service"],
    start(env, {bus_service}) {
        const bus = new EventBus();
        const notify = (payload) => bus.trigger("changed", payload || {});
        bus_service.subscribe(TRELLO_CHANGED, notify);
        return {bus, notify};
    },
};
registry.category("services").add("trello_live_updates", trelloLiveUpdates);

/**
 * Reload the view's records when Trello changed something, if the view
 * shows tasks or projects; ``reload`` does it for the kind of view.
 */
function useTrelloLiveUpdates(reload) {
    const component = useComponent();
    if (!REFRESHED_MODELS.includes(component.props.resModel)) {
        return;
    }
    const live = useService("trello_live_updates");
    useBus(live.bus, "changed", () => reload());
}

async function reloadRecords(model) {
    await model.load();
    model.notify();
}

patch(KanbanController.prototype, {
    setup() {
        super.setup(...arguments);
        useTrelloLiveUpdates(() => reloadRecords(this.model));
    },
});

patch(ListController.prototype, {
    setup() {
        super.setup(...arguments);
        useTrelloLiveUpdates(() => reloadRecords(this.model));
    },
});

patch(FormController.prototype, {
    setup() {
        super.setup(...arguments);
        useTrelloLiveUpdates(async () => {
            const record = this.model.root;
            if (record.isNew || (await record.isDirty())) {
                return; // the user's unsaved edits win: nothing reloaded
            }
            await record.load();
            this.model.notify();
        });
    },
});
