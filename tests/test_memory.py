"""Freed memory handed back to the system (glibc's malloc_trim)."""

from __future__ import annotations

import platform

import pytest

from bot.memory import release_freed

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
