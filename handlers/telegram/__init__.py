"""Telegram: the only code that imports python-telegram-bot."""
