"""Command line: classify a stream of items, one output line per input line.

    python -m bot.classify [--explain] < items.jsonl
    python -m bot.classify --text [--explain] < headlines.txt

JSON Lines mode reads {"id", "title", "summary"} objects and writes one JSON
object per input line: the id, the item's language (ISO 639-1, see
language.py) and `Classification.to_json()`; with
--explain it adds an "explanation" list of readable sentences, so the output
stays valid JSON Lines.  A malformed line yields {"id", "line", "error"}
and the run goes on; the exit status is 1 if any line was malformed.
--text reads one headline per line and prints one readable line each, with
--explain followed by the words that decided each label and figure.
Output is flushed per line and input is read line by line, so the command
works in a pipe that stays open.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from bot.classify.classifier import classify
from bot.models import LABEL_MARKS, Classification, Evidence


class LineError(ValueError):
    """A JSON Lines input line that cannot be classified."""

    def __init__(self, message: str, item_id: Any = None) -> None:
        super().__init__(message)
        self.item_id = item_id


def main(
    argv: list[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None
) -> int:
    """Run the classifier over `stdin`; return the exit status."""
    args = _parser().parse_args(argv)
    source = stdin if stdin is not None else _default_stdin()
    sink = stdout if stdout is not None else sys.stdout
    if args.text:
        return _run_text(source, sink, args.explain)
    return _run_jsonl(source, sink, args.explain)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trucewatch classify",
        description="Label news items as cease-fire violations, diplomatic moves "
        "and casualty reports.",
    )
    parser.add_argument("--text", action="store_true", help="read one plain-text headline per line")
    parser.add_argument(
        "--explain", action="store_true", help="show the words that decided each label"
    )
    return parser


def _default_stdin() -> TextIO:
    # a stray undecodable byte should spoil one line, not end the run
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="replace")
    return sys.stdin


def _lines(source: TextIO) -> Iterator[tuple[int, str]]:
    """Numbered non-blank lines, read one at a time (never the whole stream)."""
    for number, line in enumerate(iter(source.readline, ""), start=1):
        if line.strip():
            yield number, line


def _run_jsonl(source: TextIO, sink: TextIO, explain: bool) -> int:
    status = 0
    for number, line in _lines(source):
        try:
            item_id, title, summary = parse_item(line)
        except LineError as error:
            status = 1
            _write(sink, {"id": error.item_id, "line": number, "error": str(error)})
            continue
        result = classify(title, summary)
        record = {"id": item_id, **result.to_json()}
        if explain:
            record["explanation"] = explain_lines(result)
        _write(sink, record)
    return status


def _run_text(source: TextIO, sink: TextIO, explain: bool) -> int:
    for _, line in _lines(source):
        headline = line.strip()
        result = classify(headline, "")
        sink.write(summary_line(result, headline) + "\n")
        if explain:
            sink.writelines(f"    {text}\n" for text in explain_lines(result))
        sink.flush()
    return 0


def parse_item(line: str) -> tuple[str | int | float, str, str]:
    """The id, title and summary of one JSON Lines record, or a LineError.

    Ids may be strings or numbers (echoed as given); a missing or null summary is a
    headline-only item."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise LineError(f"invalid JSON: {error.msg} (column {error.colno})") from None
    if not isinstance(data, dict):
        raise LineError(f"expected a JSON object, got {_json_type(data)}")
    item_id = data.get("id")
    if not isinstance(item_id, str | int | float) or isinstance(item_id, bool):
        raise LineError(f"field 'id' must be a string or a number, got {_json_type(item_id)}")
    summary = data.get("summary")
    for name, value in (
        ("title", data.get("title")),
        ("summary", "" if summary is None else summary),
    ):
        if not isinstance(value, str):
            raise LineError(f"field {name!r} must be a string, got {_json_type(value)}", item_id)
    return item_id, data["title"], summary or ""


def summary_line(result: Classification, headline: str) -> str:
    """One readable line: marks, labels, figures and the headline."""
    marks = "".join(LABEL_MARKS[label] for label in result.labels) or "·"
    labels = ", ".join(result.labels) or "no label"
    figures = "".join(
        f"  {name}={value}"
        for name, value in (("killed", result.killed), ("wounded", result.wounded))
        if value is not None
    )
    return f"{marks} {labels}{figures}  | {headline}"


def explain_lines(result: Classification) -> list[str]:
    """One sentence per evidence span: what it decided and which words."""
    return [_explain(evidence) for evidence in result.evidence]


def _explain(evidence: Evidence) -> str:
    where = f"{evidence.field} {evidence.start}-{evidence.end}"
    return f'{evidence.label}: "{evidence.text}" ({where}, rule {evidence.rule})'


def _write(sink: TextIO, record: dict[str, Any]) -> None:
    line = json.dumps(record, ensure_ascii=False)
    if not line.isascii() and not _encodable(line):
        # lone surrogates from "\ud800" escapes cannot be written as UTF-8
        line = json.dumps(record)
    sink.write(line + "\n")
    sink.flush()


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _json_type(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


if __name__ == "__main__":
    raise SystemExit(main())
