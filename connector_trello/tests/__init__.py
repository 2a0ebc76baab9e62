from . import test_backend
from . import test_import_board
from . import test_import_incremental
from . import test_tour
from . import test_components
from . import test_errors
from . import test_request_count
from . import test_concurrency
