"""pytest fixtures around the loopback feed site."""
