"""Column labels and sentences in English and Chinese, and plain-text tables.

One label table serves every tabular surface: terminal tables (a schedule's
``str``), HTML tables, CSV, DataFrames and plots. A column has a key (its
field name, which JSON, CSV and DataFrames use in English), an English
display label and a Chinese label, for negotiation tools that serve
Chinese-speaking borrowers. Beside it, one table of phrases (`PHRASES`)
holds every sentence a person reads (captions, plan steps, the demo, a
follow-up) in both languages, and `phrase` fills one in with amounts and
dates written as a reader of that language expects (Chinese: ``¥12,793.36``,
``2025年10月15日``).

Pure data and string formatting: any layer may import this module.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from reschedule.conventions import InvalidInputError, Language

__all__ = [
    "LABELS",
    "PHRASES",
    "SHORT_LABELS",
    "Language",
    "display_width",
    "label",
    "money",
    "phrase",
    "render_day",
    "render_text",
    "term",
]


LABELS: dict[str, tuple[str, str]] = {
    # key: (English display label, Chinese label)
    # installments (Schedule, Plan)
    "number": ("no", "期数"),
    "due_date": ("due date", "还款日"),
    "period_start": ("period start", "计息起日"),
    "period_end": ("period end", "计息止日"),
    "year_fraction": ("year fraction", "计息年化比例"),
    "opening_balance": ("opening balance", "期初余额"),
    "payment": ("payment", "应还金额"),
    "principal": ("principal", "应还本金"),
    "interest": ("interest", "应还利息"),
    "fee": ("other", "其他应还"),  # fees, and a plan's overdue amounts repaid with it
    "closing_balance": ("balance", "期末余额"),
    # a plan's other amount by component: the arrears it repays with the installment
    "arrears_principal": ("principal arrears", "欠本"),
    "arrears_interest": ("interest arrears", "欠息"),
    "arrears_fees": ("fee arrears", "欠费"),
    "arrears_penalty": ("penalty arrears", "欠罚息"),
    # servicing (Statement)
    "penalty": ("penalty", "罚息"),
    "fees": ("fees", "费用"),
    "due_principal": ("principal due", "应还本金"),
    "due_interest": ("interest due", "应还利息"),
    "due_fees": ("fees due", "应还费用"),
    "due_penalty": ("penalty due", "应还罚息"),
    "due_total": ("total due", "应还合计"),
    "paid_principal": ("principal paid", "已还本金"),
    "paid_interest": ("interest paid", "已还利息"),
    "paid_fees": ("fees paid", "已还费用"),
    "paid_penalty": ("penalty paid", "已还罚息"),
    "paid_total": ("total paid", "已还合计"),
    "outstanding_principal": ("principal unpaid", "未还本金"),
    "outstanding_interest": ("interest unpaid", "未还利息"),
    "outstanding_fees": ("fees unpaid", "未还费用"),
    "outstanding_penalty": ("penalty unpaid", "未还罚息"),
    "outstanding_total": ("total unpaid", "未还合计"),
    "due_penalty_interest": ("penalty interest due", "应还罚息(逾期本金)"),
    "due_compound_interest": ("compound interest due", "应还复利"),
    "outstanding_penalty_interest": ("penalty interest unpaid", "未还罚息(逾期本金)"),
    "outstanding_compound_interest": ("compound interest unpaid", "未还复利"),
    "days_past_due": ("days past due", "逾期天数"),
    "in_arrears": ("in arrears", "是否逾期"),
    "paid_on": ("paid on", "结清日"),
    "payment_date": ("payment date", "还款日期"),
    "payment_amount": ("payment amount", "还款金额"),
    "reference": ("reference", "流水号"),
    "installment": ("installment", "期次"),
    "component": ("component", "科目"),
    "amount": ("amount", "金额"),
    "ledger": ("allocation ledger", "还款分配明细"),
    # negotiation (Plan records, Comparison)
    "name": ("option", "方案"),
    "payments": ("payments", "期数"),
    "first_installment": ("first", "首期还款"),
    "regular_installment": ("installment", "每期还款"),
    "largest_installment": ("largest", "最大单期还款"),
    "last_due": ("last due", "末期还款日"),
    "lender_value": ("lender value", "贷款人现值"),
    "total_paid": ("total paid", "还款总额"),
    "total_interest": ("total interest", "利息总额"),
    "waived": ("waived", "减免金额"),
    "saving": ("saving", "节省金额"),
    "apr": ("APR", "年化利率"),
    "balance": ("balance", "剩余本金"),
}
"""Every column's labels, by key: ``(English, Chinese)``.

