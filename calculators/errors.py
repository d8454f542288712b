"""The one error a reader ever sees."""

from __future__ import annotations


class CalculatorError(ValueError):
    """Bad input, explained in words a person can act on.

    ``field`` is the name shared by the command-line option, the form field and the URL
    parameter the message belongs to (``"strategy-discussion"``), or ``None`` when the
    problem is not one field's. The command line prints ``error: <message>``; the browser
    shows the message beside that field.
    """

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    def as_dict(self) -> dict:
        return {"field": self.field, "message": self.message}
