"""`python -m bot.classify`: see bot.classify.cli."""

from bot.classify.cli import main

raise SystemExit(main())
