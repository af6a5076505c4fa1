"""Right-to-left text that stays readable when it mixes in Latin text, numbers, commands,
URLs and feed text in other languages (pure).

Chat clients lay out each line by the Unicode bidirectional algorithm: the first strong
letter of a line sets its direction, and neutral characters (spaces, punctuation, "/")
take the direction around them. So an Arabic line that begins with an English headline
would run left to right, a command's "/" would jump to the far end of "/subscribe", and a
headline's final full stop would land on its left. For a message in a right-to-left
language:

- every line begins with RIGHT-TO-LEFT MARK (U+200F), so it reads right to left whatever
  it begins with;
- every run of left-to-right text (Latin or Cyrillic letters, digits, and the "/", "#",
  "@", "-" or opening quote before them) is isolated between FIRST STRONG ISOLATE (U+2068)
  and POP DIRECTIONAL ISOLATE (U+2069): inside, it is laid out on its own, in its own
  direction; outside, it counts as one neutral character and keeps its place;
- a formatted piece (bold, a link, code) holding no right-to-left letter is isolated as a
  whole, outside its markup, so a command stays a command when copied.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from bot.message import Bold, Button, Code, Inline, Italic, Line, Link, Message, Surface

RLM = "\u200f"
FSI = "\u2068"
PDI = "\u2069"
_OPENING = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI
#: Neutrals that belong to the left-to-right run they precede ("/subscribe", "#8", "-word").
_LEADS = frozenset("/#@+-(“\"«'$€")
#: Closing marks that belong to the run they follow, when it opened them.
_PAIRS = {")": "(", "”": "“", "»": "«", '"': '"'}


def isolate(text: str) -> str:
    return f"{FSI}{text}{PDI}" if text else text


def isolate_value(text: str) -> str:
    """A value filled into right-to-left text: isolated, and, when it mixes in right-to-left
    words ("الخروقات, “ganja”"), with its own left-to-right runs isolated too."""
    return isolate(isolate_runs(text) if has_rtl(text) else text)


def _kind(ch: str) -> str:
    """'r' right-to-left letter, 'l' left-to-right letter or digit, 'n' anything else."""
    direction = unicodedata.bidirectional(ch)
    if direction in ("R", "AL"):
        return "r"
    return "l" if direction in ("L", "EN") else "n"


def has_rtl(text: str) -> bool:
    return any(_kind(ch) == "r" for ch in text)


def has_ltr(text: str) -> bool:
    return any(_kind(ch) == "l" for ch in text)


def _closing(text: str, start: int) -> int:
    """Just past the PDI that closes the isolate opened at `start` (or the end)."""
    depth = 0
    for index in range(start, len(text)):
        if text[index] in _OPENING:
            depth += 1
        elif text[index] == PDI:
            depth -= 1
            if depth == 0:
                return index + 1
    return len(text)


def _run_end(text: str, start: int) -> int:
    """Just past the last left-to-right letter or digit of the run beginning at `start`,
    which ends at a right-to-left letter or an isolate."""
    end = start
    for index in range(start, len(text)):
        ch = text[index]
        if ch in _OPENING or _kind(ch) == "r":
            break
        if _kind(ch) == "l":
            end = index + 1
    return end


def _closed(run: str, text: str, end: int) -> int:
    """`end`, moved past closing marks whose opening mark is in `run` ("(Ganja)")."""
    while end < len(text) and text[end] in _PAIRS:
        mark = text[end]
        if mark == '"':
            still_open = run.count('"') % 2 == 1
        else:
            still_open = run.count(_PAIRS[mark]) > run.count(mark)
        if not still_open:
            break
        run, end = run + mark, end + 1
    return end


def isolate_runs(text: str) -> str:
    """`text` with each left-to-right run isolated; existing isolates are left alone. Text
    with no right-to-left letter (a headline in English) is isolated whole, with its own
    punctuation."""
    if not has_rtl(text) and _OPENING.isdisjoint(text):
        return _whole(text)
    out: list[str] = []
    index = 0
    while index < len(text):
        ch = text[index]
        if ch in _OPENING:
            end = _closing(text, index)
        elif _kind(ch) == "l":
            lead = ""
            while out and out[-1] in _LEADS:
                lead = out.pop() + lead
            end = _run_end(text, index)
            end = _closed(lead + text[index:end], text, end)
            out.append(isolate(lead + text[index:end]))
            index = end
            continue
        else:
            end = index + 1
        out.append(text[index:end])
        index = end
    return "".join(out)


def _whole(text: str) -> str:
    if not has_ltr(text):
        return text
    core = text.strip()
    start = text.index(core)
    return text[:start] + isolate(core) + text[start + len(core) :]


def rtl_text(text: str) -> str:
    """A line of plain text (an embed's field) made to read right to left."""
    return RLM + isolate_runs(text) if text else text


def _pieces(node: Inline) -> tuple[Inline, ...]:
    """One piece of a right-to-left line, as the pieces that replace it."""
    if isinstance(node, str):
        return (isolate_runs(node),)
    shown = _visible(node)
    if not has_rtl(shown):
        return (FSI, node, PDI) if has_ltr(shown) else (node,)
    if isinstance(node, Code):
        return (node,)
    parts = tuple(p for part in node.parts for p in _pieces(part))
    return (replace(node, parts=parts),)


def _visible(node: Bold | Italic | Link | Code) -> str:
    if isinstance(node, Code):
        return node.text
    return "".join(p if isinstance(p, str) else _visible(p) for p in node.parts)


def rtl_line(ln: Line) -> Line:
    if not ln:
        return ln
    return (RLM, *(p for node in ln for p in _pieces(node)))


def _button(button: Button) -> Button:
    return replace(button, text=rtl_text(button.text))


def right_to_left(msg: Message) -> Message:
    """The message laid out to read right to left on every client."""
    return replace(
        msg,
        lines=tuple(rtl_line(ln) for ln in msg.lines),
        buttons=tuple(tuple(_button(b) for b in row) for row in msg.buttons),
    )


def rtl_surface(surface: Surface) -> Surface:
    """`surface`, measuring each line as it will be sent: with its marks and isolates."""
    return Surface(surface.limit, lambda ln: surface.line_size(rtl_line(ln)))


#: Direction marks, embeddings and isolates: LRM, RLM, U+202A-U+202E, U+2066-U+2069.
_CONTROLS = dict.fromkeys([0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def for_canvas(text: str) -> str:
    """Text for a chart. matplotlib (3.11 and later, through libraqm) lays out each string
    by the bidirectional algorithm and joins Arabic letters itself; the marks and isolates
    that keep chat messages in order would only be drawn as blank glyphs there."""
    return text.translate(_CONTROLS)
