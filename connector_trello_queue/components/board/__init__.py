# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# The board-import flow of connector_trello_queue in one place (docs/architecture.md).
from . import trello_board_importer
from . import trello_board_page_importer
