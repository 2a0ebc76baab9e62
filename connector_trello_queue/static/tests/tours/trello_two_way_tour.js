/* Copyright 2026 connector_trello developers
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
/**
 * The two-way path, as a project user and an admin see it.
 *
 * Driven by tests/test_two_way_tour.py, which imports the demo board from the
 * trello_emulator first, starts the first tour on the project's kanban, runs
 * the export job between the two tours (and checks the card in the
 * emulator), then starts the second tour on the backend form.
 */
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

const BOARD = "Website relaunch";
const CARD = "Dark mode";
const NEW_NAME = "Dark mode that follows the system";
const NEW_DESCRIPTION = "Switch with the system setting.";
const EXPORT_JOB = `Export task «${NEW_NAME}» to Trello`;
const FORM = ".o_form_view";
const BOARD_ROW = `${FORM} .o_field_widget[name=board_ids] .o_data_row:contains("${BOARD}")`;

function openJobs() {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Job Queue app",
            trigger: '.o_app[data-menu-xmlid="queue_job.menu_queue_job_root"]',
            run: "click",
        },
        {
            content: "The jobs list is open",
            trigger: ".o_list_view .o_list_table",
        },
    ];
}

registry.category("web_tour.tours").add("connector_trello_queue_task_edit_tour", {
    steps: () => [
        {
            content: `Open the task "${CARD}" from the project's kanban`,
            trigger: `.o_kanban_project_tasks .o_kanban_record:contains("${CARD}")`,
            run: "click",
        },
        {
            content: "Rename the task",
            trigger: `${FORM} .o_field_widget[name=name] textarea`,
            run: `edit ${NEW_NAME}`,
        },
        {
            // a click makes the editor create its first paragraph
            content: "Click in the description",
            trigger: `${FORM} .o_field_widget[name=description] .odoo-editor-editable`,
            run: "click",
        },
        {
            content: "Rewrite the description",
            trigger: `${FORM} .o_field_widget[name=description] .odoo-editor-editable[spellcheck='true']`,
            run: `editor ${NEW_DESCRIPTION}`,
        },
        ...stepUtils.saveForm(),
        {
            content: "The task is saved with its new name",
            trigger: `${FORM}:has(.o_form_saved) .o_field_widget[name=name] textarea:value("${NEW_NAME}")`,
        },
        // The export waits in the queue until a worker runs it.
        ...openJobs(),
        {
            content: "The export of the task waits in the queue",
            trigger: `.o_list_view .o_data_row:contains("${EXPORT_JOB}"):contains("Pending")`,
        },
    ],
});

registry.category("web_tour.tours").add("connector_trello_queue_backend_history_tour", {
    steps: () => [
        {
            content: "The board line keeps the date of its last synchronization",
            trigger: `${BOARD_ROW} td.o_data_cell[name=last_sync_date]:contains(":")`,
        },
        {
            content: "... its status",
            trigger: `${BOARD_ROW} td.o_data_cell[name=last_sync_state] .badge:contains("Done")`,
        },
        {
            content: "... and what the import did",
            trigger: `${BOARD_ROW} td.o_data_cell[name=last_sync_result]:contains("full import"):contains("tasks created")`,
        },
        {
            content: "The chatter has the run's summary",
            trigger: `.o-mail-Message-body:contains("Synchronization"):contains("Board ${BOARD}, full import")`,
        },
        // The export job ran: the jobs list shows it done.
        ...openJobs(),
        {
            content: "Show every job, not only the pending ones",
            trigger: ".o_searchview_facet:contains('Pending') .o_facet_remove",
            run: "click",
        },
        {
            content: "The export of the task is done",
            trigger: `.o_list_view .o_data_row:contains("${EXPORT_JOB}"):contains("Done")`,
        },
    ],
});
