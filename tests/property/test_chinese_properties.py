"""Chinese output for any account and any plan: no English word left, and the amounts
in a sentence are the exact amounts (written with ¥ and separators, read back equal)."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reschedule import (
    Plan,
    RescheduleError,
    Statement,
    defer,
    extend,
    freeze,
    reage,
    settle,
    spread_arrears,
    waive,
)
from reschedule.surfaces import to_text, view
from reschedule.surfaces._labels import money
from reschedule.surfaces._prose import step_text
from tests.property.test_statement_surfaces_properties import accounts

# a run of Latin letters; the months buckets (M1, M2...) are the collectors' own names
_ENGLISH = re.compile(r"(?!M[0-9])[A-Za-z]+")


def _amount(text: str) -> Decimal:
    """``-¥12,793.36`` read back."""
    return Decimal(text.replace("¥", "").replace(",", ""))


@given(st.integers(-(10**16), 10**16), st.integers(0, 4))
@settings(max_examples=200)
def test_money_reads_back_exactly(units: int, places: int) -> None:
    amount = Decimal(units).scaleb(-places)
    text = money(amount, "zh")
    assert text.startswith("-¥" if amount < 0 else "¥")
    assert _amount(text) == amount  # zeros may be added to the fen, nothing is rounded
    assert len(text.rpartition(".")[2]) == max(2, places)
    assert Decimal(money(amount, "en").replace(",", "")) == amount


@given(accounts())
@settings(max_examples=40, deadline=None)
def test_a_statement_s_caption_in_chinese(account: Statement) -> None:
    caption = view(account, labels="zh").caption
    assert _ENGLISH.findall(caption) == []
    arrears = re.match(r"截至[0-9]+年[0-9]+月[0-9]+日：逾期欠款(¥[0-9,.]+)", caption)
    assert arrears is not None, caption
    assert _amount(arrears.group(1)) == account.arrears.total
    assert f"逾期{account.days_past_due}天" in caption


_OPERATIONS: list[tuple[str, Callable[[Any, Any], Plan], st.SearchStrategy[Any]]] = [
    ("extend", lambda source, n: extend(source, n), st.integers(1, 24)),
    (
        "defer",
        lambda source, t: defer(source, 2, interest=t),
        st.sampled_from(["capitalize", "defer", "waive"]),
    ),
    (
        "waive",
        lambda source, w: waive(source, **{w[0]: w[1]}, conditional=w[2]),
        st.tuples(
            st.sampled_from(["interest", "penalty"]), st.sampled_from(["all", "50%"]), st.booleans()
        ),
    ),
    ("reage", lambda source, n: reage(source, n), st.integers(1, 36)),
    ("freeze", lambda source, n: freeze(source, n), st.integers(1, 48)),
    (
        "settle",
        lambda source, d: settle(source, discount=f"{d}%", installments=3),
        st.integers(1, 90),
    ),
    ("spread_arrears", lambda source, n: spread_arrears(source, n), st.integers(1, 6)),
]


@given(accounts(), st.data())
@settings(max_examples=60, deadline=None)
def test_every_step_of_any_plan_in_chinese(account: Statement, data: st.DataObject) -> None:
    name, operation, argument = data.draw(st.sampled_from(_OPERATIONS))
    try:
        plan = operation(account, data.draw(argument, label=name))
    except RescheduleError:  # an offer this account cannot take (nothing owed, too short)
        assume(False)
    for step in plan.steps:
        chinese = step_text(step, "zh")
        assert chinese != step
        assert _ENGLISH.findall(chinese) == [], step
    text = to_text(plan, labels="zh")
    assert _ENGLISH.findall(text) == [], text


# the operations' own words, which a caption for people must not show: names with an
# underscore, "(s)", "periods", "re-age", a bare treatment ("interest capitalize")
_MACHINE = re.compile(
    r"[a-z]+_[a-z]+|\(s\)|periods|re-age|re-amortise|\(conditional\)|"
    r"(interest|penalty|fees) ((capitalize|spread|defer|waive)\b|due(;|$))"
)


@given(accounts(), st.data())
@settings(max_examples=60, deadline=None)
def test_every_step_of_any_plan_as_an_officer_says_it(
    account: Statement, data: st.DataObject
) -> None:
    # in English, a plan's caption says each step in words (the steps themselves keep
    # the operations' words, which the Chinese is read from)
    name, operation, argument = data.draw(st.sampled_from(_OPERATIONS))
    try:
        plan = operation(account, data.draw(argument, label=name))
    except RescheduleError:
        assume(False)
    for step in plan.steps:
        said = step_text(step)
        assert _MACHINE.search(said) is None, (step, said)
    caption = view(plan).caption
    assert _MACHINE.search(caption) is None, caption
