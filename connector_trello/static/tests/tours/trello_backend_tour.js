/* Copyright 2026 connector_trello developers
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
/**
 * Create a Trello backend, check its connection, fetch its boards, tick one,
 * synchronize it and find its cards as tasks of the new project.
 *
 * Driven by tests/test_tour.py, which starts the trello_emulator on loopback
 * with the credentials typed below and sets the default of the API URL to the
 * emulator's, so that the new backend talks to it.
 */
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

const BACKEND = "Tour Trello";
const BOARD = "Website relaunch";
const CARD = "New hero banner";
const FORM = ".o_form_view";
const BOARD_ROW = `${FORM} .o_field_widget[name=board_ids] .o_data_row:contains("${BOARD}")`;

// No ``test: true``: Odoo 18's tour schema dropped it (tours registered in
// web.assets_tests are test tours).
registry.category("web_tour.tours").add("connector_trello_backend_tour", {
    steps: () => [
        // Create the backend.
        {
            content: "Create a backend from the list",
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            content: "The API URL defaults to the emulator's",
            trigger: `${FORM} .o_field_widget[name=api_url] input:value("127.0.0.1")`,
        },
        {
            content: "Name the backend",
            trigger: `${FORM} .o_field_widget[name=name] input`,
            run: `edit ${BACKEND}`,
        },
        {
            content: "Type the API key",
            trigger: `${FORM} .o_field_widget[name=api_key] input`,
            run: "edit 70a770a770a770a770a770a770a770a7",
        },
        {
            content: "Type the token",
            trigger: `${FORM} .o_field_widget[name=api_token] input`,
            run: "edit tour-trello-token",
        },
        {
            content: "Type the application secret",
            trigger: `${FORM} .o_field_widget[name=api_secret] input`,
            run: "edit tour-trello-secret",
        },
        {
            content: "Save the backend",
            trigger: `${FORM} .o_form_button_save`,
            run: "click",
        },
        {
            content: "The backend is saved, in draft",
            trigger: `${FORM} .o_form_saved .o_statusbar_status button.o_arrow_button_current:contains("Draft")`,
        },
        // Check the connection.
        {
            content: "Check the connection",
            trigger: `${FORM} .o_form_statusbar button[name=action_check_connection].btn-primary`,
            run: "click",
        },
        {
            content: "The connection is confirmed",
            trigger: ".o_notification:contains('Connection successful')",
        },
        {
            content: "The backend is confirmed",
            trigger: `${FORM} .o_statusbar_status button.o_arrow_button_current:contains("Confirmed")`,
        },
        // Fetch the boards and tick one.
        {
            content: "Fetch the boards",
            trigger: `${FORM} .o_form_statusbar button[name=action_fetch_boards]`,
            run: "click",
        },
        {
            content: "The other demo board is listed too",
            trigger: `${FORM} .o_field_widget[name=board_ids] .o_data_row:contains("Support")`,
        },
        {
            content: `Tick the board "${BOARD}"`,
            trigger: `${BOARD_ROW} .o_field_widget[name=synchronize] input:not(:checked)`,
            run: "click",
        },
        {
            content: "The board is ticked",
            trigger: `${BOARD_ROW} .o_field_widget[name=synchronize] input:checked`,
        },
        {
            content: "Save the ticked board",
            trigger: `${FORM} .o_form_button_save`,
            run: "click",
        },
        {
            content: "One board to synchronize",
            trigger: `${FORM}:has(.o_form_saved) button[name=action_open_boards] .o_stat_value:contains("1")`,
        },
        // Synchronize.
        {
            content: "Synchronize",
            trigger: `${FORM} .o_form_statusbar button[name=action_synchronize]`,
            run: "click",
        },
        {
            content: "The synchronization is done",
            trigger: ".o_notification:contains('Synchronization done')",
        },
        {
            content: "The board row links to its new project",
            trigger: `${BOARD_ROW} td.o_data_cell[name=project_id]:contains("${BOARD}")`,
        },
        {
            content: "Open the synchronized boards",
            trigger: `${FORM} button[name=action_open_boards]`,
            run: "click",
        },
        {
            content: "The board is bound to a project",
            trigger: `.o_list_view .o_data_row:contains("${BOARD}"):contains("${BACKEND}")`,
        },
        // See the tasks in the Project app.
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Project app",
            trigger: '.o_app[data-menu-xmlid="project.menu_main_pm"]',
            run: "click",
        },
        {
            content: "Open the project of the board",
            trigger: `.o_project_kanban .o_kanban_record:contains("${BOARD}")`,
            run: "click",
        },
        {
            content: "The cards of the board are tasks of the project",
            trigger: `.o_kanban_project_tasks .o_kanban_record:contains("${CARD}")`,
        },
    ],
});
