"""The `planlink` command as a person meets it: help, version, the one-line errors of serve."""

from __future__ import annotations

import argparse
import socket

import pytest

from planlink.scripts.cli import main, parser


def commands() -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_every_option_of_every_command_has_help_and_shows_its_default():
    for name, command in commands().items():
        text = " ".join(command.format_help().split())
        for action in command._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            assert action.help, (name, action.dest)
            if action.option_strings and not action.required:
                if action.default is None:  # says in its own words what happens without it
                    assert "(default: " in action.help, (name, action.dest)
                else:
                    assert f"(default: {action.default})" in text, (name, action.dest)


def test_top_level_help_speaks_to_users(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert "planlink build" in text and "planlink serve" in text and "http://127.0.0.1:5000" in text
    assert "core modules" not in text  # the maintainers' docstring stays out of it


def test_version_prints_the_installed_version(capsys):
    import importlib.metadata

    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.strip() == f"planlink {importlib.metadata.version('planlink')}"


def test_serve_with_zero_workers_is_one_line_saying_what_to_do(capsys):
    assert main(["serve", "--workers", "0"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--workers 2" in err


def test_serve_on_a_port_in_use_is_one_line_naming_the_port_to_use(capsys, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port), "--store", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"PORT={port + 1} make run" in err and "Traceback" not in err


def test_gaps_table_has_a_row_per_gap(capsys, built_store):
    import json

    assert main(["gaps", "--plan", "shanghai", "--format", "json", "--store", str(built_store)]) == 0
    ids = [gap["id"] for gap in json.loads(capsys.readouterr().out)]
    assert main(["gaps", "--plan", "shanghai", "--store", str(built_store)]) == 0
    table = capsys.readouterr().out
    assert f"shanghai: {len(ids)} gaps" in table
    assert all(sum(gap_id in line for line in table.splitlines()) == 1 for gap_id in ids)


def test_build_with_a_base_that_is_not_a_url_is_one_line(capsys, tmp_path):
    assert main(["build", "--out", str(tmp_path / "store"), "--base", "planlink.gov.cn"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--base must be an http(s) URL ending in '/'" in err
    assert not (tmp_path / "store").exists()
