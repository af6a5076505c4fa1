"""The command line: `trucewatch run | classify | sources | truces | check`. The bot itself is
composed in `bot.app`."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.config import ConfigError, Settings, load_settings

log = logging.getLogger("trucewatch")


def main(argv: Sequence[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["classify"]:  # its own options (--text, --explain) go to its own parser
        from bot.classify.cli import main as classify_main

        raise SystemExit(classify_main(argv[1:]))
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        raise SystemExit(f"trucewatch: configuration error: {exc}") from None
    _setup_logging(settings)
    # Imported here, not above: every parser worker imports this module again (it is the
    # main module of the process that spawns them), and storage is not theirs to carry.
    from storage.db import StorageError

    try:
        raise SystemExit(args.handler(args, settings))
    except StorageError as exc:
        raise SystemExit(f"trucewatch: {exc}") from None
    except KeyboardInterrupt:
        raise SystemExit(130) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trucewatch",
        description="Cease-fire, diplomacy and casualty alerts from news feeds.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the bot (console demo when no Telegram token is set)")
    run.add_argument(
        "--once", action="store_true", help="poll every due source once, deliver, print, and exit"
    )
    run.add_argument(
        "--demo", action="store_true", help="replay the bundled demo feeds, whatever is configured"
    )
    run.add_argument(
        "--demo-seconds",
        type=float,
        default=90.0,
        help="how long the demo replay lasts (default 90)",
    )
    run.set_defaults(handler=_run)
    classify = sub.add_parser(
        "classify", add_help=False, help="classify JSON Lines from stdin (see --help)"
    )
    classify.add_argument("rest", nargs=argparse.REMAINDER)
    _add_source_commands(sub)
    check = sub.add_parser("check", help="check the database's integrity")
    check.set_defaults(handler=_check)
    _add_operations_commands(sub)
    truces = sub.add_parser("truces", help="the truces found in the stored news")
    truces.add_argument("--json", action="store_true", help="a JSON list (times in UTC)")
    truces.set_defaults(handler=_truces)
    return parser


def _add_source_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from bot import sources_cli

    sources = sub.add_parser("sources", help="manage news feeds")
    verbs = sources.add_subparsers(dest="verb", required=True)
    add = verbs.add_parser("add", help="add a feed (http, https or a local file)")
    add.add_argument("url")
    add.add_argument("--name")
    add.add_argument("--interval", type=float, help="poll interval in seconds")
    add.set_defaults(handler=sources_cli.add)
    verbs.add_parser("list", help="list feeds and their health").set_defaults(
        handler=sources_cli.list_sources
    )
    remove = verbs.add_parser("remove", help="remove a feed by number or URL")
    remove.add_argument("source")
    remove.set_defaults(handler=sources_cli.remove)
    imp = verbs.add_parser("import", help="add every feed of an OPML file")
    imp.add_argument("file", type=Path)
    imp.set_defaults(handler=sources_cli.import_opml)
    verbs.add_parser("export", help="print the feeds as OPML").set_defaults(
        handler=sources_cli.export_opml
    )


def _add_operations_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from bot import backup, prune_cli

    command = sub.add_parser(
        "backup", help="copy the database consistently, also while the bot runs"
    )
    command.add_argument("file", help="where to write the copy")
    command.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    command.set_defaults(handler=backup.run)
    prune = sub.add_parser("prune", help="apply retention now (the bot does it daily)")
    prune.set_defaults(handler=prune_cli.run)


def _run(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from bot.run import run

    return asyncio.run(
        run(settings, once=args.once, demo=args.demo, demo_seconds=args.demo_seconds)
    )


def _truces(args: argparse.Namespace, settings: Settings) -> int:
    from bot.truces_cli import truces

    return truces(args, settings)


def _check(args: argparse.Namespace, settings: Settings) -> int:
    from storage.store import Store

    result = Store(str(settings.db_path)).check()
    print(f"{settings.db_path}: {result}")
    return 0 if result == "ok" else 1


class RedactingFormatter(logging.Formatter):
    """Bot tokens must never reach a log line: not in a message, not in a traceback."""

    def __init__(self, *secrets: str | None) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self.secrets:
            text = text.replace(secret, "<token>")
        return text


def _setup_logging(settings: Settings) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RedactingFormatter(*settings.secrets))
    logging.basicConfig(level=settings.log_level, handlers=[handler], force=True)
    # httpx logs every request URL, and Telegram's URLs contain the token.
    for noisy in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


if __name__ == "__main__":
    main()
