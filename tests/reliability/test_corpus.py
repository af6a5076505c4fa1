"""feedparser's own test corpus (2,107 real-world and hostile documents) through the command
line: `sources import` an OPML of all of them, `run --once`, then look at every source and
render every stored item as an alert.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import quoteattr

import pytest

from fakes.builders import alert_html
from fakes.feed_site import FeedSite
from storage.store import Store
from tests.command_line import cli_env, run_cli
from tests.reliability.conftest import record
from tests.reliability.helpers import (
    alert_for,
    assert_chat_html,
    assert_no_traceback,
)

CORPUS = Path(os.environ.get("TRUCEWATCH_FEED_CORPUS", "/work/shared/data/feed-corpus/feedparser"))
if not CORPUS.is_dir():  # CI lays shared/ beside the clone
    CORPUS = Path(__file__).resolve().parents[3] / "shared/data/feed-corpus/feedparser"
EXPECTED_FILES = 2107
# The corpus lives beside the repository (it is not ours to ship); without it there is
# nothing to run, and saying so beats a failure about a missing directory.
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"feed corpus not found at {CORPUS}")


def corpus_files() -> list[Path]:
    return sorted(
        p for p in CORPUS.rglob("*") if p.is_file() and p.name not in ("README.md", "LICENSE")
    )


@pytest.fixture(scope="module")
def corpus_site() -> Iterator[FeedSite]:
    if not CORPUS.is_dir():
        pytest.skip(f"the feed corpus is not at {CORPUS}")
    site = FeedSite().start_in_thread()
    site.serve_directory("/corpus", CORPUS)
    yield site
    site.stop_thread()


def write_opml(path: Path, site: FeedSite, files: list[Path]) -> None:
    outlines = "\n".join(
        f'<outline type="rss" text={quoteattr(f.relative_to(CORPUS).as_posix())} '
        f"xmlUrl={quoteattr(site.url('/corpus/' + quote(f.relative_to(CORPUS).as_posix())))}/>"
        for f in files
    )
    path.write_text(
        f'<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0"><head>'
        f"<title>corpus</title></head><body>\n{outlines}\n</body></opml>\n",
        encoding="utf-8",
    )


@dataclass
class CorpusRun:
    files: list[Path]
    db: Path
    runs: list[subprocess.CompletedProcess[str]]
    listing: str


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory, corpus_site: FeedSite) -> CorpusRun:
    """Import the corpus, then `run --once` until every source was polled."""
    tmp_path = tmp_path_factory.mktemp("corpus")
    files = corpus_files()
    assert len(files) == EXPECTED_FILES
    opml = tmp_path / "corpus.opml"
    write_opml(opml, corpus_site, files)
    db = tmp_path / "corpus.db"
    env = cli_env(TRUCEWATCH_DB=str(db), TRUCEWATCH_ALLOW_PRIVATE_URLS="1")
    imported = run_cli("sources", "import", str(opml), cwd=tmp_path, env=env)
    assert imported.returncode == 0, imported.stderr
    assert f"imported {len(files)} of {len(files)}" in imported.stdout
    runs = []
    polled = 0
    while polled < len(files) and len(runs) < 5:
        once = run_cli("run", "--once", cwd=tmp_path, env=env, timeout=280)
        runs.append(once)
        found = re.search(r"polled (\d+) sources", once.stderr)
        assert found, once.stderr[-2000:]
        polled += int(found.group(1))
    listing = run_cli("sources", "list", cwd=tmp_path, env=env)
    assert listing.returncode == 0, listing.stderr
    return CorpusRun(files, db, runs, listing.stdout)


@pytest.mark.timeout(300)
def test_every_corpus_document_goes_through_cleanly(
    corpus_run: CorpusRun, corpus_site: FeedSite
) -> None:
    for once in corpus_run.runs:
        assert_no_traceback(once.stdout, once.stderr)
        assert once.returncode == 0, once.stderr[-2000:]
    assert "internal error" not in corpus_run.listing
    store = Store(str(corpus_run.db))
    try:
        sources = store.list_sources()
        items = store.latest(100_000)
        check = store.check()
    finally:
        store.close()
    assert check == "ok"
    assert len(sources) == len(corpus_run.files)
    failed = [s for s in sources if s.status != "ok"]
    for source in sources:
        assert source.status in ("ok", "failing"), (source.name, source.status)
    for source in failed:
        error = source.last_error or ""
        assert error and "\n" not in error and "internal error" not in error, (source.name, error)
    assert len(corpus_site.requests()) >= len(corpus_run.files)

    now = datetime.now(UTC)
    for item in items:
        html = alert_html(alert_for(item))
        assert_chat_html(html, what=f"alert for {item.source_name}")
        assert item.published_at <= now
    record(
        "corpus: sources ok, failed, items stored",
        (len(sources) - len(failed), len(failed), len(items)),
    )


def test_run_once_polls_every_due_source(corpus_run: CorpusRun) -> None:
    first = corpus_run.runs[0].stderr
    assert f"polled {len(corpus_run.files)} sources" in first, first[-300:]
