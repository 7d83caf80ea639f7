"""therapylog: a private journal that helps you notice when therapy is not working."""

__version__ = "0.1.0"
