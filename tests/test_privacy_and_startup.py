"""themeclf never opens a network connection, and its help starts without scikit-learn."""

import socket
import subprocess
import sys

import pytest
from click.testing import CliRunner

from themeclf.cli import cli


@pytest.fixture()
def no_network(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError("themeclf tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_train_tag_evaluate_open_no_connection(no_network, data_file, tmp_path):
    model = tmp_path / "m.joblib"
    doc = tmp_path / "case_notes.txt"
    doc.write_text("Caseloads in the assessment team are too high.\n\nChildren enjoy their clubs.\n")
    runner = CliRunner()
    assert runner.invoke(cli, ["train", str(data_file), "-o", str(model)]).exit_code == 0
    res = runner.invoke(cli, ["tag", str(doc), "--model", str(model), "-f", "jsonl", "-j", "1"])
    assert res.exit_code == 0 and len(res.output.splitlines()) == 2
    assert runner.invoke(cli, ["evaluate", str(data_file), "--folds", "2"]).exit_code == 0
    assert no_network == []


def test_help_does_not_import_scikit_learn():
    code = ("import sys\nfrom themeclf.cli import main\nsys.argv=['themeclf','--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\nprint('SKLEARN', 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "SKLEARN False" in out


@pytest.mark.parametrize("given, expected", [(None, "1"), ("3", "3")])
def test_the_command_line_keeps_blas_to_one_thread_unless_the_user_says(given, expected):
    import os

    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if given:
        env["OPENBLAS_NUM_THREADS"] = given
    code = "import os, themeclf.cli, numpy; print(os.environ['OPENBLAS_NUM_THREADS'])"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == expected
