"""The operations' options are typed: a misspelt option is a type error, and no option
of `restructure` is missing from the typed options the operations pass along."""

from __future__ import annotations

import inspect
from typing import get_type_hints

from reschedule import restructure
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


def test_the_options_match_the_parameters_types() -> None:
    hints = get_type_hints(restructure)
    for name, hint in get_type_hints(RestructureOptions).items():
        assert hint == hints[name], name
