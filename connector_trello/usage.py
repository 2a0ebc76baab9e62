# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The components' usages and the connector's context keys, named once.

The component framework looks components up by these strings; models and
components (of both addons) import them from here instead of repeating the
literals.
"""

#: What started a synchronization, kept in the context of the call (and of
#: the jobs it delays, see connector_trello_queue) under this key.
TRIGGER_CONTEXT_KEY = "trello_sync_trigger"

ADAPTER = "backend.adapter"
BINDER = "binder"
IMPORT_MAPPER = "import.mapper"
RECORD_IMPORTER = "record.importer"
BOARD_IMPORTER = "board.importer"
#: The card pages of a large import run as jobs (connector_trello_queue).
BOARD_PAGE_IMPORTER = "board.page.importer"
#: A project's export runs as jobs: board, then cards by pages (same addon).
PROJECT_PAGE_EXPORTER = "project.page.exporter"
ACTION_CLASSIFIER = "board.action.classifier"
RESEQUENCER = "board.resequencer"
DELETER = "record.deleter"
LOCKER = "record.locker"
EXPORTER = "record.exporter"
EXPORT_MAPPER = "export.mapper"
CONFLICT_RESOLVER = "conflict.resolver"
BULK_IMPORTER = "bulk.importer"
#: The file holding a text Trello holds shortened (trello.full.text).
FULL_TEXT_EXPORTER = "full.text.exporter"
#: The chatter note of what an import changed (who, what: A -> B).
IMPORT_TRACKER = "import.tracker"
