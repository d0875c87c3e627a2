"""The one exception family of the loaders: each carries a one-line message for the user."""


class PlanlinkError(Exception):
    """Base class: anything the CLI reports as a one-line error with a non-zero exit."""


class InputError(PlanlinkError):
    """The input cannot be read as a plan (empty, binary, not UTF-8, not a plan, truncated)."""


class BuildError(PlanlinkError):
    """The build failed (validation, linking, writing); the previous store is untouched."""
