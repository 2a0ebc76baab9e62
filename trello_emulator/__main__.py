"""CLI: ``python3 -m trello_emulator [options]``.

The first line printed is ``listening on http://HOST:PORT`` (flushed), so a
script can start the emulator with ``--port 0`` and read the port back.
SIGINT and SIGTERM stop it cleanly (and save ``--state``).
"""

import argparse
import signal
import sys
import threading

from .faults import parse_spec
from .seeds import check_seed
from .server import DEFAULT_KEY, DEFAULT_SECRET, DEFAULT_TOKEN, TrelloEmulator


def build_parser():
    parser = argparse.ArgumentParser(
        prog="python3 -m trello_emulator",
        description="A Trello-compatible REST API server (API under /1/).",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--key", default=DEFAULT_KEY)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument(
        "--secret",
        default=DEFAULT_SECRET,
        help="application secret used to sign webhooks",
    )
    parser.add_argument(
        "--seed", default="demo", help="empty, demo, cards:N or boards:BxN"
    )
    parser.add_argument(
        "--state",
        metavar="FILE",
        help="load the data from FILE if it exists, save on exit",
    )
    parser.add_argument("--no-rate-limit", action="store_true")
    parser.add_argument("--token-limit", type=int, default=100)
    parser.add_argument("--key-limit", type=int, default=300)
    parser.add_argument(
        "--window", type=float, default=10.0, help="rate-limit window in seconds"
    )
    parser.add_argument(
        "--members-limit",
        type=int,
        default=100,
        help="requests per token to /1/members/{id} (not nested routes)",
    )
    parser.add_argument(
        "--members-window",
        type=float,
        default=900.0,
        help="window of --members-limit in seconds",
    )
    parser.add_argument(
        "--faults", metavar="SPEC", help='e.g. "429:0.1,500:0.05@/1/cards*;seed=3"'
    )
    parser.add_argument(
        "--account",
        metavar="HEX6",
        help="the 6 hex digits after the seconds of every id (default: random, "
        "so that two emulators never share an id)",
    )
    parser.add_argument(
        "--real-time",
        action="store_true",
        help="use the wall clock instead of the deterministic one",
    )
    parser.add_argument(
        "--allow-remote-webhooks",
        action="store_true",
        help="deliver webhooks to non-loopback addresses too",
    )
    parser.add_argument(
        "--self-urls",
        action="store_true",
        help="board and card url/shortUrl point at this server's pages, "
        "not trello.com",
    )
    parser.add_argument("--verbose", action="store_true", help="log each request")
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        check_seed(args.seed)
        parse_spec(args.faults)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    emu = TrelloEmulator(
        host=args.host,
        port=args.port,
        key=args.key,
        token=args.token,
        secret=args.secret,
        seed=args.seed,
        rate_limit=not args.no_rate_limit,
        faults=args.faults,
        state_file=args.state,
        deterministic=not args.real_time,
        token_limit=args.token_limit,
        key_limit=args.key_limit,
        window_seconds=args.window,
        members_limit=args.members_limit,
        members_window_seconds=args.members_window,
        allow_remote_webhooks=args.allow_remote_webhooks,
        verbose=args.verbose,
        self_urls=args.self_urls,
        account=args.account,
    )
    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    emu.start()
    print(f"listening on {emu.url}", flush=True)
    while not stop.wait(0.5):
        pass
    emu.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
