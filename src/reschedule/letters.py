"""Letters to a borrower: the collection notice and the offer letter.

``reschedule.letters.notice(statement)`` is the notice of an overdue account
(逾期还款通知书) and ``reschedule.letters.offer(plan)`` the letter offering a
negotiated plan (协商还款方案), each in Chinese (``lang="zh"``, the default)
or English (``lang="en"``), as HTML that prints on A4; `pdf` turns either
into a PDF. They need the ``letters`` extra (Jinja2 and WeasyPrint):

```sh
pip install "reschedule-loans[letters]"
```

Amounts are written as a Chinese borrower reads them: ``¥50,000.00`` and, for
the headline amounts, in capitals, ``人民币伍万元整`` (`amount_in_words`).

Examples:
    >>> from reschedule import letters
    >>> letters.amount_in_words("1234.56")
    '人民币壹仟贰佰叁拾肆元伍角陆分'
"""

from reschedule.surfaces import (
    Lender,
    amount_in_words,
    format_amount,
    notice,
    offer,
    pdf,
)

__all__ = ["Lender", "amount_in_words", "format_amount", "notice", "offer", "pdf"]
