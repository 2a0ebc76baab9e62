/* Copyright 2026 connector_trello developers
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
/**
 * A card renamed in Trello appears on the open kanban without a reload.
 *
 * Driven by tests/test_live_updates.py: the card "New hero banner" was
 * renamed in the emulator before the tour; the tour opens the project's
 * kanban, synchronizes the backend over JSON-RPC (as another tab, the cron
 * or a webhook's job would) and waits for the new name. Odoo refuses
 * websockets while it runs tests, so the bus's delivery of the import's
 * notification is played by the live updates service's ``notify``; the test
 * checks that the import sent that notification on the server side.
 */
import {registry} from "@web/core/registry";

const OLD = "New hero banner";
const NEW = "Hero banner, renamed in Trello";

function services() {
    return odoo.__WOWL_DEBUG__.root.env.services;
}

registry.category("web_tour.tours").add("connector_trello_live_update_tour", {
    steps: () => [
        {
            content: "The kanban shows the card's old name",
            trigger: `.o_kanban_record:contains("${OLD}")`,
            run: () => {
                window.__connectorTrelloNotReloaded = true;
            },
        },
        {
            content: "Trello's change is imported (another tab, a job)",
            trigger: ".o_kanban_view",
            run: async () => {
                const {orm, trello_live_updates} = services();
                const [backend] = await orm.search("trello.backend", []);
                await orm.call("trello.backend", "action_synchronize", [[backend]]);
                const [project] = await orm.search("project.project", [
                    ["name", "=", "Website relaunch"],
                ]);
                trello_live_updates.notify({project_ids: [project]});
            },
        },
        {
            content: "The new name appears, the page was not reloaded",
            trigger: `.o_kanban_record:contains("${NEW}")`,
            run: () => {
                if (!window.__connectorTrelloNotReloaded) {
                    throw new Error("the page was reloaded");
                }
                const cards = [...document.querySelectorAll(".o_kanban_record")];
                if (cards.some((card) => card.textContent.includes(OLD))) {
                    throw new Error("the old name is still shown");
                }
            },
        },
    ],
});
