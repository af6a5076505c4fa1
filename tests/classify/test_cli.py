"""The command line: JSON Lines round trip, malformed lines, --text, --explain."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from bot.classify import classify
from bot.classify.cli import main
from bot.models import Classification

REPO = Path(__file__).resolve().parents[2]


def _run(lines: list[str], *argv: str) -> tuple[int, list[str]]:
    stdout = io.StringIO()
    status = main(list(argv), io.StringIO("".join(f"{line}\n" for line in lines)), stdout)
    return status, stdout.getvalue().splitlines()


def _item(item_id: str, title: str, summary: str = "") -> str:
    return json.dumps({"id": item_id, "title": title, "summary": summary})


def test_jsonl_round_trip() -> None:
    title, summary = "Shelling kills 4 in Idlib despite truce", "Ankara summoned Moscow's envoy."
    status, out = _run([_item("a1", title, summary), _item("a2", "Quiet day in the capital")])
    assert status == 0
    records = [json.loads(line) for line in out]
    assert [r["id"] for r in records] == ["a1", "a2"]
    first = records[0]
    assert set(first) >= {"id", "labels", "scores", "killed", "wounded", "evidence"}
    assert first["killed"] == 4
    expected = classify(title, summary)
    assert Classification.from_json(first).to_json() == expected.to_json()
    assert records[1]["labels"] == []


def test_malformed_lines_are_reported_and_processing_continues() -> None:
    lines = [
        "{not json",
        "[1, 2]",
        json.dumps({"id": "m1", "summary": "x"}),
        json.dumps({"id": "m2", "title": 5, "summary": ""}),
        json.dumps({"id": [7], "title": "x", "summary": ""}),
        _item("ok", "Two soldiers killed in ambush"),
        json.dumps({"id": 8, "title": "Headline only, numeric id"}),
    ]
    status, out = _run(lines)
    records = [json.loads(line) for line in out]
    assert status == 1
    errors = records[:5]
    assert [e["line"] for e in errors] == [1, 2, 3, 4, 5]
    assert [e["id"] for e in errors] == [None, None, "m1", "m2", None]
    assert "invalid JSON" in errors[0]["error"]
    assert "object" in errors[1]["error"]
    assert "'title' must be a string" in errors[2]["error"]
    assert "'title' must be a string" in errors[3]["error"]
    assert "'id' must be a string or a number" in errors[4]["error"]
    assert records[6]["id"] == 8 and "labels" in records[6]
    assert records[5]["id"] == "ok" and records[5]["killed"] == 2


def test_blank_lines_are_skipped_and_line_numbers_count_them() -> None:
    status, out = _run(["", _item("b", "x"), "   ", "oops"])
    records = [json.loads(line) for line in out]
    assert status == 1
    assert records[0]["id"] == "b"
    assert records[1]["line"] == 4
    assert len(records) == 2


def test_explain_keeps_json_lines_valid() -> None:
    status, out = _run([_item("e", "Army accuses rebels of violating the truce")], "--explain")
    record = json.loads(out[0])
    assert status == 0
    assert any('"violating the truce"' in line for line in record["explanation"])


def test_text_mode_prints_a_readable_line_per_headline() -> None:
    status, out = _run(["Sniper kills girl despite truce", "", "Floods kill 20"], "--text")
    assert status == 0
    assert len(out) == 2
    assert "ceasefire_violation, casualty_report" in out[0] and "killed=1" in out[0]
    assert out[0].endswith("| Sniper kills girl despite truce")
    assert "no label" in out[1]


def test_text_mode_explain_lists_the_deciding_words() -> None:
    _, out = _run(["Sniper kills girl despite truce"], "--text", "--explain")
    assert out[0].startswith("⚠️🩸")
    explained = "\n".join(out[1:])
    assert 'ceasefire_violation: "despite truce"' in explained
    assert 'killed: "kills girl"' in explained


def test_output_is_flushed_before_the_next_line_is_read() -> None:
    sink = io.StringIO()

    seen: list[str] = []

    class Source(io.StringIO):
        def readline(self, size: int | None = -1) -> str:
            seen.append(sink.getvalue())
            return super().readline()

    source = Source(_item("s1", "a") + "\n" + _item("s2", "b") + "\n")
    main([], source, sink)
    assert seen[0] == ""
    assert '"s1"' in seen[1] and '"s2"' not in seen[1]


def test_lone_surrogates_are_written_escaped() -> None:
    line = '{"id": "u", "title": "\\ud800 killed 5 soldiers", "summary": ""}'
    status, out = _run([line])
    assert status == 0
    assert out[0].isascii()
    assert json.loads(out[0])["id"] == "u"


def test_python_dash_m_entry_point() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "bot.classify", "--text"],
        input="Sudan peace talks resume in Jeddah\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert "diplomatic_move" in completed.stdout
