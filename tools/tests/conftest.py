"""Make the scripts of tools/ importable by their tests (tools/ is no package)."""

import sys
from pathlib import Path

TOOLS = str(Path(__file__).resolve().parent.parent)
if TOOLS not in sys.path:
    sys.path.insert(0, TOOLS)
