from . import trello_member_suggestion