Keys are the field names of the values they label (``due_date``,
``closing_balance``); DataFrames and CSV use the keys for English and the
Chinese label for Chinese; text and HTML tables use the English or the
Chinese label.
"""


SHORT_LABELS: dict[str, str] = {
    # key: short English label, for the narrow table a statement's ``str()`` shows
    "due_principal": "principal",
    "due_interest": "interest",
    "due_fees": "fees",
    "due_penalty": "penalty",
    "outstanding_total": "outstanding",
    "days_past_due": "dpd",
}
"""Short English labels of some columns, for narrow tables (``short=True``)."""


PHRASES: dict[str, tuple[str, str]] = {
    # key: (English, Chinese); templates for str.format, filled in by `phrase`
    # captions of the tables
    "caption.schedule": (
        "{count} installments of {payment} from {first} to {last}; total interest "
        "{interest}, total paid {paid}",
        "共{count}期，每期{payment}，{first}至{last}；利息合计{interest}，还款总额{paid}",
    ),
    "caption.plan": (
        "{count} installments of {payment} from {first} to {last}; total paid {paid}, "
        "waived {waived}",
        "共{count}期，每期{payment}，{first}至{last}；还款总额{paid}，减免{waived}",
    ),
    "caption.steps": (" ({steps})", "（{steps}）"),
    "caption.statement": (
        "as of {as_of}: arrears {arrears} (principal {principal}, interest {interest}, "
        "fees {fees}, {penalty}), {days} days past due ({bucket}); outstanding principal "
        "{outstanding}, payoff {payoff}, credit {credit}",
        "截至{as_of}：逾期欠款{arrears}（本金{principal}，利息{interest}，费用{fees}，"
        "{penalty}），逾期{days}天（{bucket}）；未还本金{outstanding}，结清金额{payoff}，"
        "溢缴款{credit}",
    ),
    "caption.penalty": ("penalty {penalty}", "罚息{penalty}"),
    "caption.penalty_parts": (
        "penalty {penalty} = penalty interest {penalty_interest} + compound interest "
        "{compound_interest}",
        "罚息{penalty} = 逾期本金罚息{penalty_interest} + 复利{compound_interest}",
    ),
    "caption.comparison": (
        "{count} options; savings against {baseline}; lender value at {rate} a year to "
        "{day}; APR {convention}",
        "共{count}个方案；节省金额以{baseline}为基准；贷款人现值按年折现率{rate}折现至{day}；"
        "年化利率按{convention}计算",
    ),
    "caption.negative": (
        "; a negative saving is what the option costs the borrower more",
        "；节省金额为负数的，即该方案借款人多付的金额",
    ),
    "as_of": ("as of {as_of}", "截至{as_of}"),
    "quoted": ("{text!r}", "“{text}”"),
    "list": (", ", "、"),
    "steps": ("; ", "；"),
    # closed choices, by kind and value (English: the value itself)
    "bucket.current": ("current", "未逾期"),
    "bucket.1-30": ("1-30", "1-30天"),
    "bucket.31-60": ("31-60", "31-60天"),
    "bucket.61-90": ("61-90", "61-90天"),
    "bucket.91-180": ("91-180", "91-180天"),
    "bucket.180+": ("180+", "180天以上"),
    "convention.us": ("by the US Truth in Lending rule (Regulation Z)", "美国《诚实借贷法》口径"),
    "convention.eu": ("by the EU Consumer Credit Directive", "欧盟《消费者信贷指令》口径"),
    "convention.pboc": ("by the PBOC's 2021 announcement No. 3", "中国人民银行2021年第3号公告口径"),
    "method.annuity": ("annuity", "等额本息"),
    "method.equal_principal": ("equal_principal", "等额本金"),
    "method.interest_only": ("interest_only", "先息后本"),
    "method.balloon": ("balloon", "气球贷（末期偿还大额本金）"),
    "method.flat": ("flat", "等本等息"),
    "day_count.30/360 US": ("30/360 US", "每月按30天、每年按360天计息"),
    "day_count.30E/360": ("30E/360", "每月按30天、每年按360天计息（欧洲规则）"),
    "day_count.30E/360 ISDA": ("30E/360 ISDA", "每月按30天、每年按360天计息（掉期协会规则）"),
    "day_count.ACT/360": ("ACT/360", "按实际天数计息，每年按360天"),
    "day_count.ACT/365F": ("ACT/365F", "按实际天数计息，每年按365天"),
    "day_count.ACT/ACT ISDA": ("ACT/ACT ISDA", "按实际天数计息，每年按实际天数"),
    "frequency.monthly": ("monthly", "每月"),
    "frequency.bimonthly": ("bimonthly", "每两个月"),
    "frequency.quarterly": ("quarterly", "每季度"),
    "frequency.semiannual": ("semiannual", "每半年"),
    "frequency.annual": ("annual", "每年"),
    "frequency.weekly": ("weekly", "每周"),
    "frequency.biweekly": ("biweekly", "每两周"),
    "frequency.days": ("every {count} days", "每{count}天"),
    "frequency.months": ("every {count} months", "每{count}个月"),
    "treatment.capitalize": ("capitalize", "计入本金"),
    "treatment.spread": ("spread", "分摊到各期"),
    "treatment.due": ("due", "立即偿还"),
    "treatment.defer": ("defer", "延至最后一期偿还"),
    "treatment.waive": ("waive", "予以减免"),
    "component.principal": ("principal", "本金"),
    "component.interest": ("interest", "利息"),
    "component.penalty": ("penalty", "罚息"),
    "component.fees": ("fees", "费用"),
    "status.honoured": ("honoured", "正常履行"),
    "status.in_arrears": ("in arrears", "逾期未还，方案仍有效"),
    "status.broken": ("broken", "方案已失效"),
    "status.completed": ("completed", "已全部还清"),
    "all": ("all", "全部"),
    "conditional": ("conditional", "以履行方案为条件"),
    "final": ("final", "最终减免"),
    # a plan's steps, as the restructuring operations write them (`Plan.steps`):
    # the English is read back with its fields, and the Chinese written from them
    "step.extend": ("extend by {periods} periods", "展期{periods}期"),
    "step.defer": (
        "defer {periods} periods, interest {treatment}",
        "延期还款{periods}期，期间利息{treatment}",
    ),
    "step.waive": ("waive {waivers}", "减免{waivers}"),
    "step.waive_conditional": (
        "waive {waivers} (conditional)",
        "减免{waivers}（以履行方案为条件）",
    ),
    "step.reage": ("re-age over {count} installments", "全部欠款重新分{count}期偿还"),
    "step.reamortize": ("re-amortise over the remaining installments", "在剩余各期重新摊还"),
    "step.freeze": ("freeze over {count} installments", "停息挂账，分{count}期偿还"),
    "step.settle": (
        "settle for {amount} in {count} installment(s)",
        "以{amount}结清，分{count}期付清",
    ),
    "step.keep_installment": (
        "keep the installment of {amount}, extend until repaid",
        "每期还款维持{amount}不变，期限延长至还清",
    ),
    "step.extend_and_waive": (
        "extend by {periods} periods, waive interest {share} ({kind})",
        "展期{periods}期，减免利息{share}（{kind}）",
    ),
    "step.for_income": (
        "the least concession for an income of {income} at a ratio of {ratio} (other debts "
        "{other_debts}): installments of at most {limit}",
        "按收入{income}、负债收入比{ratio}（其他债务{other_debts}）所需的最小让步："
        "每期还款不超过{limit}",
    ),
    "step.spread_arrears": (
        "arrears over the next {count} installments",
        "逾期欠款分摊到此后{count}期",
    ),
    "step.spread_arrears_fewest": (
        "arrears over the next {count} installments, the fewest with installments of at "
        "most {limit}",
        "逾期欠款分摊到此后{count}期（每期不超过{limit}的最少期数）",
    ),
    "step.capitalize_arrears": ("capitalize_arrears ({names})", "逾期{names}计入本金"),
    "step.extend_term": ("extend_term to {count} installments", "期限延长至{count}期"),
    "step.lower_rate": ("lower_rate to {rate}", "年利率降至{rate}"),
    "step.waive_penalty": ("waive_penalty {amount}", "减免罚息{amount}"),
    "step.waive_interest": ("waive_interest {amount}", "减免利息{amount}"),
    "step.forbear_principal": ("forbear_principal {amount}", "暂缓偿还本金{amount}"),
    "step.restructure": ("restructure: {changes}", "重组：{changes}"),
    # the changes of a restructuring, "name value"
    "change.term": ("term {value}", "期限{value}期"),
    "change.annual_rate": ("annual_rate {value}", "年利率{value}"),
    "change.method": ("method {value}", "还款方式改为{value}"),
    "change.frequency": ("frequency {value}", "还款频率改为{value}"),
    "change.day_count": ("day_count {value}", "计息规则改为{value}"),
    "change.start": ("start {value}", "{value}起息"),
    "change.first_payment": ("first_payment {value}", "首期还款日{value}"),
    "change.interest": ("interest {value}", "逾期利息{value}"),
    "change.penalty": ("penalty {value}", "罚息{value}"),
    "change.fees": ("fees {value}", "费用{value}"),
    "change.waived": ("waived {value}", "减免{value}"),
    "change.conditional": ("conditional {value}", "{value}"),
    "change.down_payment": ("down_payment {value}", "首付{value}"),
    "change.holiday": ("holiday {value}", "还款假期{value}期"),
    "change.holiday_interest": ("holiday_interest {value}", "假期利息{value}"),
    "change.forborne": ("forborne {value}", "暂缓偿还本金{value}"),
    "change.reamortize": ("reamortize {value}", "{value}"),
    "change.no_payment_shock": ("no_payment_shock {value}", "{value}"),
    "change.payment": ("payment {value}", "每期还款{value}"),
    "change.spread_over": ("spread_over {value}", "逾期款项分{value}期摊还"),
    "change.first_payment.None": ("None", "首期还款日按新的还款周期确定"),
    "change.conditional.True": ("True", "以履行方案为条件"),
    "change.conditional.False": ("False", "减免不附条件"),
    "change.reamortize.True": ("True", "重新摊还本金"),
    "change.reamortize.False": ("False", "不重新摊还本金"),
    "change.no_payment_shock.True": ("True", "避免还款额骤增"),
    "change.no_payment_shock.False": ("False", "不限制还款额变化"),
    # a follow-up of an agreed plan
    "follow_up.status": ("As of {as_of}: {status}", "截至{as_of}：{status}"),
    "follow_up.since": (" since {day}", "（自{day}起）"),
    "follow_up.paid": (
        "{paid_count} of {count} installments paid ({paid} paid); {missed} missed now, "
        "{late} missed in all",
        "共{count}期，已还{paid_count}期（已还{paid}）；当前未还{missed}期，累计逾期{late}期",
    ),
    "follow_up.due": ("Due now: {due}; owed in all: {owed}", "当前应还{due}；欠款合计{owed}"),
    "follow_up.parts": ("{total} ({parts})", "{total}（{parts}）"),
    "follow_up.on_top": (
        "The statement above is the plan's; the reinstated waiver comes on top of it: "
        "{reinstated}, owed in all {owed}",
        "上表为方案本身的账户状况，另加恢复计收的减免：{reinstated}，欠款合计{owed}",
    ),
    "follow_up.part": ("{name} {amount}", "{name}{amount}"),
    "follow_up.reinstated": (
        "Reinstated (the conditional waiver, owed again): {parts}",
        "恢复计收（附条件的减免，现须偿还）：{parts}",
    ),
    "follow_up.waived": ("Waived: {amount} ({kind})", "已减免{amount}（{kind}）"),
    "follow_up.conditional": ("conditional on the plan", "以履行方案为条件"),
    "follow_up.next": ("Next: {amount} due on {day}", "下一期：{day}应还{amount}"),
    # the portfolio's summary and the page's address (`reschedule portfolio`, `serve`)
    "portfolio.summary": (
        "{accounts} accounts, {errors} with an error",
        "共{accounts}个账户，其中{errors}个出错",
    ),
    "portfolio.resumed": (
        " ({resumed} already done, {computed} computed now)",
        "（{resumed}个此前已算完，本次计算{computed}个）",
    ),
    "portfolio.orphans": (
        "; {orphans} payments name no account",
        "；{orphans}笔还款找不到所属账户",
    ),
    "portfolio.done": (
        "reschedule: {summary}; results in {output}",
        "{summary}；结果已写入{output}",
    ),
    "serve.ready": (
        "The negotiator's page is at {url} (Ctrl-C stops it)",
        "协商页面的地址：{url}（按`Ctrl-C`停止）",
    ),
    # the demo (`reschedule demo`)
    "demo.heading": (
        "An overdue consumer loan: {principal} at {rate} a year over {term} monthly "
        "installments of {payment} ({method}, {day_count}), from {start}; penalty interest "
        "at 1.5 times the contract rate, compounded on overdue interest (the Chinese bank "
        "rule).",
        "一笔逾期的消费贷款：借款{principal}，年利率{rate}，分{term}期按月还款，每期"
        "{payment}（{method}，{day_count}），{start}起息；逾期罚息按合同利率的1.5倍计收，"
        "逾期利息计收复利（中国银行业的规则）。",
    ),
    "demo.payments": ("Payments received: {payments}.", "已收到的还款：{payments}。"),
    "demo.payment": ("{amount} on {day}", "{day}还款{amount}"),
    "demo.statement": ("The statement as of {as_of}:", "截至{as_of}的账户状况："),
    "demo.options": (
        "The options, each an exact plan:",
        "可选方案（每个都是精确到分的还款计划）：",
    ),
    "demo.option": ("  {name}: {offer}", "  {name}：{offer}"),
    "demo.option_saving": ("  {name}: {offer}; {saving}", "  {name}：{offer}；{saving}"),
    "demo.compared": (
        "Compared (`reschedule demo --request` prints this request; `reschedule compare` "
        "answers it in JSON):",
        "方案比较（`reschedule demo --request` 输出本请求，"
        "`reschedule compare` 给出供程序读取的答复）：",
    ),
    "demo.best": (
        "The lowest installment: {lowest} ({installment} at most). The most for the lender "
        "today: {best} ({value}).",
        "每期还款最低的方案：{lowest}（每期最多{installment}）。贷款人今天所得最多的方案："
        "{best}（现值{value}）。",
    ),
    "saving.more": ("costs the borrower {amount} more{when}", "借款人多付{amount}{when}"),
    "saving.less": ("saves the borrower {amount}{when}", "借款人少付{amount}{when}"),
    "saving.same": ("costs the borrower the same{when}", "借款人所付相同{when}"),
    "saving.later": (", over {months} more months", "，还款期多{months}个月"),
    "saving.later_one": (", over 1 more month", "，还款期多1个月"),
    "saving.sooner": (", and ends {months} months sooner", "，提前{months}个月还清"),
    "saving.sooner_one": (", and ends 1 month sooner", "，提前1个月还清"),
    # the demo's options: names, and what each offers as a collections officer says it
    "demo.name.as it stands": ("as it stands", "维持原合同"),
    "demo.name.extend 12 months": ("extend 12 months", "展期12个月"),
    "demo.name.3-month holiday": ("3-month holiday", "还款假期3个月"),
    "demo.name.waive penalty": ("waive penalty", "减免罚息"),
    "demo.name.freeze 36 months": ("freeze 36 months", "停息挂账36个月"),
    "demo.name.settle 30% off": ("settle 30% off", "七折结清"),
    "demo.name.affordable": ("affordable", "按还款能力"),
    "demo.offer.as it stands": (
        "the contract: the arrears due now, the rest as scheduled",
        "逾期欠款立即偿还，其余按原合同还款",
    ),
    "demo.offer.extend 12 months": (
        "extend by 12 months; the overdue interest and penalty spread over the installments",
        "展期12个月；逾期利息和罚息分摊到各期",
    ),
    "demo.offer.3-month holiday": (
        "3-month payment holiday, its interest added to the balance with the overdue "
        "interest and penalty",
        "3个月还款假期，期间利息连同逾期利息和罚息计入本金",
    ),
    "demo.offer.waive penalty": (
        "waive the penalty if the plan is kept, and repay the rest over 18 installments",
        "按期履行方案即减免罚息，其余欠款分18期偿还",
    ),
    "demo.offer.freeze 36 months": (
        "stop the interest (停息挂账) and repay what is owed over 36 months",
        "停止计息（停息挂账），所欠款项分36个月偿还",
    ),
    "demo.offer.settle 30% off": (
        "settle for 70% of what is owed (一次性结清), in 3 monthly payments",
        "按所欠款项的七成结清（减免三成），分3个月付清",
    ),
    "demo.offer.affordable": (
        "the least concession that fits 40% of an income of 6,500 less 900 of other debts",
        "月收入¥6,500的40%减去其他债务¥900即每期可还的上限，在此限度内所需的最小让步",
    ),
}
"""Every sentence a person reads, by key: ``(English, Chinese)``, templates
for `str.format` that `phrase` fills in.

