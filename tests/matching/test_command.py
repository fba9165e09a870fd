"""`mujigae match INSTANCE.json`: output, errors on standard error, exit code 2."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.matching.test_analysis import MARKET

ROOT = Path(__file__).resolve().parents[2]


def run(*args, stdin=None) -> dict:
    out = io.StringIO()
    call_command("match", *args, stdout=out, stdin=stdin)
    return json.loads(out.getvalue())


@pytest.fixture
def market_file(tmp_path):
    path = tmp_path / "market.json"
    path.write_text(json.dumps(MARKET, ensure_ascii=False), encoding="utf-8")
    return path


def test_prints_every_student_with_a_slot_or_null(market_file):
    assert run(str(market_file)) == {
        "assignments": {"kim": "weld", "lee": "weld", "park": "robot", "choi": "cnc"}
    }


def test_reads_standard_input_and_keeps_id_types():
    data = {
        "students": [{"id": 7, "preferences": [100]}, {"id": "학생", "preferences": [100]}],
        "slots": [{"id": 100, "capacity": 1, "preferences": ["학생", 7]}],
    }
    stdin = io.StringIO(json.dumps(data, ensure_ascii=False))
    assert run("-", stdin=stdin) == {"assignments": {"7": None, "학생": 100}}


def test_forbidden_pairs_and_explanations(tmp_path):
    data = dict(MARKET, forbidden=[{"student": "kim", "slot": "robot", "rule": "age_limit"}])
    path = tmp_path / "i.json"
    path.write_text(json.dumps(data))
    out = run(str(path), "--explain")
    assert out["assignments"]["kim"] == "weld"
    assert out["explanations"]["kim"] == [
        {"slot": "robot", "choice": 1, "code": "unacceptable", "rule": "age_limit"},
        {
            "slot": "cnc",
            "choice": 2,
            "code": "filled",
            "your_rank": 2,
            "last_admitted_rank": 1,
            "capacity": 1,
        },
    ]


def test_welfare_flag(market_file):
    out = run(str(market_file), "--welfare")
    welfare = out["welfare"]
    assert set(welfare["assignments"]) == set(out["assignments"])
    assert welfare["blocking_pairs"] == welfare["summary"]["blocking_pairs"]
    assert welfare["stable_summary"]["blocking_pairs"] == 0
    assert welfare["summary"]["placed"] >= welfare["stable_summary"]["placed"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{not json", "JSON으로 읽을 수 없습니다: 1행 2열"),
        ('{"students": []}', "'slots'"),
        (
            '{"students": [{"id": 1, "preferences": []}, {"id": 1, "preferences": []}], "slots": []}',
            "중복",
        ),
        ('{"students": [{"id": 1, "preferences": ["x"]}], "slots": []}', 'unknown slot id "x"'),
        ('{"students": [], "slots": [{"id": 1, "capacity": -2, "preferences": []}]}', "capacity"),
        ('{"students": [], "slots": [{"id": 1, "capacity": 2.5, "preferences": []}]}', "2.5"),
        (
            '{"students": [], "slots": [], "forbidden": [{"student": 1, "slot": 2, "rule": "x"}]}',
            "forbidden[0]",
        ),
    ],
)
def test_bad_instances_raise_with_exit_code_2(tmp_path, text, expected):
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(CommandError) as info:
        run(str(path))
    assert info.value.returncode == 2
    assert expected in str(info.value)


def test_missing_file_and_bad_encoding(tmp_path):
    with pytest.raises(CommandError) as info:
        run(str(tmp_path / "nope.json"))
    assert info.value.returncode == 2 and "파일을 읽을 수 없습니다" in str(info.value)
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"students": [{"id": "\xe9", "preferences": []}], "slots": []}')
    with pytest.raises(CommandError) as info:
        run(str(path))
    assert info.value.returncode == 2 and "UTF-8" in str(info.value)


def test_command_line_exit_codes_and_streams(tmp_path, market_file):
    cmd = [sys.executable, "-m", "mujigae.cli", "match"]
    good = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [*cmd, str(market_file)], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["assignments"]["choi"] == "cnc"
    bad = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [*cmd, "-"],
        input='{"students": [{"id": "a", "preferences": ["b"]}], "slots": [{"id": "b", "capacity": "many", "preferences": []}]}',
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert bad.stderr.startswith("잘못된 매칭 인스턴스입니다: 문제 1건")
    assert 'slots[0].capacity: 정원은 0 이상의 정수여야 합니다 (받은 값: "many")' in bad.stderr
    assert "CommandError" not in bad.stderr
