"""Names of the roles that lexicon categories play in the rules.

A category in the TOML files names its role; the rules only ever ask for
roles, so an analyst can add a category (say, a new group of hostile acts)
without touching code.
"""

from __future__ import annotations

# scope and negation
NEGATION = "negation"  # "no casualties", "no violations"
NOT = "not"  # verbal negation: "was not hurt"
HALT = "halt"  # "halt to shelling", "fighting would stop"
MODAL = "modal"  # "would", "threatened to"
HYPOTHETICAL = "hypothetical"  # "in danger of collapse"
PAST_SPAN = "past_span"  # "after two weeks of fighting"
LONG_PAST = "long_past"  # "three decades of talks"
EVE = "eve"  # "on the eve of the hostage release"
CLAUSE = "clause"  # words that end a clause like a comma does
RELATIVE = "relative"  # "which", "who": a clause about the noun before it
OPINION = "opinion"  # analysts' sentences are not actions
PROTEST = "protest"  # what a crowd demands is not diplomacy
NON_CONFLICT = "non_conflict"  # sport, labour, courts, climate...
ACTOR = "actor"  # armed actors: the item is about an armed conflict
IGNORE = "ignore"  # idioms swallowed so their words do not count

# cease-fire violations
TRUCE = "truce"
AGREEMENT = "agreement"
BREACH = "breach"
ENDANGER = "endanger"  # "strikes threaten the truce": a breach once an act is reported
DESPITE = "despite"
TEMPORAL = "temporal"  # "after", "since"
TEMPORAL_UNIT = "temporal_unit"  # "hours after", "shortly after"
DURING = "during"
ONSET = "onset"  # "took effect", "began"
ONSET_FUTURE = "onset_future"  # "to take effect"
EXPIRY = "expiry"  # "the truce expired": no longer in force
HOLDING = "holding"  # "largely holding", "respected"
BLOCK = "block"  # "despite calls for a truce": not a truce in force
HOSTILE = "hostile"
HOSTILE_WEAK = "hostile_weak"

# diplomacy
DIP = "dip"
TRUCE_VERB = "truce_verb"
UNDER = "under"
KIDNAP = "kidnap"  # "kidnappers", "abducted": hostages held for ransom, not war prisoners

# casualties
KILLED = "killed"
WOUNDED = "wounded"
HARM = "harm"  # casualties of unknown kind: "casualties", "victims"
BODIES = "bodies"  # "bodies of 19 servicemen": killed, if the item says they were killed

DISASTER = "disaster"
CRIME = "crime"  # ordinary crime: "manhunt", "gang", "suspects"
FIRE = "fire"  # a blaze when it opens a field ("Fire at wedding hall kills 100")

#: Roles whose hits the scanner does not keep.
UNKEPT = frozenset({IGNORE, CLAUSE})
#: Roles whose hits only set a field's flags (armed, strong): no rule reads them.
FLAGS = frozenset({ACTOR})
