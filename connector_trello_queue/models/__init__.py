from . import trello_backend
from . import trello_board
from . import trello_binding
from . import trello_project_project
from . import queue_job
from . import trello_exported_records
from . import trello_deletion
from . import ir_http
