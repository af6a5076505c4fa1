"""Handing memory that a big piece of work freed back to the system, and keeping out what
an import would load for nothing.

glibc's allocator keeps freed blocks in each thread's arena for reuse rather than return
them: after an ingest batch (the transaction's pages, the batch's rows) or the lexicons'
compilation (the regex parser's scratch), megabytes stay with the process until the next
such peak. `malloc_trim` returns the whole free pages among them. Elsewhere (another C
library) this does nothing.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import sys
from collections.abc import Callable, Iterator


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
        return trim
    except (AttributeError, OSError):
        return None


def release_freed() -> bool:
    """Give freed memory back to the system; whether there was any to give (glibc only)."""
    trim = _malloc_trim()
    return bool(trim(0)) if trim is not None else False


@contextlib.contextmanager
def modules_hidden(*names: str) -> Iterator[None]:
    """Within the block, `import name` fails for each of `names` not imported yet, so a
    library that only tries them (optional extras) goes without; afterwards they are
    importable again for whatever does need them."""
    hidden = [name for name in names if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # how `import` is told to fail
    try:
        yield
    finally:
        for name in hidden:
            del sys.modules[name]
