"""Reliability suite: hostile feeds, the real-world corpus, Telegram faults, crashes, disk
trouble, fuzzed commands and security. `pytest tests/reliability -m slow` runs the big variants."""
