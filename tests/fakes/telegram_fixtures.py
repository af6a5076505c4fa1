"""pytest fixtures around the fake Telegram Bot API server."""
