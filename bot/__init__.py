"""TruceWatch: cease-fire, diplomacy and casualty alerts from news feeds."""

__version__ = "0.1.0"
