"""Mutation testing of the protections users trust: `make mutation` (slow; not run in CI).

    python -m tests.mutation                 # every module below: mutate, test, report
    python -m tests.mutation bot.match ...   # only these modules
    python -m tests.mutation --report        # the report of the last run, without running

mutmut (configured in pyproject.toml) copies the code to mutants/, makes one small change
at a time in the functions named here, and runs the tests that call each function. A
mutant that no test notices has survived: either a test is missing, or the change is
equivalent — nothing a user could see changes. Equivalent mutants are listed below, each
with the reason, by the line as it reads after the change (not by mutmut's numbers, which
shift whenever a function changes). The run fails on any other survivor.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"

#: module -> the functions whose breaking would hurt users (None: every function). Methods
#: are "Class.method".
SCOPE: dict[str, tuple[str, ...] | None] = {
    # keyword matching, and the rule that no alert is older than its subscription
    "bot.match": None,
    # messages and their escaping on each platform
    "bot.message": None,
    "bot.format": None,
    "handlers.telegram.render": None,
    "handlers.discord.render": None,
    # who may change what a chat follows, by command or by button
    "handlers.commands": ("Commands._refusal", "Commands.press", "Commands.handle"),
    "bot.buttons": None,
    "handlers.discord.frontend": ("DiscordFrontend.caller", "chat_ref"),
    # what happens to an alert after a failed send
    "bot.delivery": ("decide", "backoff"),
    # the SSRF guard: addresses, redirects, schemes, proxies
    "bot.fetch": (
        "address_problem",
        "guarded_socket",
        "permanent_target",
        "Fetcher._open",
        "Fetcher.fetch",
        "Fetcher._get",
        "Fetcher._result",
    ),
    "handlers.arguments": ("check_feed_url",),
    # the first poll and old items push nothing
    "bot.ingest": None,
}


@dataclass(frozen=True)
class Equivalent:
    module: str
    function: str
    after: str  # the changed line as it reads in the mutant, stripped; or CASE_ONLY
    why: str
    before: str | None = None  # for a deleted line ("" after): the line deleted


#: `after` for "only the letter case of a string changed" (HTTP header names, say).
CASE_ONLY = "<only the letter case changes>"
_HEADERS = "HTTP header names are case-insensitive (aiohttp's CIMultiDict)"
_NO_HISTORY = "without redirects the response history is empty: no move either way"
_SAME_LENGTHS = "fresh items, their story candidates and ids come in equal numbers by construction"
_PAGE_IDS = "is_number admits at most 18 digits, below 10**18 < 2**63"
_ONE_PERCENT = "an address carries at most one '%' (before an IPv6 scope)"
_NO_UNDERSCORE = (
    "the kinds with '_' (link_local) are always reported as private first: Python counts "
    "every link-local range as private"
)
_HOSTNAME = "urlsplit's hostname has no brackets or spaces (refused before) and is lower case"

_MORE_CANDIDATES = (
    "more index keys only add candidates, and every candidate is checked against its "
    "whole-word patterns"
)
_ANY_KEY = (
    "an item word with clitics peels down to every form the term's first word peels to, "
    "so any of the term's keys finds it; the shortest is only the tidiest"
)

_FIVE_LINES = (
    "a summary lists five stories at most, each line under 320 units (titles clipped to "
    "200): with its other lines it stays far below every platform's limit, whatever the "
    "reserve"
)

#: Survivors that change nothing a user could see, each with the reason.
EQUIVALENT: tuple[Equivalent, ...] = (
    Equivalent(
        "bot.match",
        "term_pattern",
        r'body = r"\s+".join(_word_pattern(part) for part in term.split(None))',
        "terms are folded first: single spaces only, so split(' ') and split() agree",
    ),
    Equivalent(
        "bot.match",
        "index_keys",
        "return {cyrillic_stem(word)[: _MIN_STEM - 1]}",
        _MORE_CANDIDATES + ": a shorter prefix of the same stem, for terms and items alike",
    ),
    Equivalent(
        "bot.match",
        "_peeled",
        "if form.startswith(clitic) or len(form) - len(clitic) >= 2:",
        _MORE_CANDIDATES + ": forms peeled of letters that are no clitic",
    ),
    Equivalent(
        "bot.match",
        "_peeled",
        "if form.startswith(clitic) and len(form) + len(clitic) >= 2:",
        _MORE_CANDIDATES + ": forms of one letter",
    ),
    Equivalent(
        "bot.match",
        "_term_key",
        "return min(index_keys(words(term)[0]), key=None)",
        _ANY_KEY,
    ),
    Equivalent("bot.match", "_term_key", "return min(index_keys(words(term)[0]), )", _ANY_KEY),
    Equivalent(
        "bot.match",
        "Matcher.matches",
        "for word in present | self._by_word.keys():",
        "words without a subscription add no candidate (the index only gains empty lists)",
    ),
    Equivalent(
        "bot.format",
        "item_line",
        'f" ({figures(c, t)})" if figures(c, ) else None,',
        "whether an item has figures does not depend on the language they are written in",
    ),
    Equivalent(
        "bot.format",
        "alerts_list",
        "kept, left = surface.fit(lines, reserve=201)",
        "one unit more of the 200 kept for the head and the closing line, which take at most "
        "112 in any language we speak",
    ),
    Equivalent("bot.format", "summary", "kept, _ = surface.fit(lines, )", _FIVE_LINES),
    Equivalent("bot.format", "summary", "kept, _ = surface.fit(lines, reserve=301)", _FIVE_LINES),
    Equivalent(
        "bot.format",
        "heading",
        'return (" · ".join(LABEL_TITLES[label] for label in c.labels) or "NEWS").capitalize()',
        "'NEWS'.capitalize() is 'News' too",
    ),
    Equivalent(
        "bot.message",
        "utf16_length",
        'return len(text.encode("utf-16-le")) / 2',
        "UTF-16 bytes come in pairs: the float is a whole number, only compared and added"
        " (mypy rejects it all the same)",
    ),
    Equivalent(
        "handlers.telegram.render",
        "esc",
        "return html.escape(text, quote=None)",
        "None is false, as False is (mypy rejects it all the same)",
    ),
    Equivalent(
        "handlers.telegram.render",
        "inline_html",
        "return f'<a href=\"{html.escape(node.url, )}\">{inner}</a>'",
        "quote=True is html.escape's default",
    ),
    Equivalent(
        "handlers.discord.render",
        "inline_markdown",
        "return f\"[{inner}](<{quote(node.url, safe='XX:/?&=#%@+,;~!$*XX')}>)\"",
        "letters are never percent-encoded: marking X safe changes no address",
    ),
    Equivalent(
        "handlers.discord.render",
        "alert_embed",
        "colour=COLOURS.get(view.labels[0], None) if view.labels else NEUTRAL,",
        "every label has a colour: the default is never used",
    ),
    Equivalent(
        "handlers.discord.render",
        "alert_embed",
        "colour=COLOURS.get(view.labels[0], ) if view.labels else NEUTRAL,",
        "every label has a colour: the default is never used",
    ),
    Equivalent(
        "handlers.discord.render",
        "alert_embed",
        "assert len(embed) < EMBED_TOTAL",
        "the clipped parts add up to about 1,700 characters, far from the 6,000 limit",
    ),
    Equivalent(
        "handlers.commands",
        "Commands.press",
        'return await self.handle(caller, "SUBSCRIBE", action.category)',
        "handle reads command names in any case",
    ),
    Equivalent(
        "bot.buttons",
        "decode",
        'kind, _, value = payload[:MAX_PAYLOAD].rpartition(":")',
        "no payload word or id contains ':', so the first ':' is the last one",
    ),
    Equivalent(
        "bot.buttons",
        "decode",
        'if kind == "tl" and is_number(value) and 0 < int(value) <= 2**63:',
        _PAGE_IDS,
    ),
    Equivalent(
        "bot.buttons",
        "decode",
        'if kind == "tl" and is_number(value) and 0 < int(value) < 3**63:',
        _PAGE_IDS,
    ),
    Equivalent(
        "bot.buttons",
        "decode",
        'if kind == "tl" and is_number(value) and 0 < int(value) < 2**64:',
        _PAGE_IDS,
    ),
    Equivalent(
        "bot.delivery",
        "backoff",
        "base = min(2.0 ** min(attempts, 21), MAX_SEND_BACKOFF.total_seconds())",
        "2**20 s is already past the ten-minute cap",
    ),
    Equivalent(
        "bot.fetch",
        "address_problem",
        'ip = ipaddress.ip_address(address.split("%", )[0])',
        _ONE_PERCENT,
    ),
    Equivalent(
        "bot.fetch",
        "address_problem",
        'ip = ipaddress.ip_address(address.rsplit("%", 1)[0])',
        _ONE_PERCENT,
    ),
    Equivalent(
        "bot.fetch",
        "address_problem",
        'ip = ipaddress.ip_address(address.split("%", 2)[0])',
        _ONE_PERCENT,
    ),
    Equivalent(
        "bot.fetch",
        "address_problem",
        "return f\"{ip} is a {kind.replace('XX_XX', '-')} address\"",
        _NO_UNDERSCORE,
    ),
    Equivalent(
        "bot.fetch",
        "address_problem",
        "return f\"{ip} is a {kind.replace('_', 'XX-XX')} address\"",
        _NO_UNDERSCORE,
    ),
    Equivalent(
        "bot.fetch",
        "guarded_socket",
        "return socket.socket(family, kind, )",
        "protocol 0 is TCP for a stream socket, the only kind aiohttp asks for",
    ),
    Equivalent("bot.fetch", "Fetcher._open", CASE_ONLY, _HEADERS),
    Equivalent("bot.fetch", "Fetcher._get", CASE_ONLY, _HEADERS),
    Equivalent("bot.fetch", "Fetcher._result", CASE_ONLY, _HEADERS),
    Equivalent(
        "bot.fetch",
        "Fetcher._open",
        "",
        "trust_env=False is aiohttp's default",
        before="trust_env=False,",
    ),
    Equivalent(
        "bot.fetch",
        "Fetcher._get",
        "async with session.get(url, headers=headers, ) as resp:",
        "aiohttp's own default is also ten redirects",
    ),
    Equivalent("bot.fetch", "Fetcher._get", 'return self._result(resp, b"", None)', _NO_HISTORY),
    Equivalent(
        "bot.fetch",
        "Fetcher._get",
        "return self._result(resp, await self._read_capped(resp), None)",
        _NO_HISTORY,
    ),
    Equivalent(
        "bot.fetch",
        "Fetcher._result",
        "moved_to=permanent_target(resp.history, final) if (final != url) or True else None,",
        _NO_HISTORY,
    ),
    Equivalent(
        "handlers.arguments", "check_feed_url", "host = parts.hostname.strip(None)", _HOSTNAME
    ),
    Equivalent(
        "handlers.arguments", "check_feed_url", 'host = parts.hostname.strip("XX[]XX")', _HOSTNAME
    ),
    Equivalent(
        "bot.ingest",
        "_hashes",
        'return dedup.shingle_hashes(other.folded or "XXXX")',
        "the stand-in text is not folded: no item's folded words can share a shingle with it",
    ),
    *(
        Equivalent("bot.ingest", "plan_ingest", line, _SAME_LENGTHS)
        for line in (
            "stories = [story_of(item, found) for item, found in zip(fresh, candidates, )]",
            "stories = [story_of(item, found) for item, found in zip(fresh, candidates, "
            "strict=False)]",
            "for ident, story, item in zip(ids, stories, fresh, )",
            "for ident, story, item in zip(ids, stories, fresh, strict=False)",
            "stories = [story_of(item, found) for item, found in zip(fresh, candidates, "
            "strict=None)]",
            "for ident, story, item in zip(ids, stories, fresh, strict=None)",
        )
    ),
)

#: A mutant is caught when a test fails, times out or crashes.
KILLED = {"killed", "timeout", "segfault"}


@dataclass(frozen=True)
class Mutant:
    name: str
    module: str
    function: str  # "Class.method" or "function"
    status: str
    before: str
    after: str


def display_name(mangled: str) -> str:
    """mutmut's `xǁClassǁmethod` / `x_function` as `Class.method` / `function`."""
    if mangled.startswith("xǁ"):
        return ".".join(mangled[2:].split("ǁ"))
    return mangled.removeprefix("x_")


