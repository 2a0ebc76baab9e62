# The one test command (README.rst, "Running the tests"); .ci/run calls it.
PYTHON ?= python3

.PHONY: test
test:
	$(PYTHON) tools/run_tests.py $(ARGS)
