"""Discord: the only code that imports discord.py."""