def in_scope(module: str, function: str) -> bool:
    if module not in SCOPE:
        return False
    wanted = SCOPE[module]
    return wanted is None or function in wanted


def mutant_globs(modules: list[str]) -> list[str]:
    """mutmut's names for every mutant in scope of `modules`."""
    globs = []
    for module in modules:
        wanted = SCOPE[module]
        if wanted is None:
            globs.append(f"{module}.*")
            continue
        for function in wanted:
            cls, _, method = function.rpartition(".")
            mangled = f"xǁ{cls}ǁ{method}" if cls else f"x_{function}"
            globs.append(f"{module}.{mangled}*")  # also names the function, for its tests
    return globs


def changed_lines(
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef], lines: list[str], name: str
) -> tuple[str, str]:
    """What the mutant changed: the original lines and the mutant's, stripped."""
    base = name.rsplit("__mutmut_", 1)[0]

    def body(fn: str) -> list[str]:
        node = functions[fn]
        assert node.end_lineno is not None
        return [ln.strip() for ln in lines[node.lineno : node.end_lineno]]  # without the def

    before: list[str] = []
    after: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, body(f"{base}__mutmut_orig"), body(name), autojunk=False
    ).get_opcodes():
        if tag != "equal":
            before += body(f"{base}__mutmut_orig")[i1:i2]
            after += body(name)[j1:j2]
    return " / ".join(before), " / ".join(after)


