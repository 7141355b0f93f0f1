"""bbabo: a self-hosted multilingual news platform."""

__version__ = "0.1.0"
__all__ = ["__version__"]