Keys are dotted: ``caption.*`` for the tables' captions, ``step.*`` for a
plan's steps (the English as the restructuring operations write them in
`reschedule.Plan.steps`), ``follow_up.*``, ``demo.*``; ``KIND.VALUE`` for the
words of a closed choice (``method.annuity``, ``status.broken``), which
`term` looks up.
"""


def money(amount: Decimal, language: Language | str = Language.EN) -> str:
    """An amount in running text, exactly, with thousands separators: Chinese
    with the yuan sign and at least the fen, ``¥12,793.36``, ``¥0.00``;
    English without a sign, ``12,793.36``, ``0.00``. Zeros are added down to the
    cent (padding, never rounding); finer amounts keep their digits.

    Examples:
        >>> money(Decimal("-12793.36"), "zh"), money(Decimal("12793.36"))
        ('-¥12,793.36', '12,793.36')
        >>> money(Decimal("0"), "zh"), money(Decimal("6500"), "zh"), money(Decimal("0.125"), "zh")
        ('¥0.00', '¥6,500.00', '¥0.125')
        >>> money(Decimal("0")), money(Decimal("6500")), money(Decimal("0.125"))
        ('0.00', '6,500.00', '0.125')
    """
    size = amount.copy_abs()  # not abs(): the caller's decimal context must change nothing
    exponent = size.as_tuple().exponent
    # whole units or tenths: zeros added to the cent (padding, never rounding)
    figures = f"{size:,.2f}" if isinstance(exponent, int) and exponent > -2 else f"{size:,}"
    sign = "-" if amount < 0 else ""
    if Language.parse(language) is not Language.ZH:
        return f"{sign}{figures}"
    return f"{sign}¥{figures}"


def render_day(day: date, language: Language | str = Language.EN) -> str:
    """A date in running text: ISO 8601 in English, ``2025年10月15日`` in Chinese.

    Examples:
        >>> render_day(date(2025, 10, 15), "zh"), render_day(date(2025, 10, 15))
        ('2025年10月15日', '2025-10-15')
    """
    if Language.parse(language) is Language.ZH:
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def phrase(key: str, language: Language | str = Language.EN, /, **values: object) -> str:
    """A sentence of `PHRASES` in `language`, filled in with `values`.

    Amounts (`Decimal`) are written with `money` and dates with `render_day`;
    other values as they are (format rates and such before).

    Raises:
        InvalidInputError: an unknown key.

    Examples:
        >>> phrase("follow_up.next", "zh", amount=Decimal("2790.90"), day=date(2025, 11, 10))
        '下一期：2025年11月10日应还¥2,790.90'
        >>> phrase("follow_up.next", amount=Decimal("2790.90"), day=date(2025, 11, 10))
        'Next: 2,790.90 due on 2025-11-10'
    """
    if key not in PHRASES:
        raise InvalidInputError(f"phrase must be one of the keys of PHRASES; got {key!r}")
    language = Language.parse(language)
    english, chinese = PHRASES[key]
    template = chinese if language is Language.ZH else english
    filled = {
        name: money(value, language)
        if isinstance(value, Decimal)
        else render_day(value, language)
        if isinstance(value, date)
        else value
        for name, value in values.items()
    }
    return template.format(**filled)


def term(kind: str, value: str, language: Language | str = Language.EN) -> str:
    """The words for a value of a closed choice: ``term("method", "annuity", "zh")``
    is 等额本息. A value the table does not hold is given as it is.

    Examples:
        >>> term("status", "in_arrears", "zh"), term("method", "annuity")
        ('逾期未还，方案仍有效', 'annuity')
    """
    words = PHRASES.get(f"{kind}.{value}")
    if words is None:
        return value
    return words[1] if Language.parse(language) is Language.ZH else words[0]


def label(
    key: str, language: Language | str = Language.EN, *, keys: bool = False, short: bool = False
) -> str:
    """The label of a column.

    Args:
        key: the column's key, a field name such as ``"due_date"``.
        language: `Language.EN` or `Language.ZH` (or ``"en"``, ``"zh"``).
        keys: in English, give the key itself rather than the display label
            (DataFrames and CSV use the keys).
        short: in English, give the short label of `SHORT_LABELS` where the
            column has one (narrow tables).

    Raises:
        InvalidInputError: an unknown key or language.

    Examples:
        >>> label("closing_balance"), label("closing_balance", keys=True)
        ('balance', 'closing_balance')
        >>> label("days_past_due", "zh"), label("days_past_due", short=True)
        ('逾期天数', 'dpd')
    """
    if key not in LABELS:
        raise InvalidInputError(f"column must be one of the keys of LABELS; got {key!r}")
    english, chinese = LABELS[key]
    if Language.parse(language) is Language.ZH:
        return chinese
    if keys:
        return key
    return SHORT_LABELS.get(key, english) if short else english


def display_width(text: str) -> int:
    """The columns `text` takes in a terminal: wide (CJK) characters take two.

    Examples:
        >>> display_width("due date"), display_width("还款日")
        (8, 6)
    """
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _justify(text: str, width: int, left: bool) -> str:
    padding = " " * (width - display_width(text))
    return text + padding if left else padding + text


def render_text(
    header: Sequence[str], rows: Sequence[Sequence[str]], *, left: Sequence[bool] = ()
) -> str:
    """A plain-text table: a header, a rule, and right-aligned cells.

    Widths count wide characters twice, so Chinese headers line up.

    Args:
        header: the column labels.
        rows: the cells, as text, one sequence per row.
        left: per column, True to align left (text columns); right otherwise.

    Examples:
        >>> print(render_text(["no", "amount"], [["1", "10.00"], ["2", "5.50"]]))
        no  amount
        --  ------
         1   10.00
         2    5.50
    """
    lines = [list(header), *(list(row) for row in rows)]
    widths = [max(display_width(line[i]) for line in lines) for i in range(len(header))]
    aligns = [bool(left[i]) if i < len(left) else False for i in range(len(header))]
    out = [
        "  ".join(
            _justify(cell, width, align)
            for cell, width, align in zip(line, widths, aligns, strict=True)
        ).rstrip()
        for line in lines
    ]
    out.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(out)
