from . import test_job_functions
from . import test_jobs
from . import test_webhook_signature
from . import test_webhook_controller
from . import test_webhook_end_to_end
from . import test_export_listeners
from . import test_export_end_to_end
from . import test_request_budget
