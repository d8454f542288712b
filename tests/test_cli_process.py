"""The command line as a process, piped as a reader would (not run inside Pyodide: no processes there)."""

from __future__ import annotations

import subprocess
import sys


def test_a_reader_who_stops_reading_gets_no_traceback():
    """`cp-calculators ... | head -1`: the pipe closes before the answer is written (here,
    before the process has even started writing): a one-line exit, no traceback."""
    process = subprocess.Popen([sys.executable, "-m", "calculators", "timescales", "--area", "york",
                                "--strategy-discussion", "2025-01-06"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()
    errors = process.stderr.read().decode()
    process.wait(timeout=60)
    assert "Traceback" not in errors and "BrokenPipeError" not in errors, errors
    assert process.returncode == 1
