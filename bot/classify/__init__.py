"""News classifier: cease-fire violations, diplomatic moves and casualties.

`classify(title, summary)` is pure and deterministic; the vocabulary lives
in the TOML files beside this module and is compiled once, at import or,
for the figure patterns and other languages, on first use (`warm()` does it
all at once).
"""

from bot.classify.classifier import classify, warm

__all__ = ["classify", "warm"]
