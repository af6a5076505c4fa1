"""Handing memory that a big piece of work freed back to the system.

glibc's allocator keeps freed blocks in each thread's arena for reuse rather than return
them: after an ingest batch (the transaction's pages, the batch's rows) or the lexicons'
compilation (the regex parser's scratch), megabytes stay with the process until the next
such peak. `malloc_trim` returns the whole free pages among them. Elsewhere (another C
library) this does nothing.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable


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
