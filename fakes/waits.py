"""How long a test waits for what it expects of a fake."""

#: Long enough for a machine loaded by other work: every wait ends as soon as what it waits
#: for happens, so a long bound costs a passing test nothing and a slow machine no failure.
WAIT = 30.0
