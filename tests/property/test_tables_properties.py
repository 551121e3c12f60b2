"""The tables of any schedule or plan show its exact figures: CSV and JSON totals
equal the schedule's totals, the HTML and text tables hold every row."""

from __future__ import annotations

import csv
import html
import io
import json
from decimal import Decimal

from hypothesis import given, settings

from reschedule import Loan, Plan, Schedule, to_json
from reschedule.surfaces import to_csv, to_html, to_text
from tests.property.test_amortize_properties import loans, plan_of
from tests.property.test_io_properties import plans


def check_totals(schedule: Schedule) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(schedule))))
    assert len(rows) == len(schedule)
    assert sum(Decimal(row["principal"]) for row in rows) == schedule.total_principal
    assert sum(Decimal(row["interest"]) for row in rows) == schedule.total_interest
    assert sum(Decimal(row["fee"]) for row in rows) == schedule.total_fees
    assert sum(Decimal(row["payment"]) for row in rows) == schedule.total_payment
    data = json.loads(to_json(schedule))
    assert Decimal(data["totals"]["payment"]) == schedule.total_payment
    assert sum(Decimal(row["payment"]) for row in data["installments"]) == schedule.total_payment
    assert sum(Decimal(row["principal"]) for row in data["installments"]) == schedule.principal


def check_rows_shown(schedule: Schedule) -> None:
    page = to_html(schedule)
    assert page.count("<tr>") == len(schedule) + 1
    for row in schedule:
        assert f"<td>{html.escape(row.due_date.isoformat())}</td>" in page
    text = to_text(schedule).splitlines()
    assert len(text) == len(schedule) + 4  # header, rule, rows, blank line, caption
    assert [line.split()[0] for line in text[2 : 2 + len(schedule)]] == [
        str(row.number) for row in schedule
    ]


@settings(max_examples=30)
@given(loans())
def test_csv_and_json_totals_equal_the_schedule_totals(loan: Loan) -> None:
    check_totals(plan_of(loan))


@settings(max_examples=30)
@given(plans())
def test_csv_and_json_totals_equal_the_plan_totals(plan: Plan) -> None:
    check_totals(plan)


@settings(max_examples=30)
@given(loans())
def test_html_and_text_hold_every_row(loan: Loan) -> None:
    check_rows_shown(plan_of(loan))


@settings(max_examples=20)
@given(plans())
def test_html_and_text_hold_every_row_of_a_plan(plan: Plan) -> None:
    check_rows_shown(plan)
