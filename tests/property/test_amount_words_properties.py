"""Capital amounts (大写) read back to the amount they were written from."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from reschedule.surfaces import amount_in_words, format_amount

_DIGIT = {char: value for value, char in enumerate("零壹贰叁肆伍陆柒捌玖")}
_PLACE = {"拾": 10, "佰": 100, "仟": 1000}


def _section(text: str) -> int:
    """A number below 10,000 written with 拾, 佰, 仟 and 零 (zeros carry no value)."""
    total, digit = 0, 0
    for char in text:
        if char in _DIGIT:
            digit = _DIGIT[char]
        else:
            total += digit * _PLACE[char]
            digit = 0
    return total + digit


def read_back(words: str) -> Decimal:
    """An independent reader of the capitals: split at 亿, 万, 元, 角 and 分."""
    assert words.startswith("人民币")
    text = words.removeprefix("人民币").removesuffix("整")
    yuan, _, cents = text.rpartition("元") if "元" in text else ("", "", text)
    whole = 0
    for name, scale in (("万亿", 10**12), ("亿", 10**8), ("万", 10**4)):
        if name in yuan:
            head, yuan = yuan.split(name, 1)
            whole += _section(head) * scale
    whole += _section(yuan)
    jiao = fen = 0
    cents = cents.lstrip("零")
    if "角" in cents:
        head, cents = cents.split("角")
        jiao = _DIGIT[head]
    if "分" in cents:
        fen = _DIGIT[cents.removesuffix("分").lstrip("零")]
    return Decimal(whole) + Decimal(jiao * 10 + fen).scaleb(-2)


amounts = st.integers(min_value=0, max_value=10**16 - 1).map(
    lambda cents: Decimal(cents).scaleb(-2)
)


class TestAmountInWords:
    @given(amounts)
    def test_reads_back(self, amount: Decimal) -> None:
        assert read_back(amount_in_words(amount)) == amount

    @given(amounts)
    def test_written_as_the_rules_say(self, amount: Decimal) -> None:
        words = amount_in_words(amount)
        assert words.startswith("人民币")
        assert set(words) <= set("人民币零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整")
        # 整 exactly when the amount ends at 元; never two 零 in a row, none at the end
        assert words.endswith("整") == (amount == amount.to_integral_value())
        assert "零零" not in words
        assert not words.removesuffix("整").endswith("零") or amount == 0

    @given(amounts)
    def test_figures_agree(self, amount: Decimal) -> None:
        figures = format_amount(amount).removeprefix("¥")
        assert Decimal(figures.replace(",", "")) == amount
        assert format_amount(-amount) == ("-¥" if amount else "¥") + figures
        assert all(len(part) == 3 for part in figures.split(".")[0].split(",")[1:])
