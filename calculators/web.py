"""The browser's entry: JSON in, JSON out, so the worker's JavaScript stays a few lines."""

from __future__ import annotations

import json

from .api import calculate
from .errors import CalculatorError
from .rules import all_areas
from .workdays import bank_holidays


def warm_up() -> None:
    """Read every area's rules and build the bank holiday table now, not at the first answer.

    In the browser this runs before Python's start-up state is saved (calc-state-worker.mjs),
    so a later visit starts with both done; not before a first answer, which reads only its
    own area's rules. Neither depends on the day or on anything a reader gives.
    """
    all_areas()
    bank_holidays()


def run_json(calculator: str, params_json: str) -> str:
    """``{"ok": true, "result": ...}`` or ``{"ok": false, "error": {"field", "message"}}``.

    ``params_json`` maps parameter names to lists of strings, as repeated URL parameters
    do. Only ``CalculatorError`` becomes an ``ok: false`` answer; anything else is a bug
    and propagates, so the page reports the calculator as broken rather than showing a
    wrong answer.
    """
    try:
        params = json.loads(params_json)
        if not isinstance(params, dict):
            raise CalculatorError(None, "The calculator was given no parameters.")
        return json.dumps({"ok": True, "result": calculate(calculator, params)})
    except CalculatorError as error:
        return json.dumps({"ok": False, "error": error.as_dict()})
