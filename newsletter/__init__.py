"""newsletter: a weekly stock-market newsletter that writes, renders and publishes itself."""

__version__ = "0.1.0"
