# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Trello Connector: queue automation",
    "summary": "Trello sync in the background: import and export jobs, "
    "a cron and signed webhooks",
    "version": "18.0.1.0.0",
    "category": "Connector",
    "website": "https://github.com/OCA/connector-trello",
    "author": "connector_trello developers,Odoo Community Association (OCA)",
    "maintainers": ["connector-trello"],
    "development_status": "Alpha",
    "license": "AGPL-3",
    "depends": ["connector_trello", "queue_job"],
    "data": [
        "data/queue_job_channel_data.xml",
        "data/queue_job_function_data.xml",
        "data/ir_cron_data.xml",
        "views/trello_backend_views.xml",
        "views/trello_project_project_views.xml",
        "views/project_project_views.xml",
        "views/trello_sync_log_views.xml",
        "views/queue_job_views.xml",
    ],
    "assets": {
        "web.assets_tests": ["connector_trello_queue/static/tests/tours/*.js"],
    },
    "installable": True,
}
