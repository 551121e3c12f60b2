"""Money by component: one type, `Amounts` (also named `Components`), and the
`Component` enum of its fields, in one order: principal, interest, fees,
penalty.

Plans record what was owed, waived and capitalised in it; statements state
what is due, paid and outstanding in it; the JSON and the tables read its
fields. Every list of components elsewhere (index constants, column names,
schema enums) is derived from `Amounts._fields`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, NamedTuple

from reschedule.conventions import (
    EXACT,
    Choice,
    DecimalLike,
    non_negative,
)

__all__ = ["Amounts", "Components", "Component", "COMPONENT_NAMES", "ZERO_AMOUNTS"]

_ZERO = Decimal(0)


class Component(Choice):
    """A part of what an installment owes (a field of `Amounts`, in its order)."""

    PRINCIPAL = "principal"
    """The principal part of the installment."""
    INTEREST = "interest"
    """The contractual interest of the installment."""
    FEES = "fees"
    """Scheduled fees and late fees charged on the installment."""
    PENALTY = "penalty"
    """Penalty interest (罚息) and compound interest (复利) on the installment."""


class _Fields(NamedTuple):
    principal: Decimal = _ZERO
    interest: Decimal = _ZERO
    fees: Decimal = _ZERO
    penalty: Decimal = _ZERO


class Amounts(_Fields):
    """Money by component: principal, interest, fees, penalty (in that order).

    The one type for an amount split by component, in plans (what was owed,
    waived, capitalised...) and statements (what is due, paid, outstanding).
    `Components` is the same type under its older name.

    A named tuple: it unpacks and iterates in the order above (that of
    `Component`). Construction takes principal and interest by position or
    keyword, and fees and penalty by keyword only: the older `Components`
    took its arguments in the order principal, interest, penalty, fees, so a
    third positional argument would be read differently by old and new code;
    it is refused instead. Each amount is a number (int, str, Decimal or
    float), never negative; missing ones are zero.

    Examples:
        >>> owed = Amounts(1000, "12.50", penalty=3)
        >>> owed
        Amounts(principal=Decimal('1000'), interest=Decimal('12.50'), fees=Decimal('0'), penalty=Decimal('3'))
        >>> owed.total, owed.of("penalty")
        (Decimal('1015.50'), Decimal('3'))
        >>> (owed + Amounts(fees=5)).total
        Decimal('1020.50')
        >>> Amounts(100, 5, 0, 1)
        Traceback (most recent call last):
        ...
        TypeError: Amounts takes principal and interest by position, fees and penalty by keyword only; got 4 positional amounts (use fees=..., penalty=...)
    """  # noqa: E501

    __slots__ = ()

    NAMES: ClassVar[tuple[str, ...]]
    """The component names in order (`_fields`)."""

    def __new__(
        cls,
        principal: DecimalLike = 0,
        interest: DecimalLike = 0,
        *args: Any,
        fees: DecimalLike = 0,
        penalty: DecimalLike = 0,
    ) -> Amounts:
        if args:
            raise TypeError(
                "Amounts takes principal and interest by position, fees and penalty by "
                f"keyword only; got {2 + len(args)} positional amounts "
                "(use fees=..., penalty=...)"
            )
        values = []
        for name, value in (
            ("principal", principal),
            ("interest", interest),
            ("fees", fees),
            ("penalty", penalty),
        ):
            values.append(non_negative(value, name))
        return tuple.__new__(cls, values)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (_rebuild, (tuple(self),))

    @property
    def total(self) -> Decimal:
        """The sum of the four components."""
        return EXACT.add(
            EXACT.add(self.principal, self.interest), EXACT.add(self.fees, self.penalty)
        )

    def of(self, component: Component | str) -> Decimal:
        """The amount of one component.

        Examples:
            >>> Amounts(4, 3, fees=2, penalty=1).of("fees")
            Decimal('2')
        """
        return self[_POSITION[Component.parse(component)]]

    def __add__(self, other: Amounts) -> Amounts:  # type: ignore[override]
        """Component-wise sum (not tuple concatenation)."""
        if not isinstance(other, Amounts):
            return NotImplemented
        return tuple.__new__(Amounts, map(EXACT.add, self, other))

    def __bool__(self) -> bool:
        """True when any component is not zero."""
        return any(self)

    def as_dict(self) -> dict[str, Decimal]:
        """The components by name, in order.

        Examples:
            >>> Amounts(interest=1).as_dict()
            {'principal': Decimal('0'), 'interest': Decimal('1'), 'fees': Decimal('0'), 'penalty': Decimal('0')}
        """  # noqa: E501
        return dict(zip(COMPONENT_NAMES, self, strict=True))


def _rebuild(values: tuple[Decimal, ...]) -> Amounts:
    return Amounts._make(values)


COMPONENT_NAMES: tuple[str, ...] = Amounts._fields
Amounts.NAMES = COMPONENT_NAMES
"""The component names in order: ``("principal", "interest", "fees", "penalty")``."""

if tuple(member.value for member in Component) != COMPONENT_NAMES:  # pragma: no cover
    raise AssertionError("Component must list the fields of Amounts, in order")

_POSITION = {member: index for index, member in enumerate(Component)}

ZERO_AMOUNTS = Amounts()

Components = Amounts
"""The same type as `Amounts`, under the name the negotiation layer gave it first."""
