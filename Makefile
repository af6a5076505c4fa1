# Shortcuts; each target works from a fresh clone with only python3 installed.
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run demo test lint bench mutation clean messages

$(VENV)/installed: pyproject.toml
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -q -e '.[dev]' && touch $@

run: $(VENV)/installed
	$(VENV)/bin/trucewatch run

demo: $(VENV)/installed
	$(VENV)/bin/trucewatch run --demo

test: $(VENV)/installed
	$(PY) -m pytest

lint: $(VENV)/installed
	$(VENV)/bin/ruff check . && $(VENV)/bin/mypy

bench: $(VENV)/installed
	$(PY) benchmarks/classify_accuracy.py && $(PY) benchmarks/classify_speed.py
	$(PY) benchmarks/poll_feeds.py
	$(PY) benchmarks/fanout.py && $(PY) benchmarks/command_latency.py
	$(PY) benchmarks/storage_retention.py

# Mutation testing of matching, messages, permissions, delivery decisions, the SSRF guard
# and the first-poll rule (tests/mutation.py); slow, so not part of `test` or CI.
# `make mutation MODULES="bot.match bot.buttons"` runs some modules only.
mutation: $(VENV)/installed
	$(PY) -m tests.mutation $(MODULES)

# The message ids in the code -> bot/locales/trucewatch.pot -> each language's PO file
# (new ids come in untranslated, changed ones fuzzy: the test suite fails until they are
# translated). A new language: pybabel init -i bot/locales/trucewatch.pot -d bot/locales
# -D trucewatch -l CODE, then add CODE to bot/i18n.py's LANGUAGES.
messages: $(VENV)/installed
	$(VENV)/bin/pybabel extract -F babel.cfg --no-location --sort-output --no-wrap \
		--project TruceWatch --copyright-holder TruceWatch -o bot/locales/trucewatch.pot .
	$(VENV)/bin/pybabel update -i bot/locales/trucewatch.pot -d bot/locales -D trucewatch \
		--no-wrap --ignore-obsolete

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .mypy_cache .ruff_cache mutants
