"""hegui (合规): audit a language model against machine-readable law policies before it ships."""

__version__ = "0.1.0"
