"""Reproducible fault injection for API requests.

A client has to survive throttling, server errors, slow answers, dropped
connections and truncated bodies; the real Trello produces them rarely and
never on demand.  A fault spec makes a share of the requests fail::

    SPEC  := ENTRY ("," ENTRY)* (";" OPTION)*
    ENTRY := KIND ["=" ARG] ":" PROBABILITY ["@" [METHOD " "] GLOB]
    KIND  := 429 | 500 | 503 | delay | drop | truncate
           | 500-after | 503-after | drop-after
           | 400 | 401 | 403 | 404 | 410 | badjson   (see error_faults.py)
    OPTION:= seed=N

``PROBABILITY`` is a share (``0.1``) or a percentage (``10%``); ``GLOB`` is an
``fnmatch`` pattern on the path (``/1/cards*``) and applies to its own entry
only.  ``delay=250`` delays by 250 ms (``250ms``, ``0.25s`` also work; the
default is 500 ms) and then answers normally.  ``429``, ``500``, ``503``
and ``drop`` fail the request before the server does anything; ``truncate``
and the ``-after`` kinds fail it *after* the server did the work (a ``POST``
has created its object): ``truncate`` cuts the answer in half,
``500-after``/``503-after`` answer the error instead of the result, and
``drop-after`` closes the connection without an answer (the answer lost).
Each ``/1/`` request draws
exactly one number from a RNG seeded with ``seed`` (default 0) and the
matching entries share the unit interval in order, so the same spec and the
same request sequence inject the same faults.
"""

import fnmatch
import random
import threading
from dataclasses import dataclass

from .error_faults import ERROR_KINDS, WITH_ARGUMENT

KINDS = (
    "429",
    "500",
    "503",
    "delay",
    "drop",
    "truncate",
    "500-after",
    "503-after",
    "drop-after",
    *ERROR_KINDS,
)
#: The kinds that let the server handle the request first (its writes done).
AFTER_KINDS = frozenset({"truncate", "500-after", "503-after", "drop-after"})


@dataclass
class Fault:
    kind: str
    probability: float
    method: str | None = None
    glob: str | None = None
    delay: float = 0.5
    #: ``400=idMembers``: the field Trello says is invalid.
    arg: str | None = None

    def matches(self, method, path):
        if self.method and self.method != method:
            return False
        return self.glob is None or fnmatch.fnmatchcase(path, self.glob)


def _parse_delay(text):
    text = text.strip().lower()
    if text.endswith("ms"):
        return float(text[:-2]) / 1000
    if text.endswith("s"):
        return float(text[:-1])
    return float(text) / 1000


def parse_spec(spec):
    """Parse a fault spec into ``(faults, seed)``; raise ValueError if bad."""
    faults, seed = [], 0
    if not spec:
        return faults, seed
    parts = spec.split(";")
    for option in parts[1:]:
        name, _, value = option.partition("=")
        if name.strip() != "seed" or not value.strip():
            raise ValueError(f"unknown fault option {option!r}")
        seed = int(value)
    for entry in filter(None, (e.strip() for e in parts[0].split(","))):
        entry, _, where = entry.partition("@")
        head, sep, prob = entry.rpartition(":")
        if not sep:
            raise ValueError(f"fault {entry!r} has no probability")
        kind, _, arg = head.partition("=")
        kind = kind.strip().lower()
        if kind not in KINDS:
            raise ValueError(f"unknown fault kind {kind!r}")
        prob = prob.strip()
        share = float(prob[:-1]) / 100 if prob.endswith("%") else float(prob)
        if not 0 <= share <= 1:
            raise ValueError(f"probability out of range in {entry!r}")
        fault = Fault(kind, share)
        if arg and kind in WITH_ARGUMENT:
            fault.arg = arg.strip()
        elif arg:
            if kind != "delay":
                raise ValueError(f"only delay and 400 take an argument: {entry!r}")
            fault.delay = _parse_delay(arg)
        where = where.strip()
        if where:
            method, _, glob = where.rpartition(" ")
            fault.method = method.strip().upper() or None
            fault.glob = glob
        faults.append(fault)
    return faults, seed


class FaultInjector:
    """Holds the active spec and draws faults for requests."""

    def __init__(self, spec=None):
        self._lock = threading.Lock()
        self.set(spec)

    def set(self, spec):
        faults, seed = parse_spec(spec)
        with self._lock:
            self.spec = spec or None
            self.faults = faults
            self.rng = random.Random(seed)

    def pick(self, method, path):
        """The fault for this request, or None (one RNG draw per request)."""
        with self._lock:
            if not self.faults:
                return None
            draw = self.rng.random()
            edge = 0.0
            for fault in self.faults:
                if not fault.matches(method, path):
                    continue
                edge += fault.probability
                if draw < edge:
                    return fault
            return None
