"""``reschedule follow-up``: an agreed plan and the payments made under it, answered in
JSON (valid against its schema, read back by from_dict) or as a table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reschedule import FollowUp, Plan, PlanStatus, from_dict
from reschedule.surfaces import validate
from reschedule.surfaces.cli import run_request
from tests.test_cli import refused, request_file, run, valid

# 4,000 interest-free in four installments, nothing paid by 2024-03-20: penalty at 18%
# (ACT/360) of 1,000 x 0.18 x 34/360 = 17.00 and 1,000 x 0.18 x 5/360 = 2.50, waived on
# condition; the 4,000 re-aged over four installments of 1,000 from 2024-04-15. Two paid,
# then two missed: broken the day after the second missed one falls due (2024-07-16).
FOLLOW_UP: dict[str, Any] = {
    "loan": {"principal": "4000", "annual_rate": "0", "term": 4, "start": "2024-01-15"},
    "as_of": "2024-03-20",
    "penalty": {"rate": "0.18"},
    "plan": {
        "steps": [
            {"operation": "waive", "penalty": "all", "conditional": True},
            {"operation": "reage", "installments": 4},
        ]
    },
    "follow_up": {
        "as_of": "2024-07-20",
        "payments": [
            {"date": "2024-04-15", "amount": "1000"},
            {"date": "2024-05-15", "amount": "1000"},
        ],
    },
}


class TestFollowUp:
    def test_json(self, tmp_path: Path) -> None:
        done = run("follow-up", request_file(tmp_path, FOLLOW_UP))
        assert done.returncode == 0, done.stderr
        answer = json.loads(done.stdout)
        valid(answer, "follow-up-response")
        result = answer["follow_up"]
        assert result["status"] == "broken"
        assert result["broken_on"] == "2024-07-16"
        assert result["reinstated"]["penalty"] == "19.50"
        assert result["owed"]["principal"] == "2000.00"
        assert result["paid"] == "2000.00"
        assert from_dict(FollowUp, result).status is PlanStatus.BROKEN

    def test_the_request_is_valid(self) -> None:
        valid(FOLLOW_UP, "follow-up-request")

    def test_table(self, tmp_path: Path) -> None:
        done = run("follow-up", request_file(tmp_path, FOLLOW_UP), "--format", "table")
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("As of 2024-07-20: broken since 2024-07-16\n")
        assert "Reinstated (the conditional waiver, owed again): penalty 19.50" in done.stdout

    def test_the_table_shows_the_reinstated_waiver_by_component(self, tmp_path: Path) -> None:
        # once the text ended with the plan's statement alone ("payoff 2,000.00"), which
        # leaves out the 19.50 reinstated: the borrower owes 2,000.00 of principal (two
        # installments of 1,000 missed) and the 19.50 of penalty waived on condition
        done = run("follow-up", request_file(tmp_path, FOLLOW_UP), "--format", "table")
        lines = done.stdout.splitlines()
        assert lines[2] == (
            "Due now: 2,019.50 (principal 2,000.00, penalty 19.50); "
            "owed in all: 2,019.50 (principal 2,000.00, penalty 19.50)"
        )
        assert "payoff 2,000.00" in lines[-2]  # the plan's statement
        assert lines[-1] == (
            "The statement above is the plan's; the reinstated waiver comes on top of it: "
            "penalty 19.50, owed in all 2,019.50 (principal 2,000.00, penalty 19.50)"
        )
        zh = run("follow-up", request_file(tmp_path, FOLLOW_UP), "--format", "table",
                 "--labels", "zh").stdout.splitlines()  # fmt: skip
        assert zh[2] == (
            "当前应还¥2,019.50（本金¥2,000.00、罚息¥19.50）；"
            "欠款合计¥2,019.50（本金¥2,000.00、罚息¥19.50）"
        )
        assert zh[-1].startswith("上表为方案本身的账户状况，另加恢复计收的减免：罚息¥19.50")

    def test_no_line_for_a_plan_that_stands(self, tmp_path: Path) -> None:
        request = {**FOLLOW_UP, "follow_up": {**FOLLOW_UP["follow_up"], "as_of": "2024-06-01"}}
        done = run("follow-up", request_file(tmp_path, request), "--format", "table")
        assert done.stdout.splitlines()[2] == "Due now: 0.00; owed in all: 2,000.00"
        assert "reinstated" not in done.stdout

    def test_a_plan_document_and_a_rule(self) -> None:
        plan = run_request("follow-up", FOLLOW_UP)["follow_up"]["plan"]
        assert from_dict(Plan, plan).waived.penalty == 19.50
        request = {
            "plan": plan,
            "follow_up": {
                "as_of": "2024-05-20",
                "payments": [{"date": "2024-04-18", "amount": "1000"}],
                "rule": {"missed_installments": 2, "grace_days": 3},
            },
        }
        validate(request, json.loads(run("schema", "follow-up-request").stdout), "request")
        answer = run_request("follow-up", request)["follow_up"]
        assert (answer["status"], answer["missed"], answer["late"]) == ("in_arrears", 1, 1)
        assert answer["next_due"] == {"date": "2024-06-15", "amount": "1000.00"}

    def test_honoured(self) -> None:
        request = {**FOLLOW_UP, "follow_up": {**FOLLOW_UP["follow_up"], "as_of": "2024-06-01"}}
        answer = run_request("follow-up", request)["follow_up"]
        assert answer["status"] == "honoured"
        assert answer["waiver_final"] is False


BAD: list[tuple[dict[str, Any], str]] = [
    (
        {key: value for key, value in FOLLOW_UP.items() if key != "loan"},
        "request.loan is required with the steps of a plan",
    ),
    ({**FOLLOW_UP, "follow_up": {"payments": []}}, "request.follow_up.as_of is required"),
    (
        {**FOLLOW_UP, "follow_up": {"as_of": "2024-05-01", "rule": {"missed_installments": 0}}},
        "request.follow_up.rule.missed_installments",
    ),
    (
        {**FOLLOW_UP, "follow_up": {"as_of": "2024-03-01"}},
        "request.follow_up: as_of must not be before the plan starts on 2024-03-20",
    ),
]


class TestBadRequests:
    @pytest.mark.parametrize(("document", "message"), BAD)
    def test_one_line_naming_the_field_and_the_rule(
        self, tmp_path: Path, document: Any, message: str
    ) -> None:
        assert message in refused(run("follow-up", request_file(tmp_path, document)))

    def test_an_account_with_a_plan_document(self) -> None:
        plan = run_request("follow-up", FOLLOW_UP)["follow_up"]["plan"]
        request = {"loan": FOLLOW_UP["loan"], "plan": plan, "follow_up": {"as_of": "2024-05-01"}}
        with pytest.raises(ValueError, match=r"request\.loan applies to the steps of a plan"):
            run_request("follow-up", request)
