"""`to_dict`/`from_dict`: the dict form of every value type, and its refusals."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from reschedule import (
    Allocation,
    Comparison,
    Components,
    Frequency,
    Installment,
    InvalidInputError,
    LateFee,
    Loan,
    Payment,
    PenaltyPolicy,
    Plan,
    Rounding,
    Schedule,
    Statement,
    Terms,
    amortize,
    compare,
    defer,
    extend,
    freeze,
    from_dict,
    from_json,
    settle,
    statement,
    to_dict,
    to_json,
    waive,
)
from reschedule.surfaces import loads


def schedule() -> Schedule:
    return amortize(Loan(12_000, "0.12", 12, "2024-01-15"))


class TestEncoding:
    def test_money_is_a_string_in_plain_notation(self) -> None:
        data = to_dict(Loan("1E+3", "0.1", 12, "2024-01-15"))
        assert data["principal"] == "1000"
        assert data["annual_rate"] == "0.1"

    def test_dates_enums_frequencies_and_sets(self) -> None:
        loan = Loan(
            1000,
            "0.1",
            12,
            "2024-01-31",
            frequency="every 10 days",
            day_count="ACT/360",
            holidays=["2024-03-01", "2024-02-12"],
        )
        data = to_dict(loan)
        assert data["start"] == "2024-01-31"
        assert data["frequency"] == "every 10 days"
        assert data["day_count"] == "ACT/360"
        assert data["method"] == "annuity"
        assert data["holidays"] == ["2024-02-12", "2024-03-01"]
        assert data["rounding"] == {"places": 2, "mode": "half_up", "multiple": None}

    def test_a_fraction_is_n_over_d(self) -> None:
        row = amortize(Loan(1000, "0.1", 2, "2024-01-15", day_count="ACT/365F"))[0]
        assert to_dict(row)["year_fraction"] == "31/365"

    def test_no_float_anywhere(self) -> None:
        def walk(value: Any) -> None:
            assert not isinstance(value, float)
            if isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)

        walk(to_dict(waive(extend(schedule(), 6, at=4), interest="all")))

    def test_a_schedule_carries_its_kind_totals_and_rows(self) -> None:
        data = to_dict(schedule())
        assert data["kind"] == "schedule"
        assert data["totals"] == {
            "principal": "12000.00",
            "interest": "794.23",
            "fees": "0.00",
            "payment": "12794.23",
        }
        assert len(data["installments"]) == 12

    def test_a_plan_carries_its_origin_terms_and_concessions(self) -> None:
        plan = waive(schedule(), principal="10%")
        data = to_dict(plan)
        assert data["kind"] == "plan"
        assert data["origin"]["kind"] == "schedule"
        assert data["waived"]["principal"] == "1200.00"
        assert data["terms"]["term"] == 12
        assert data["steps"] == ["waive principal 10%"]

    def test_json_text_keeps_chinese_and_has_no_floats(self) -> None:
        text = to_json(Components(principal="0.10"))
        assert json.loads(text) == {
            "principal": "0.10",
            "interest": "0",
            "penalty": "0",
            "fees": "0",
        }

    @pytest.mark.parametrize(
        "value", [Decimal("1"), date(2024, 1, 1), "text", 3, Frequency.MONTHLY]
    )
    def test_a_single_value_is_not_a_record(self, value: object) -> None:
        with pytest.raises(InvalidInputError, match="to_dict takes a value"):
            to_dict(value)

    def test_a_foreign_object_is_refused(self) -> None:
        with pytest.raises(InvalidInputError, match="got object"):
            to_dict(object())


class TestRoundTrip:
    @pytest.mark.parametrize(
        "value",
        [
            Loan(1000, "0.1", 12, "2024-01-15"),
            Loan(5000, "0.12", 18, "2024-01-01", rounding=Rounding(multiple=1)),
            Loan(5000, "0.12", 18, "2024-01-31", method="balloon", balloon=1000),
            Loan(5000, "0.12", 18, "2024-01-31", method="balloon", amortization_term=36),
            Loan(5000, "0.12", 18, "2024-01-31", payment=400),
            Loan(5000, "0.12", 18, "2024-01-31", first_payment="2024-03-15"),
            Rounding(places=0, mode="half_even", multiple=10),
            Components(principal=1, interest="2.5", penalty=3, fees="0.01"),
            Installment(
                1,
                date(2024, 2, 1),
                date(2024, 1, 1),
                date(2024, 2, 1),
                Fraction(31, 360),
                Decimal("100.00"),
                Decimal("60.00"),
                Decimal("50.00"),
                Decimal("9.00"),
                Decimal("1.00"),
                Decimal("50.00"),
            ),
        ],
    )
    def test_values(self, value: object) -> None:
        assert from_dict(type(value), to_dict(value)) == value

    def test_schedule(self) -> None:
        assert from_dict(Schedule, to_dict(schedule())) == schedule()

    @pytest.mark.parametrize(
        "make",
        [
            lambda s: extend(s, 6, at=4),
            lambda s: defer(s, 3, interest="waive", at=4),
            lambda s: waive(defer(s, 2, at=3), interest="all", conditional=True),
            lambda s: settle(s, discount="20%"),
        ],
    )
    def test_plan(self, make: Any) -> None:
        plan = make(schedule())
        again = from_dict(Plan, to_dict(plan))
        assert again == plan
        assert again.steps == plan.steps
        assert again.origin == plan.origin

    def test_json_text(self) -> None:
        plan = extend(schedule(), 6, at=4)
        assert from_json("plan", to_json(plan)) == plan

    def test_terms(self) -> None:
        terms = extend(schedule(), 6, at=4).terms
        assert from_dict(Terms, to_dict(terms)) == terms


class TestInputDicts:
    def test_defaults_may_be_left_out(self) -> None:
        loan = from_dict(
            "loan", {"principal": "1000", "annual_rate": "0.1", "term": 12, "start": "2026-01-15"}
        )
        assert loan == Loan(1000, "0.1", 12, "2026-01-15")

    def test_ints_and_decimals_are_money_too(self) -> None:
        loan = from_dict(
            Loan,
            {"principal": 1000, "annual_rate": Decimal("0.1"), "term": 1, "start": "2026-01-15"},
        )
        assert loan.annual_rate == Decimal("0.1")

    def test_a_schedule_may_be_read_as_its_kind(self) -> None:
        plan = extend(schedule(), 6, at=4)
        assert from_dict(Schedule, to_dict(plan)) == plan


BASE = {"principal": "1000", "annual_rate": "0.1", "term": 12, "start": "2026-01-15"}


class TestRefusals:
    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"term": None}, r"loan.term must be a whole number; got None"),
            ({"term": "12"}, r"loan.term must be a whole number; got '12'"),
            ({"term": True}, r"loan.term must be a whole number; got True"),
            ({"principal": "-5"}, r"loan: principal must be positive; got -5"),
            ({"principal": "abc"}, r"loan.principal must be a number; got 'abc'"),
            ({"principal": [1]}, r"loan.principal must be a decimal string .*; got an array"),
            ({"start": "2026-13-01"}, r"loan.start must be a date or an ISO date"),
            ({"start": 20260115}, r"loan.start must be an ISO date string"),
            ({"method": "fancy"}, r"loan.method must be one of 'annuity', "),
            ({"frequency": "fortnightly"}, r"loan.frequency: frequency must be one of"),
            ({"colour": "red"}, r"loan has no field 'colour'; its fields are principal, "),
            ({"rounding": {"places": 9}}, r"loan.rounding: rounding places must be"),
            ({"rounding": "cents"}, r"loan.rounding must be an object; got 'cents'"),
            ({"holidays": "2026-01-01"}, r"loan.holidays must be an array"),
            ({"first_payment": "2026-01-01"}, r"loan: first_payment must be after start"),
        ],
    )
    def test_loan(self, change: dict[str, Any], message: str) -> None:
        with pytest.raises(InvalidInputError, match=message):
            from_dict(Loan, {**BASE, **change})

    def test_a_missing_field(self) -> None:
        with pytest.raises(InvalidInputError, match=r"^loan.start is required$"):
            from_dict(Loan, {key: value for key, value in BASE.items() if key != "start"})

    def test_not_an_object(self) -> None:
        with pytest.raises(InvalidInputError, match=r"loan must be an object; got an array"):
            from_dict(Loan, [1, 2])

    def test_an_unknown_kind(self) -> None:
        with pytest.raises(InvalidInputError, match=r"kind must be one of 'loan', "):
            from_dict("mortgage", {})

    def test_a_schedule_with_a_changed_figure(self) -> None:
        data = to_dict(schedule())
        data["installments"][3]["interest"] = "1.00"
        with pytest.raises(
            InvalidInputError,
            match=r"schedule.installments\[3\].interest must be '.*' as recomputed .*; got '1.00'",
        ):
            from_dict(Schedule, data)

    def test_a_schedule_with_a_missing_row(self) -> None:
        data = to_dict(schedule())
        del data["installments"][-1]
        with pytest.raises(InvalidInputError, match=r"must hold 12 items as recomputed; got 11"):
            from_dict(Schedule, data)

    def test_a_schedule_without_a_kind(self) -> None:
        data = to_dict(schedule())
        del data["kind"]
        with pytest.raises(InvalidInputError, match=r"schedule.kind must be 'schedule' or 'plan'"):
            from_dict(Schedule, data)

    def test_a_plan_is_not_a_bare_schedule(self) -> None:
        with pytest.raises(InvalidInputError, match=r"plan.kind must be 'plan'; got 'schedule'"):
            from_dict(Plan, to_dict(schedule()))

    def test_a_plan_whose_waiver_was_raised(self) -> None:
        data = to_dict(waive(schedule(), principal="10%"))
        data["waived"]["principal"] = "2000.00"
        with pytest.raises(InvalidInputError, match=r"plan.waived.principal must be '1200.00'"):
            from_dict(Plan, data)

    def test_an_installment_that_does_not_add_up(self) -> None:
        data = to_dict(schedule()[0])
        data["payment"] = "1.00"
        with pytest.raises(InvalidInputError, match=r"installment.payment must equal principal"):
            from_dict(Installment, data)

    def test_a_fraction_that_is_no_fraction(self) -> None:
        data = to_dict(schedule()[0])
        data["year_fraction"] = "1/0"
        with pytest.raises(InvalidInputError, match=r"year_fraction must be a fraction 'n/d'"):
            from_dict(Installment, data)


class TestLoads:
    def test_numbers_are_exact_decimals(self) -> None:
        assert loads('{"rate": 0.1}') == {"rate": Decimal("0.1")}

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ('{"a": 1,}', r"must be valid JSON; got an error at line 1 column 9"),
            ('{"a": NaN}', r"JSON numbers must be finite; got NaN"),
            ('{"a": 1, "a": 2}', r"must not repeat a key; got 'a' twice"),
            (b"\xff\xfe{", r"must be UTF-8|valid JSON"),
            ("[" * 100_000 + "]" * 100_000, r"must not nest deeper"),
        ],
    )
    def test_refusals(self, text: str | bytes, message: str) -> None:
        with pytest.raises(InvalidInputError, match=message):
            loads(text)


class TestServicingAndComparison:
    def overdue(self) -> Statement:
        plan = amortize(Loan(1200, "0.12", 12, "2024-01-15", day_count="ACT/360"))
        paid = [Payment("2024-02-15", plan.payment, reference="TX-1"), Payment("2024-05-15", 150)]
        return statement(plan, paid, "2024-06-01", penalty=PenaltyPolicy.chinese_bank())

    def test_a_statement_round_trips(self) -> None:
        result = self.overdue()
        data = to_dict(result)
        assert data["kind"] == "statement"
        assert data["ledger"][0]["payment"]["reference"] == "TX-1"
        assert data["ledger"][0]["lines"][0]["component"] == "interest"
        assert from_dict(Statement, data) == result
        assert to_dict(from_dict(Statement, data)) == data

    def test_a_plan_of_a_statement_round_trips(self) -> None:
        plan = waive(extend(self.overdue(), 6), penalty="all")
        data = to_dict(plan)
        assert data["origin"]["kind"] == "statement"
        assert from_dict(Plan, data) == plan

    def test_a_comparison_round_trips(self) -> None:
        result = compare(
            {
                "as is": schedule(),
                "extend": extend(schedule(), 6),
                "freeze": freeze(schedule(), 24),
            },
            discount_rate="0.08",
            convention="eu",
        )
        data = to_dict(result)
        assert [row["name"] for row in data["options"]] == ["as is", "extend", "freeze"]
        assert from_dict(Comparison, data) == result

    def test_a_comparison_whose_saving_was_changed(self) -> None:
        data = to_dict(compare({"as is": schedule(), "extend": extend(schedule(), 6)}))
        data["options"][1]["saving"] = "100.00"
        with pytest.raises(InvalidInputError, match=r"comparison.options\[1\].saving must be"):
            from_dict(Comparison, data)

    def test_an_allocation_by_its_preset_name(self) -> None:
        assert from_dict(Allocation, "vertical") == Allocation.VERTICAL
        with pytest.raises(InvalidInputError, match="allocation: allocation preset must be one of"):
            from_dict(Allocation, "oldest")

    def test_a_penalty_policy_with_a_tiered_late_fee(self) -> None:
        policy = PenaltyPolicy(rate="0.18", late_fee=LateFee(tiers=[(0, 40), (1000, 70)]))
        data = to_dict(policy)
        assert data["late_fee"]["tiers"] == [["0", "40"], ["1000", "70"]]
        assert from_dict(PenaltyPolicy, data) == policy
