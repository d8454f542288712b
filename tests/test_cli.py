"""The command line, called in-process (no subprocess): output, JSON and one-line errors."""

from __future__ import annotations

import json

import pytest

from calculators.cli import main


def test_json_output_is_the_result(capsys):
    assert main(["timescales", "--area", "york", "--strategy-discussion", "2025-12-15", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    deadlines = {d["id"]: d for d in result["deadlines"]}
    assert result["area"] == "york"
    assert set(deadlines) >= {"icpc", "reports-icpc", "first-core-group", "first-review", "reports-review",
                              "second-review", "outline-plan", "conference-record", "final-core-group", "signed-plan"}
    assert deadlines["icpc"]["date"] == "2026-01-08"  # tests/cases/york.toml, worked by hand
    assert deadlines["icpc"]["source"]["citation"] == "York procedure, para 2.16"


def test_readable_output(capsys):
    assert main(["timescales", "--area", "warrington", "--strategy-discussion", "2025-12-15"]) == 0
    out = capsys.readouterr().out
    assert "Tuesday 30 December 2025" in out
    assert "Thursday 8 January 2026" in out  # the working-day reading is shown too
    assert "Christmas Day" in out


def test_quorum_output(capsys):
    code = main(["quorum", "--area", "warrington", "--conference-type", "initial", "--child", "Amy", "--child", "Ben",
                 "--attendee", "childrens-social-care", "--attendee", "police", "--attendee", "education:Amy",
                 "--attendee", "health-visitor:Amy", "--json"])
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert result["quorate"] is False
    assert [c["quorate"] for c in result["children"]] == [True, False]


def test_prebirth_output(capsys):
    assert main(["prebirth", "--area", "warrington", "--conference", "2025-03-03", "--birth", "2025-03-20"]) == 0
    assert "Thursday 17 April 2025" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["timescales", "--area", "york", "--strategy-discussion", "2025-02-31"],
        ["timescales", "--area", "leeds", "--strategy-discussion", "2025-01-06"],
        ["timescales", "--area", "york"],  # argparse: missing option
        ["timescales", "--area", "york", "--strategy-discussion", "2025-01-06", "--colour", "red"],
        ["quorum", "--area", "york", "--conference-type", "initial", "--child", "Amy", "--attendee", "police:Ben"],
        ["nonsense"],
        [],
    ],
)
def test_errors_are_one_line_exit_2_and_print_no_date(argv, capsys):
    with pytest.raises(SystemExit) as exited:
        raise SystemExit(main(argv))
    assert exited.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "Traceback" not in err
