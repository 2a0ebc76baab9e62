from . import trello_member_suggestion
from . import trello_board_attach
