"""One exception type for every kind of bad user input.

The CLI turns it into a single line on stderr and exit status 2, so the message must be
complete on its own (say what was wrong and what would be accepted).
"""


class BadInput(ValueError):
    """User input that cannot be derived, checked or rendered."""
