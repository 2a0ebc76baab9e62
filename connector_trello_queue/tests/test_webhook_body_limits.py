# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bodies the webhook refuses before Odoo parses or reads them.

Odoo's HTTP dispatcher parses a form body (``request.get_http_params``)
before any ``type="http"`` controller runs, up to its own 128 MiB limit: a
multipart field is then held in memory whole, two or three times over. The
webhook route refuses what Trello never sends (not JSON, no length, longer
than the cap) in ``ir.http._pre_dispatch``, before that.

The bodies here are sent by a generator, 64 KiB at a time, so that neither
side of the test holds them; the test server runs in this process, whose
peak resident memory (``VmHWM``, reset through ``/proc/self/clear_refs``)
is measured around each request.
"""

import ctypes
import logging
import secrets
from contextlib import contextmanager, suppress
from pathlib import Path
from unittest.mock import patch

from werkzeug.wrappers import Request

from ..controllers.webhook import MAX_BODY_BYTES
from .common import WebhookCase

_logger = logging.getLogger(__name__)

MIB = 1024 * 1024
#: 100 MiB: under Odoo's default 128 MiB, so Odoo would parse it.
BIG = 100 * MIB
CHUNK = 64 * 1024
#: What a refused 100 MiB body may add to the process's peak memory. The
#: HTTP server reads and drops the unread rest of a body after answering,
#: 10 MB at a time (werkzeug.serving): about 20 MiB measured. Parsed, the
#: multipart body took 240 to 300 MiB.
MAX_PEAK_GROWTH = 40 * MIB


class Body:
    """``size`` bytes, ``head`` + padding + ``tail``, made while sent.

    With ``sized``, ``len()`` gives requests the Content-Length; without,
    it is a plain iterable and requests sends it chunked.
    """

    def __init__(self, head, size, tail=b"", sized=True):
        self.head, self.size, self.tail = head, size, tail
        self.sized = sized
        self.sent = 0

    def __iter__(self):
        pad = self.size - len(self.head) - len(self.tail)
        yield self.head
        block = b"a" * CHUNK
        while pad > 0:
            piece = block[:pad]
            pad -= len(piece)
            self.sent += len(piece)
            yield piece
        yield self.tail

    def chunks(self):
        return self if self.sized else iter(self)

    def __len__(self):
        return self.size


def multipart(size, sized=True):
    boundary = secrets.token_hex(16)
    head = (
        f"--{boundary}\r\n" 'Content-Disposition: form-data; name="pad"\r\n\r\n'
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", Body(head, size, tail, sized)


def json_body(size, sized=True):
    return "application/json", Body(b'{"pad": "', size, b'"}', sized)


def memory_kib(field):
    """A line of /proc/self/status, in KiB (VmRSS, VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def reset_peak_memory():
    """Make VmHWM the current VmRSS (Linux: 5 in clear_refs).

    Memory freed by an earlier request and kept by malloc is given back
    first: reused, it would hide what the next request takes.
    """
    with suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    Path("/proc/self/clear_refs").write_text("5")


class TestWebhookBodyLimits(WebhookCase):
    @contextmanager
    def body_reads(self):
        """Record the requests whose body Odoo parsed or read, by path."""
        reads = []
        load_form_data, get_data = Request._load_form_data, Request.get_data

        def spy_load_form_data(request):
            reads.append(("form", request.path))
            return load_form_data(request)

        def spy_get_data(request, *args, **kwargs):
            reads.append(("data", request.path))
            return get_data(request, *args, **kwargs)

        with (
            patch.object(Request, "_load_form_data", spy_load_form_data),
            patch.object(Request, "get_data", spy_get_data),
        ):
            yield reads

    def post(self, content_type, body, path=None):
        return self.url_open(
            path or self.path,
            data=body.chunks(),
            headers={"Content-Type": content_type},
            timeout=60,
        )

    def test_big_bodies_are_refused_unread(self):
        try:
            reset_peak_memory()
        except OSError as err:
            self.skipTest(f"cannot reset the peak memory here: {err}")
        cases = [
            # case, body, expected status
            ("multipart, with its length", multipart(BIG), 415),
            ("multipart, chunked", multipart(BIG, sized=False), 415),
            ("JSON, with its length", json_body(BIG), 413),
            ("JSON, chunked", json_body(BIG, sized=False), 411),
        ]
        for case, (content_type, body), status in cases:
            with self.subTest(case=case), self.body_reads() as reads:
                reset_peak_memory()
                before = memory_kib("VmRSS")
                response = self.post(content_type, body)
                growth = (memory_kib("VmHWM") - before) * 1024
                _logger.info("%s: peak memory +%.1f MiB", case, growth / MIB)
                self.assertLess(
                    growth,
                    MAX_PEAK_GROWTH,
                    f"{case}: the peak memory grew by {growth / MIB:.1f} MiB",
                )
                self.assertFalse([r for r in reads if r[1] == self.path])
                self.assertEqual(body.sent, BIG - len(body.head) - len(body.tail))
                self.assertEqual(response.status_code, status)
        self.assertFalse(self.board_jobs())

    def test_refused_before_parsing_whatever_the_url(self):
        """Small bodies too, and the same answer for any token: the refusal
        comes before the backend is looked up."""
        small = 1024
        cases = [
            # case, content type, body, expected status
            ("form", "application/x-www-form-urlencoded", Body(b"a=", small), 415),
            ("multipart", *multipart(small), 415),
            ("text", "text/plain", Body(b"{", small), 415),
            ("no type", "", Body(b"{", small), 415),
            ("JSON, chunked", *json_body(small, sized=False), 411),
            ("JSON, one byte over", *json_body(MAX_BODY_BYTES + 1), 413),
        ]
        paths = [self.path, "/connector_trello/webhook/" + secrets.token_urlsafe(32)]
        for case, content_type, body, status in cases:
            for path in paths:
                with self.subTest(case=case, path=path), self.body_reads() as reads:
                    response = self.post(content_type, body, path)
                    self.assertEqual(response.status_code, status)
                    self.assertEqual(response.content, b"")
                    self.assertFalse([r for r in reads if r[1] == path])
        self.assertFalse(self.board_jobs())

    def test_head_and_a_signed_delivery_still_pass(self):
        with self.body_reads() as reads:
            self.assertEqual(self.url_open(self.path, head=True).status_code, 200)
            self.assertEqual(self.deliver(self.payload()).status_code, 200)
        self.assertIn(("data", self.path), reads)
        self.assertEqual(len(self.board_jobs()), 1)
        # Trello's type may carry a charset
        self.board_jobs().unlink()
        response = self.deliver(
            self.payload(), content_type="application/json; charset=utf-8"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self.board_jobs()), 1)
