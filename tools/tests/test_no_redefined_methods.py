"""No class of the addons defines a method twice.

A merge that brings two branches' overrides of one hook into one class
keeps the last silently: the task importer had two ``_sync_values`` (the
sync rules' and the custom fields'), the first never ran, and every import
left the custom field values out of the synchronized snapshot. Neither
ruff nor the mandatory pylint rules catch it.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ADDONS = ("connector_trello", "connector_trello_queue", "trello_emulator")


def redefined(source):
    """``[(class, name, first line, second line)]`` of ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ClassDef):
            continue
        seen = {}
        for item in node.body:
            if not isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            # a property's setter or an overload reuses the name on purpose
            if item.name in seen and not item.decorator_list:
                found.append((node.name, item.name, seen[item.name], item.lineno))
            seen[item.name] = item.lineno
    return found


@pytest.mark.parametrize(
    "source, expected",
    [
        ("class A:\n def f(self): pass\n def g(self): pass\n", []),
        (
            "class A:\n def f(self): pass\n def f(self): pass\n",
            [("A", "f", 2, 3)],
        ),
        (
            "class A:\n @property\n def f(self): pass\n"
            " @f.setter\n def f(self, v): pass\n",
            [],
        ),
    ],
)
def test_the_check_finds_a_method_defined_twice(source, expected):
    assert redefined(source) == expected


def test_no_class_of_the_addons_defines_a_method_twice():
    problems = []
    for addon in ADDONS:
        for path in sorted((ROOT / addon).rglob("*.py")):
            for found in redefined(path.read_text(encoding="utf-8")):
                problems.append((str(path.relative_to(ROOT)), *found))
    assert problems == []
