"""News classifier: cease-fire violations, diplomatic moves and casualties.

`classify(title, summary)` is pure and deterministic; the vocabulary lives
in the TOML files beside this module and is compiled once at import.
"""

from bot.classify.classifier import classify

__all__ = ["classify"]
