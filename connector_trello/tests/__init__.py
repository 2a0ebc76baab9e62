from . import test_backend
from . import test_import_board
from . import test_tour
