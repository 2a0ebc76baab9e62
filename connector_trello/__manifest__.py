# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Trello Connector",
    "summary": "Keep Trello boards and Odoo projects in step",
    "version": "18.0.1.1.0",
    "category": "Connector",
    "website": "https://github.com/OCA/connector-trello",
    "author": "connector_trello developers,Odoo Community Association (OCA)",
    "maintainers": ["connector-trello"],
    "development_status": "Alpha",
    "license": "AGPL-3",
    "external_dependencies": {"python": ["requests", "markdown", "markdownify"]},
    "depends": ["connector", "project", "mail"],
    "data": [
        "security/ir.model.access.csv",
        "security/trello_security.xml",
        "views/trello_backend_views.xml",
        "views/trello_binding_views.xml",
        "views/trello_member_suggestion_views.xml",
        "views/trello_menus.xml",
        "views/trello_deletion_views.xml",
        "views/trello_sync_log_views.xml",
        "views/project_views.xml",
    ],
    "assets": {
        "web.assets_backend": ["connector_trello/static/src/js/*.esm.js"],
        "web.assets_tests": ["connector_trello/static/tests/tours/*.js"],
    },
    "demo": ["demo/trello_backend_demo.xml"],
    "installable": True,
    "application": False,
}
