"""Freed memory handed back to the system (glibc's malloc_trim), and imports kept out."""

from __future__ import annotations

import importlib
import platform
import sys
from pathlib import Path

import pytest

from bot.memory import modules_hidden, release_freed

GLIBC = platform.libc_ver()[0] == "glibc"
BLOCK = 64 * 1024  # below glibc's mmap threshold: such blocks stay in the heap when freed
BLOCKS = 400


def resident_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1])


@pytest.mark.skipif(not GLIBC, reason="malloc_trim is glibc's")
def test_memory_freed_by_a_big_job_goes_back_to_the_system() -> None:
    blocks = [bytearray(BLOCK) for _ in range(BLOCKS)]
    pin = bytearray(BLOCK)  # above the freed blocks, so freeing them cannot shrink the heap
    for block in blocks:
        block[::4096] = b"x" * len(block[::4096])  # touched: resident
    del blocks
    held = resident_kib()
    assert release_freed() is True
    assert held - resident_kib() > BLOCKS * BLOCK // 1024 // 2
    assert pin[0] == 0


@pytest.mark.skipif(GLIBC, reason="another C library: nothing to call")
def test_without_glibc_nothing_is_released() -> None:
    assert release_freed() is False


def test_a_hidden_module_cannot_be_imported_until_the_block_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "optional_extra.py").write_text("LOADED = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "optional_extra", raising=False)
    with modules_hidden("optional_extra"), pytest.raises(ImportError):
        importlib.import_module("optional_extra")
    assert "optional_extra" not in sys.modules
    assert importlib.import_module("optional_extra").LOADED is True


def test_a_module_already_imported_is_left_alone() -> None:
    with modules_hidden("json"):
        assert importlib.import_module("json") is sys.modules["json"] is not None
    assert sys.modules["json"] is not None
