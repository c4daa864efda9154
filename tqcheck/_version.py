"""The package's version, in a module of its own so that any module can read it without importing the package's
public face (``tqcheck/__init__.py`` re-exports the API, which sits above everything else)."""

__version__ = "0.1.0"
