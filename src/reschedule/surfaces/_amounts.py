"""Amounts as a borrower reads them: ``¥50,000.00`` and 人民币伍万元整.

Letters print every amount in figures with the currency sign and thousands
separators, and, in Chinese, the headline amounts also in capital numerals
(大写), written as the People's Bank of China's rules for bills require
(《支付结算办法》, annex 《正确填写票据和结算凭证的基本规定》).

Pure string formatting of exact `Decimal` values: no rounding happens here.
An amount finer than a fen (0.01) is refused, never rounded.
"""

from __future__ import annotations

from reschedule.conventions import EXACT, DecimalLike, InvalidInputError, Language, to_decimal

__all__ = ["amount_in_words", "format_amount"]

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("", "拾", "佰", "仟")  # within a group of four digits
_GROUPS = ("", "万", "亿", "万亿")  # one a group of four digits, lowest first


def _cents(amount: DecimalLike, name: str, signed: bool = False) -> int:
    value = to_decimal(amount, name)
    if value < 0 and not signed:
        raise InvalidInputError(
            f"{name} must not be negative (capitals write no sign); got {value}"
        )
    cents = value.scaleb(2, EXACT)
    if cents != cents.to_integral_value():
        raise InvalidInputError(
            f"{name} must be a whole number of fen (cents, 0.01); got {value} "
            "(round it to the minor unit first)"
        )
    return int(cents)


def _group(digits: str) -> str:
    """Four digits (leading zeros kept) in capitals, one 零 for each run of zeros
    between non-zero digits, none at the end: ``"0700"`` gives ``"柒佰"``."""
    out: list[str] = []
    zero = False
    for index, digit in enumerate(digits):
        place = _PLACES[len(digits) - 1 - index]
        if digit == "0":
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(_DIGITS[int(digit)] + place)
    return "".join(out)


def _yuan(whole: int) -> str:
    """A whole number of yuan in capitals, without 元 (0 gives "")."""
    text = str(whole)
    padded = text.zfill(-(-len(text) // 4) * 4)
    groups = [padded[i : i + 4] for i in range(0, len(padded), 4)]
    out: list[str] = []
    gap = False  # a whole group of zeros since the last digit written
    for index, digits in enumerate(groups):
        name = _GROUPS[len(groups) - 1 - index]
        if digits == "0000":
            gap = bool(out)
            continue
        if out and (gap or digits[0] == "0"):
            out.append("零")
        out.append(_group(digits) + name)
        gap = False
    return "".join(out)


def amount_in_words(amount: DecimalLike) -> str:
    """An amount of renminbi in capital numerals (大写), as bills are written.

    The rules are the People's Bank of China's (《正确填写票据和结算凭证的基本
    规定》): 人民币 first; 元, 角 and 分; 整 after an amount that ends at
    元; one 零 for each run of zeros inside the number; 零 after 元 when
    the 角 is zero and the 分 is not. Where the rules allow either (the 元
    or 万 digit zero before a non-zero 角 or 仟), this writes 零 before the
    角 and not after a group name (万, 亿) when the next group starts with a
    non-zero digit: ¥1,680.32 is 人民币壹仟陆佰捌拾元零叁角贰分 and
    ¥107,000.53 is 人民币壹拾万柒仟元零伍角叁分, the first of the forms
    the rules give. Tens are written with their digit (壹拾, as in 壹拾万).

    Args:
        amount: a non-negative amount in yuan, in whole fen (at most two
            decimal places), less than 10¹⁶.

    Raises:
        InvalidInputError: a negative amount, one finer than a fen, or one
            too large.

    Examples:
        >>> amount_in_words(50000)
        '人民币伍万元整'
        >>> amount_in_words("1234.56")
        '人民币壹仟贰佰叁拾肆元伍角陆分'
        >>> amount_in_words("16409.02")
        '人民币壹万陆仟肆佰零玖元零贰分'
    """
    cents = _cents(amount, "amount")
    whole, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    out = ["人民币"]
    if whole:
        out.append(_yuan(whole) + "元")
    if jiao:
        if whole and whole % 10 == 0:
            out.append("零")
        out.append(_DIGITS[jiao] + "角")
    elif fen and whole:
        out.append("零")
    if fen:
        out.append(_DIGITS[fen] + "分")
    if not whole and not jiao and not fen:
        out.append("零元")
    if not jiao and not fen:
        out.append("整")
    return "".join(out)


def format_amount(amount: DecimalLike, language: Language | str = Language.ZH) -> str:
    """An amount in figures with its currency and thousands separators.

    Chinese: ``¥50,000.00``; English: ``CNY 50,000.00``. The amount is shown
    with two decimals, exactly: one finer than a fen is refused. A negative
    amount has its sign first: ``-¥0.01``.

    Examples:
        >>> format_amount("50000"), format_amount("1234.5", "en"), format_amount("-0.01")
        ('¥50,000.00', 'CNY 1,234.50', '-¥0.01')
    """
    cents = _cents(amount, "amount", signed=True)
    sign, cents = ("-", -cents) if cents < 0 else ("", cents)
    figures = f"{cents // 100:,}.{cents % 100:02d}"
    if Language.parse(language) is Language.ZH:
        return f"{sign}¥{figures}"
    return f"{sign}CNY {figures}"