def collect() -> list[Mutant]:
    found: list[Mutant] = []
    for module in SCOPE:
        path = MUTANTS / (module.replace(".", "/") + ".py")
        meta = path.with_name(path.name + ".meta")
        if not meta.exists():
            continue
        results: dict[str, int | None] = json.loads(meta.read_text())["exit_code_by_key"]
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        functions = {
            n.name: n
            for n in ast.walk(ast.parse(source))
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        for name, code in results.items():
            mangled = name.removeprefix(module + ".").rsplit("__mutmut_", 1)[0]
            function = display_name(mangled)
            if not in_scope(module, function):
                continue
            before, after = changed_lines(functions, lines, name.removeprefix(module + "."))
            found.append(Mutant(name, module, function, status_of(code), before, after))
    return found


def status_of(code: int | None) -> str:
    from mutmut.stats import status_by_exit_code

    return str(status_by_exit_code[code])


def equivalence(m: Mutant) -> Equivalent | None:
    if m.status != "survived":
        return None
    case_only = m.before != m.after and m.before.lower() == m.after.lower()
    for e in EQUIVALENT:
        if (e.module, e.function) != (m.module, m.function) or e.before not in (None, m.before):
            continue
        if e.after == m.after or (e.after == CASE_ONLY and case_only):
            return e
    return None


def report(mutants: list[Mutant]) -> int:
    """Print the score per module; return how many mutants are neither killed nor known
    equivalents."""
    print(f"{'module':<26} {'mutants':>7} {'killed':>6} {'equiv.':>6} {'left':>4}  score")
    unexplained: list[Mutant] = []
    for module in SCOPE:
        mine = [m for m in mutants if m.module == module]
        if not mine:
            continue
        killed = sum(m.status in KILLED for m in mine)
        equivalent = sum(equivalence(m) is not None for m in mine)
        left = [m for m in mine if m.status not in KILLED and equivalence(m) is None]
        unexplained += left
        judged = len(mine) - equivalent
        score = killed / judged if judged else 1.0
        print(
            f"{module:<26} {len(mine):>7} {killed:>6} {equivalent:>6} {len(left):>4}  {score:.1%}"
        )
    statuses = Counter(m.status for m in mutants)
    print(f"all: {len(mutants)} mutants, " + ", ".join(f"{n} {s}" for s, n in statuses.items()))
    print("score: killed / (mutants - equivalent)")
    for m in unexplained:
        print(f"\n{m.status}: {m.name} ({m.function})\n  - {m.before}\n  + {m.after}")
    if unexplained:
        print(
            f"\n{len(unexplained)} mutant(s) neither killed nor known equivalent: add a test "
            "that fails for each, or list it in EQUIVALENT (tests/mutation.py) with why."
        )
    return len(unexplained)


def equivalents(mutants: list[Mutant]) -> None:
    """The surviving equivalent mutants, for the README."""
    for m in mutants:
        e = equivalence(m)
        if e is not None:
            print(f"{m.module} {m.function}: `{m.after or '(deleted) ' + m.before}` — {e.why}")


def run(modules: list[str], children: int) -> int:
    """mutmut's exit status. A fresh copy each time: mutmut would keep its copies of the
    unmutated files from an earlier run, however the code has changed since."""
    shutil.rmtree(MUTANTS, ignore_errors=True)
    command = [
        str(Path(sys.executable).with_name("mutmut")),
        "run",
        "--max-children",
        str(children),
        *mutant_globs(modules),
    ]
    started = time.monotonic()
    status = subprocess.run(command, cwd=ROOT, check=False).returncode
    print(f"mutmut ran {time.monotonic() - started:.0f} s for {', '.join(modules)}")
    return status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help=f"some of: {' '.join(SCOPE)}")
    parser.add_argument("--report", action="store_true", help="report the last run only")
    parser.add_argument(
        "--equivalents", action="store_true", help="list the last run's equivalent mutants"
    )
    parser.add_argument("--children", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    unknown = set(args.modules) - SCOPE.keys()
    if unknown:
        parser.error(f"not in scope: {', '.join(sorted(unknown))}")
    modules = args.modules or list(SCOPE)
    if not (args.report or args.equivalents) and (status := run(modules, args.children)):
        print(f"mutmut stopped with status {status} (a failing test, say): no verdicts")
        return status
    found = collect()
    checked = {m.module for m in found if m.status != "not checked"}
    mutants = [m for m in found if m.module in modules and m.module in checked]
    if not mutants:
        print("no results: run without --report first")
        return 1
    if args.equivalents:
        equivalents(mutants)
        return 0
    return 1 if report(mutants) else 0


if __name__ == "__main__":
    sys.exit(main())
