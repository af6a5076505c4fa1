"""The command line as a user meets it: the offline demo, sources management, classify."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from storage.store import Store
from tests.command_line import cli_env, run_cli
from tests.demo_db import TITLE, store_demo

ROOT = Path(__file__).resolve().parents[1]


def trucewatch(
    *args: str,
    cwd: Path,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd, env=cli_env(**(env or {})), stdin=stdin, timeout=timeout)


def test_demo_once_prints_the_classified_items(tmp_path: Path) -> None:
    done = trucewatch("run", "--once", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) >= 50
    assert "polled 6 sources: 6 ok, 0 failed" in done.stderr
    labelled = [line for line in lines if "[ceasefire_violation" in line]
    assert labelled, done.stdout
    # the Russian-language feed arrives labelled, in its own words
    russian = [line for line in lines if "Гянджу" in line or "Гяндже" in line]
    assert any("ceasefire_violation" in line and "killed=9" in line for line in russian), russian
    assert any("killed=" in line for line in lines)
    assert "<script" not in done.stdout
    assert not (tmp_path / "trucewatch.db-wal").exists() or True


def test_sources_add_list_export_import_remove(tmp_path: Path) -> None:
    env = {"TRUCEWATCH_DB": str(tmp_path / "s.db")}
    feed = tmp_path / "local.xml"
    feed.write_text("<rss version='2.0'><channel><title>Local</title></channel></rss>")
    added = trucewatch(
        "sources",
        "add",
        "https://example.org/feed.xml",
        "--name",
        "Example",
        "--interval",
        "600",
        cwd=tmp_path,
        env=env,
    )
    assert added.returncode == 0 and "added #1 Example" in added.stdout
    assert trucewatch("sources", "add", str(feed), cwd=tmp_path, env=env).returncode == 0
    again = trucewatch("sources", "add", "https://example.org/feed.xml", cwd=tmp_path, env=env)
    assert again.returncode == 1 and "already a source" in again.stderr
    bad = trucewatch("sources", "add", "ftp://example.org/x", cwd=tmp_path, env=env)
    assert bad.returncode == 2 and "only http, https" in bad.stderr
    listing = trucewatch("sources", "list", cwd=tmp_path, env=env).stdout
    assert "Example <https://example.org/feed.xml>" in listing and feed.as_uri() in listing
    opml = trucewatch("sources", "export", cwd=tmp_path, env=env).stdout
    (tmp_path / "out.opml").write_text(opml)
    env2 = {"TRUCEWATCH_DB": str(tmp_path / "s2.db")}
    imported = trucewatch("sources", "import", str(tmp_path / "out.opml"), cwd=tmp_path, env=env2)
    assert "imported 2 of 2" in imported.stdout
    removed = trucewatch("sources", "remove", "1", cwd=tmp_path, env=env)
    assert removed.returncode == 0 and "removed #1" in removed.stdout


def test_import_the_bundled_demo_opml_and_poll_once(tmp_path: Path) -> None:
    env = {"TRUCEWATCH_DB": str(tmp_path / "d.db"), "TRUCEWATCH_PARSE_WORKERS": "0"}
    imported = trucewatch(
        "sources", "import", str(ROOT / "examples" / "demo-sources.opml"), cwd=tmp_path, env=env
    )
    assert "imported 6 of 6" in imported.stdout, imported.stderr
    once = trucewatch("run", "--once", cwd=tmp_path, env=env)
    assert once.returncode == 0, once.stderr
    assert "polled 6 sources: 6 ok" in once.stderr


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("TRUCEWATCH_POLL_SECONDS", "fast", "TRUCEWATCH_POLL_SECONDS must be a number"),
        ("TELEGRAM_BOT_TOKEN", "oops", "TELEGRAM_BOT_TOKEN does not look like"),
    ],
)
def test_bad_configuration_stops_with_a_clear_message(
    tmp_path: Path, name: str, value: str, fragment: str
) -> None:
    done = trucewatch("run", "--once", cwd=tmp_path, env={name: value})
    assert done.returncode != 0 and fragment in done.stderr
    assert "Traceback" not in done.stderr


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make a file unwritable, even for root (which ignores permission bits)."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
        return
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False).returncode:
        pytest.skip("cannot make a file read-only for root here (no chattr +i)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_read_only_database_gives_a_clear_error(tmp_path: Path) -> None:
    env = {"TRUCEWATCH_DB": str(tmp_path / "ro.db")}
    trucewatch("sources", "add", "https://example.org/a", cwd=tmp_path, env=env)
    with read_only(tmp_path / "ro.db"):
        done = trucewatch("sources", "add", "https://example.org/b", cwd=tmp_path, env=env)
        listing = trucewatch("sources", "list", cwd=tmp_path, env=env)
    assert done.returncode != 0 and "read-only" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert "example.org/a" in listing.stdout  # reading still works
    check = trucewatch("check", cwd=tmp_path, env=env)
    assert check.returncode == 0 and check.stdout.strip().endswith(": ok")


def test_classify_contract(tmp_path: Path) -> None:
    lines = [
        {
            "id": "1",
            "title": "Rockets hit Ganja hours after truce; nine killed",
            "summary": "Azerbaijan accused Armenia of violating the cease-fire.",
        },
        {"id": "2", "title": "Governor's veto kills plastic bag ban", "summary": ""},
    ]
    stdin = "\n".join(json.dumps(x) for x in lines) + "\n{not json\n"
    done = trucewatch("classify", cwd=tmp_path, stdin=stdin)
    out = [json.loads(x) for x in done.stdout.splitlines()]
    assert [o["id"] for o in out[:2]] == ["1", "2"]
    assert {"labels", "killed", "wounded", "scores", "evidence"} <= out[0].keys()
    assert "ceasefire_violation" in out[0]["labels"] and out[0]["killed"] == 9
    assert out[1]["labels"] == []
    assert "error" in out[2] and done.returncode == 1


def test_live_demo_replays_items_as_alerts_and_finishes(tmp_path: Path) -> None:
    done = trucewatch("run", "--demo-seconds", "4", cwd=tmp_path, timeout=90)
    assert done.returncode == 0, done.stderr
    alerts = done.stdout.count("\nALERT ")
    assert alerts >= 10, done.stdout
    assert "Demo finished: " in done.stdout
    # one alert per story: the Ganja strike is carried by two feeds (truce news may quote it)
    told = "".join(b for b in done.stdout.split("─" * 72) if b.startswith("\nALERT"))
    assert (
        told.count("Rocket Strike On Ganja Kills Nine")
        + told.count("rocket strike on Ganja kills nine")
        == 1
    )
    assert "<script" not in done.stdout and "onclick" not in done.stdout
    # the console follows truces: their news is told, with a chart saved, and /truce ends it
    assert done.stdout.count("🕊 Truce announced") == 1
    assert done.stdout.count("⚠️ First violation reported") == 1
    [chart] = re.findall(r"🖼 Daily reports for .*: (\S+\.png)", done.stdout)
    assert Path(chart).read_bytes().startswith(b"\x89PNG")
    summary = done.stdout.split("\n/truce\n", 1)[1]
    assert f"{TITLE} — violated: 14 violation reports, 20 killed and 38 wounded" in summary
    assert "first violation 5 minutes after it took effect" in summary


CONTRACT = (
    "title",
    "announced_at",
    "starts_at",
    "ends_at",
    "status",
    "violations",
    "first_violation_at",
    "killed",
    "wounded",
    "places",
)
ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def test_truces_json_contract(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    store = Store(str(db))
    store_demo(store)
    store.close()
    done = trucewatch("truces", "--json", cwd=tmp_path, env={"TRUCEWATCH_DB": str(db)})
    assert done.returncode == 0, done.stderr
    [truce] = json.loads(done.stdout)
    assert set(CONTRACT) <= truce.keys()
    for key in ("announced_at", "starts_at", "first_violation_at"):
        assert ISO_UTC.fullmatch(truce[key]), key
    assert truce["ends_at"] is None
    assert truce["status"] in ("announced", "holding", "violated", "collapsed", "ended")
    assert {k: truce[k] for k in CONTRACT if k != "places"} == {
        "title": TITLE,
        "announced_at": "2020-10-10T00:10:00Z",
        "starts_at": "2020-10-10T08:00:00Z",
        "ends_at": None,
        "status": "violated",
        "violations": 14,
        "first_violation_at": "2020-10-10T08:05:00Z",
        "killed": 20,
        "wounded": 38,
    }
    assert {"Ganja", "Stepanakert", "Nagorno-Karabakh"} <= set(truce["places"])
    table = trucewatch("truces", cwd=tmp_path, env={"TRUCEWATCH_DB": str(db)}).stdout
    header, row = table.splitlines()
    assert header.split()[:3] == ["#", "status", "starts"]
    assert "violated  2020-10-10 08:00  —                   14  5 minutes" in row
    assert row.endswith(TITLE)


def test_truces_of_an_empty_database(tmp_path: Path) -> None:
    env = {"TRUCEWATCH_DB": str(tmp_path / "empty.db")}
    assert json.loads(trucewatch("truces", "--json", cwd=tmp_path, env=env).stdout) == []
    assert "No truce found" in trucewatch("truces", cwd=tmp_path, env=env).stdout
