from . import trello_export_listener
from . import project_task_listener
from . import project_task_type_listener
from . import project_tags_listener
from . import project_project_listener
from . import mail_message_listener
from . import ir_attachment_listener
