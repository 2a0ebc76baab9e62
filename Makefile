# The two commands of README.rst. Both run through tools/bootstrap.py, which
# uses this python3 when it imports Odoo 18.0, and otherwise installs Odoo
# 18.0 Community into .venv/ (from $ODOO_SOURCE, or Odoo's nightly tarball).
# .ci/run calls `make test`.
PYTHON ?= python3

.PHONY: test demo screenshots bootstrap
test:
	$(PYTHON) tools/bootstrap.py tools/run_tests.py $(ARGS)

demo:
	$(PYTHON) tools/bootstrap.py tools/demo.py $(ARGS)

# The pictures of README.rst, into connector_trello/static/description/:
# a demo of its own (ports 8369 and 8867), seen in headless Chromium.
screenshots:
	$(PYTHON) tools/bootstrap.py tools/screenshots.py $(ARGS)

# Only find or install Odoo, and print the python3 that imports it.
bootstrap:
	$(PYTHON) tools/bootstrap.py
