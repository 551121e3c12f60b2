"""Allocation waterfalls: which part of a payment pays what.

A payment first pays what is due (installments whose due date has come),
component by component in the waterfall's order; what is left after
everything due is handled by the waterfall's excess rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from reschedule.conventions import Choice, InvalidInputError
from reschedule.plans import Component

__all__ = ["ALLOCATION_PRESETS", "Allocation", "Component", "Excess", "Waterfall"]


class Waterfall(Choice):
    """How the order of components meets the order of installments."""

    HORIZONTAL = "horizontal"
    """Fill each installment in component order, oldest installment first,
    before the next installment."""
    VERTICAL = "vertical"
    """Pay one component across every installment due, oldest first, before
    the next component."""


class Excess(Choice):
    """What a payment does with the money left after everything due is paid.

    Whatever the rule, a payment that reaches the payoff amount settles the
    loan: the outstanding principal is repaid, interest not yet due is no
    longer owed, and the rest is kept as a credit.
    """

    NEXT_INSTALLMENT = "next_installment"
    """Pay the following installments in advance, in full and in order, each
    in component order; the plan itself does not change."""
    REDUCE_TERM = "reduce_term"
    """Prepay principal; the installments keep their amount and the last ones
    fall away (the term shortens)."""
    REDUCE_INSTALLMENT = "reduce_installment"
    """Prepay principal; the installments left are recomputed over the same
    term, each smaller. (With either, a payment holiday ahead stays: its
    interest is recomputed on the lower balance and added to it.)"""
    CREDIT = "credit"
    """Keep it as a credit balance, not applied to the loan."""


_ALL = frozenset(Component)


@dataclass(frozen=True, slots=True, init=False)
class Allocation:
    """A payment allocation rule: component order, waterfall and excess rule.

    Args:
        order: every component once, in the order a payment pays them
            (default penalty, fees, interest, principal). On a plan's rows, a
            component's arrears (what the plan repays of what was owed when
            it was made) are paid in its place, before the row's own amount.
        waterfall: horizontal (each installment in full before the next) or
            vertical (each component across all installments due before the
            next component). Installments are always taken oldest first.
        excess: what the money left after everything due does.

    Presets (class attributes; `Allocation.preset` takes their names):

    | name | order | waterfall |
    |---|---|---|
    | `STANDARD` | penalty, fees, interest, principal | horizontal |
    | `VERTICAL` | penalty, fees, interest, principal | vertical |
    | `INTEREST_FIRST` | interest, principal, penalty, fees | horizontal |
    | `PRINCIPAL_FIRST` | principal, interest, penalty, fees | horizontal |

    Each preset applies excess to the next installment. The horizontal
    orders are Apache Fineract's strategies "Penalties, Fees, Interest,
    Principal order" (its default), "Interest, Principal, Penalties, Fees
    Order" and "Principal, Interest, Penalties, Fees Order".

    Raises:
        InvalidInputError: an order that does not name each component once,
            or an unknown waterfall or excess rule.

    Examples:
        >>> Allocation.STANDARD.order[0]
        <Component.PENALTY: 'penalty'>
        >>> rule = Allocation(["interest", "principal", "penalty", "fees"], excess="reduce_term")
        >>> rule.waterfall, rule.excess
        (<Waterfall.HORIZONTAL: 'horizontal'>, <Excess.REDUCE_TERM: 'reduce_term'>)
        >>> Allocation.preset("principal_first") == Allocation.PRINCIPAL_FIRST
        True
    """

    order: tuple[Component, ...]
    waterfall: Waterfall
    excess: Excess

    STANDARD: ClassVar[Allocation]
    VERTICAL: ClassVar[Allocation]
    INTEREST_FIRST: ClassVar[Allocation]
    PRINCIPAL_FIRST: ClassVar[Allocation]

    def __init__(
        self,
        order: Iterable[Component | str] = (
            Component.PENALTY,
            Component.FEES,
            Component.INTEREST,
            Component.PRINCIPAL,
        ),
        waterfall: Waterfall | str = Waterfall.HORIZONTAL,
        excess: Excess | str = Excess.NEXT_INSTALLMENT,
    ) -> None:
        if isinstance(order, str):
            order = [part.strip() for part in order.split(",")]
        parsed = tuple(Component.parse(part) for part in order)
        if len(parsed) != len(_ALL) or set(parsed) != _ALL:
            names = ", ".join(member.value for member in Component)
            got = ", ".join(part.value for part in parsed)
            raise InvalidInputError(
                f"allocation order must name each component once ({names}); got [{got}]"
            )
        object.__setattr__(self, "order", parsed)
        object.__setattr__(self, "waterfall", Waterfall.parse(waterfall))
        object.__setattr__(self, "excess", Excess.parse(excess))

    @classmethod
    def preset(cls, name: str) -> Allocation:
        """The preset of that name: ``"standard"``, ``"vertical"``,
        ``"interest_first"`` or ``"principal_first"``."""
        key = name.strip().lower() if isinstance(name, str) else name
        if key in _PRESETS:
            return _PRESETS[key]
        names = ", ".join(repr(known) for known in _PRESETS)
        raise InvalidInputError(f"allocation preset must be one of {names}; got {name!r}")

    @classmethod
    def parse(cls, value: Allocation | str | None) -> Allocation:
        """An Allocation from itself, a preset name, or None (the standard rule)."""
        if value is None:
            return _PRESETS["standard"]
        if isinstance(value, Allocation):
            return value
        if isinstance(value, str):
            return cls.preset(value)
        raise InvalidInputError(
            f"allocation must be an Allocation or a preset name; got {type(value).__name__} "
            f"{value!r}"
        )

    def with_excess(self, excess: Excess | str) -> Allocation:
        """The same rule with another excess rule.

        Examples:
            >>> Allocation.STANDARD.with_excess("credit").excess
            <Excess.CREDIT: 'credit'>
        """
        return Allocation(self.order, self.waterfall, excess)


_P, _F, _I, _PR = Component.PENALTY, Component.FEES, Component.INTEREST, Component.PRINCIPAL
_PRESETS: dict[str, Allocation] = {
    "standard": Allocation((_P, _F, _I, _PR)),
    "vertical": Allocation((_P, _F, _I, _PR), Waterfall.VERTICAL),
    "interest_first": Allocation((_I, _PR, _P, _F)),
    "principal_first": Allocation((_PR, _I, _P, _F)),
}
for _name, _rule in _PRESETS.items():
    setattr(Allocation, _name.upper(), _rule)

ALLOCATION_PRESETS: tuple[str, ...] = tuple(_PRESETS)
"""The names `Allocation.preset` knows: ``"standard"``, ``"vertical"``..."""
