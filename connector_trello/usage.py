# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The components' usages, named once.

The component framework looks components up by these strings; models and
components import them from here instead of repeating the literals.
"""

ADAPTER = "backend.adapter"
BINDER = "binder"
IMPORT_MAPPER = "import.mapper"
RECORD_IMPORTER = "record.importer"
BOARD_IMPORTER = "board.importer"
BOARD_FULL_IMPORTER = "board.full.importer"
BOARD_INCREMENTAL_IMPORTER = "board.incremental.importer"
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
BATCH_IMPORTER = "batch.importer"
#: The chatter note of what an import changed (who, what: A -> B).
IMPORT_TRACKER = "import.tracker"
