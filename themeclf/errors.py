"""The package's own exceptions: the CLI turns them into one-line ``Error: ...`` messages."""


class ThemeclfError(Exception):
    """Base class for every error a user can cause."""


class ReadError(ThemeclfError):
    """A document could not be read (missing, unsupported, damaged, encrypted, no text)."""


class DataError(ThemeclfError):
    """Labelled data or a theme schema is invalid."""


class ModelError(ThemeclfError):
    """A model file is missing, tampered with, or unusable."""
