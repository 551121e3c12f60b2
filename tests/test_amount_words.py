"""Amounts in letters: figures with ¥ and separators, and capitals (大写)."""

from __future__ import annotations

import pytest

from reschedule import InvalidInputError
from reschedule.surfaces import amount_in_words, format_amount


class TestAmountInWords:
    @pytest.mark.parametrize(
        ("amount", "words"),
        [
            # The People's Bank of China, 《支付结算办法》 annex 1, 《正确填写票据和结算凭证的
            # 基本规定》 §4, its own examples (where it allows two forms, the first):
            ("1409.50", "人民币壹仟肆佰零玖元伍角"),  # (一) a zero in the middle: 零
            ("6007.14", "人民币陆仟零柒元壹角肆分"),  # (二) several zeros: one 零
            ("1680.32", "人民币壹仟陆佰捌拾元零叁角贰分"),  # (三) 元 digit zero, 角 not
            ("107000.53", "人民币壹拾万柒仟元零伍角叁分"),  # (三) 万 and 元 digits zero
            ("16409.02", "人民币壹万陆仟肆佰零玖元零贰分"),  # (四) 角 zero, 分 not
            ("325.04", "人民币叁佰贰拾伍元零肆分"),  # (四)
            # §2: 整 after an amount that ends at 元, none after 分; §3: 人民币 first.
            ("50000", "人民币伍万元整"),
            ("1234.56", "人民币壹仟贰佰叁拾肆元伍角陆分"),
            # Hand-written by the same rules: ten is 壹拾 (as in 壹拾万 above); a whole
            # group of zeros inside the number is one 零 (一亿零七千); a group that
            # starts with zeros after a higher one gets one 零 (十万零七百).
            ("10", "人民币壹拾元整"),
            ("0.50", "人民币伍角"),
            ("0.05", "人民币伍分"),
            ("0", "人民币零元整"),
            ("100700", "人民币壹拾万零柒佰元整"),
            ("100007000", "人民币壹亿零柒仟元整"),
            ("1000000000000", "人民币壹万亿元整"),
        ],
    )
    def test_pboc_rules(self, amount: str, words: str) -> None:
        assert amount_in_words(amount) == words

    @pytest.mark.parametrize(
        ("amount", "match"),
        [
            ("-1", r"must not be negative \(capitals write no sign\); got -1"),
            ("0.001", "whole number of fen.*got 0.001"),
            ("1E+16", r"less than 10\*\*15 in size"),  # the library's largest amount
        ],
    )
    def test_refuses(self, amount: str, match: str) -> None:
        with pytest.raises(InvalidInputError, match=match):
            amount_in_words(amount)


class TestFormatAmount:
    @pytest.mark.parametrize(
        ("amount", "language", "text"),
        [
            # the PBOC rules §5: the ¥ sign before the figures; separators every three digits
            ("1409.5", "zh", "¥1,409.50"),
            ("107000.53", "zh", "¥107,000.53"),
            ("0", "zh", "¥0.00"),
            ("1234567.8", "en", "CNY 1,234,567.80"),
            ("-1234.5", "zh", "-¥1,234.50"),
        ],
    )
    def test_figures(self, amount: str, language: str, text: str) -> None:
        assert format_amount(amount, language) == text

    def test_refuses_fractions_of_a_fen(self) -> None:
        with pytest.raises(InvalidInputError, match="whole number of fen"):
            format_amount("1.005")
