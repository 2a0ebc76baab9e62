from . import test_job_functions
