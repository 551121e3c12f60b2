"""The operations' options are typed: a misspelt option is a type error, and no option
of `restructure` is missing from the typed options the operations pass along."""

from __future__ import annotations

import dataclasses
import inspect
import re
import sys
from typing import get_type_hints

import pytest

from reschedule import InvalidInputError, portfolio, restructure
from reschedule.negotiation._restructure import (
    DeferOptions,
    ExtendOptions,
    FreezeOptions,
    RestructureOptions,
    WaiveOptions,
)

PARAMETERS = set(inspect.signature(restructure).parameters) - {"source"}


def keys(options: type) -> set[str]:
    return set(get_type_hints(options))


def test_restructure_options_name_every_option_of_restructure() -> None:
    assert keys(RestructureOptions) == PARAMETERS


def test_each_operation_passes_along_every_option_it_does_not_set_itself() -> None:
    # extend and reage set the term; defer the holiday (its `interest` is the
    # holiday's); waive the waivers (its keywords are the components); freeze the
    # term, rate and method
    assert keys(ExtendOptions) == PARAMETERS - {"term"}
    assert keys(DeferOptions) == PARAMETERS - {"holiday", "holiday_interest", "interest"}
    assert keys(WaiveOptions) == PARAMETERS - {
        "waive",
        "conditional",
        "interest",
        "penalty",
        "fees",
    }
    assert keys(FreezeOptions) == PARAMETERS - {"term", "annual_rate", "method"}


def test_restructures_signature_spells_out_its_typed_options() -> None:
    # `restructure` takes `RestructureOptions` as **options; its signature at run time
    # (for help, and the offers' check of their steps) names each, typed alike
    module = vars(sys.modules[restructure.__module__])
    hints = get_type_hints(RestructureOptions)
    keywords = [p for p in inspect.signature(restructure).parameters.values() if p.name != "source"]
    assert [p.name for p in keywords] == list(hints)
    for parameter in keywords:
        assert parameter.kind is parameter.KEYWORD_ONLY
        assert parameter.default is None
        assert eval(parameter.annotation, module) == hints[parameter.name], parameter.name


def test_restructures_docs_name_each_option_with_its_type() -> None:
    # the reference shows each keyword of **options with its type, as `RestructureOptions`
    doc = inspect.getdoc(restructure) or ""
    section = doc.split("Keyword Args:\n", 1)[1].split("\n\n", 1)[0]
    documented = dict(re.findall(r"^    (\w+) \(([^()]*)\):", section, re.MULTILINE))
    typed = {
        name: getattr(annotation, "__forward_arg__", annotation)
        for name, annotation in RestructureOptions.__annotations__.items()
    }
    assert documented == typed


def test_a_misspelt_option_of_restructure_is_a_type_error_and_refused() -> None:
    from reschedule import Loan, amortize, extend, statement

    account = statement(amortize(Loan(4000, "0", 4, "2024-01-15")), [], "2024-03-20")
    with pytest.raises(
        TypeError, match=r"^restructure\(\) got an unexpected keyword argument 'trem'$"
    ):
        restructure(account, trem=3)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'intrest'"):
        extend(account, 2, intrest="spread")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="got multiple values for keyword argument 'term'"):
        extend(account, 2, term=3)  # type: ignore[call-arg]


# The portfolio's options: one typed mechanism for run, partition and run_dask.
# This file is type-checked with the package (mypy strict warns of an unused
# ignore), so each ignore below proves a misspelt option is a type error.


def test_the_portfolio_options_are_the_settings_and_how_a_run_goes() -> None:
    settings = {field.name for field in dataclasses.fields(portfolio.Settings)}
    assert keys(portfolio.Options) == settings - {"as_of", "offers"}
    assert keys(portfolio.RunOptions) == keys(portfolio.Options) | {
        "output",
        "resume",
        "chunk_size",
        "progress",
    }
    for function in (portfolio.run, portfolio.partition, portfolio.run_dask):
        signature = inspect.signature(function)
        assert [p.name for p in signature.parameters.values() if p.kind is p.KEYWORD_ONLY][:2] == [
            "as_of",
            "offers",
        ]


