"""PEJ Desktop: the adviser's tool for the Pass Engagement Jeune."""

__version__ = "0.1.0"
APP_NAME = "PEJ Desktop"
