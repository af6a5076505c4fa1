"""Parser worker processes: started with the bot, below its priority, and gone with it."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor

#: Parser processes run this much below the bot: when both want the CPU, the event loop
#: (chat commands) and the database writer go first, and parsing takes what is left.
WORKER_NICENESS = 10


def parser_pool(workers: int) -> Callable[[], Executor] | None:
    """Parsing runs in worker processes (it is CPU-bound); 0 workers means a thread."""
    if workers <= 0:
        return None
    context = multiprocessing.get_context("spawn")
    return lambda: ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=start_worker,
        initargs=(os.getpid(),),
    )


def start_worker(parent: int) -> None:
    with contextlib.suppress(AttributeError, OSError):  # no os.nice on Windows
        os.nice(WORKER_NICENESS)
    exit_with_parent(parent)


def exit_with_parent(parent: int) -> None:
    """In a worker: end when the bot is gone, even if it was killed with no chance to say so."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