def test_a_misspelt_portfolio_option_is_a_type_error_and_refused() -> None:
    account = {"id": "A", "principal": 100, "annual_rate": 0, "term": 1, "start": "2024-01-01"}
    with pytest.raises(InvalidInputError, match=r"penalti is not an option.*did you mean penalty"):
        portfolio.run([account], None, as_of="2024-04-01", penalti=None)  # type: ignore[call-arg]
    with pytest.raises(InvalidInputError, match=r"chunksize is not an option"):
        portfolio.run([account], None, as_of="2024-04-01", chunksize=3)  # type: ignore[call-arg]
    with pytest.raises(InvalidInputError, match=r"output is not an option"):
        portfolio.Settings.of("2024-04-01", output="r.csv")  # type: ignore[call-arg]
    pandas = pytest.importorskip("pandas")
    with pytest.raises(InvalidInputError, match=r"discount is not an option"):
        portfolio.partition(pandas.DataFrame([account]), as_of="2024-04-01", discount=1)  # type: ignore[call-arg]
    with pytest.raises(InvalidInputError, match=r"convention"):
        portfolio.run([account], None, as_of="2024-04-01", convention=3)  # type: ignore[arg-type]


# The offers of the practice pass their options along typed too: each ignore below
# proves that a misspelt option, or a source that is not one, is a type error (the
# issue's `extend(a, 12, intrest="spread")`, for every one-call offer); at run time
# the misspelt option is refused by the operation that receives it.


def test_a_misspelt_option_of_an_offer_is_a_type_error() -> None:
    from reschedule import (
        Loan,
        affordable_for_income,
        amortize,
        extend_and_waive,
        keep_installment,
        spread_arrears,
        statement,
    )

    account = statement(amortize(Loan(4000, "0", 4, "2024-01-15")), [], "2024-03-20")
    with pytest.raises(TypeError, match="intrest"):
        spread_arrears(account, 1, intrest="spread")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="intrest"):
        keep_installment(account, intrest="spread")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="penalti"):
        extend_and_waive(account, 6, interest="50%", penalti="spread")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="max_trem"):
        affordable_for_income(account, 6500, max_trem=60)  # type: ignore[call-arg]
    with pytest.raises(InvalidInputError, match="an offer's source must be"):
        keep_installment("account")  # type: ignore[arg-type]


def test_the_offers_options_are_restructures_but_what_each_sets() -> None:
    from reschedule.negotiation._affordable import AffordableOptions
    from reschedule.negotiation._offers import (
        ExtendAndWaiveOptions,
        KeepInstallmentOptions,
        SpreadArrearsOptions,
    )

    assert keys(KeepInstallmentOptions) == PARAMETERS - {"payment", "term"}
    assert keys(SpreadArrearsOptions) == PARAMETERS - {"spread_over"}
    assert keys(ExtendAndWaiveOptions) == PARAMETERS - {"term", "interest", "waive", "conditional"}
    assert keys(AffordableOptions) == PARAMETERS | {
        "max_term",
        "rate_floor",
        "rate_step",
        "max_forbearance",
        "steps",
    }


def test_a_row_matches_by_position_in_the_order_of_its_fields() -> None:
    # `__match_args__` is written as a literal tuple (a type checker checks `match`
    # statements only then) and must stay the row's fields, in their order
    from datetime import date
    from decimal import Decimal

    from reschedule import Installment, Loan, amortize

    assert Installment.__match_args__ == Installment._fields
    row = amortize(Loan(1200, "0.12", 12, "2024-01-15"))[0]
    match row:
        case Installment(number, due_date, closing_balance=balance):
            matched: tuple[int, date, Decimal] = (number, due_date, balance)
    assert matched == (1, date(2024, 2, 15), row.closing_balance)
