"""Portfolio: every account of a book at once, a summary row each.

`run` states every account (and screens its offers) over every core, from
DataFrames, Arrow tables, iterables of dicts or files, and writes one row per
account; `partition` is the same computation on one pandas DataFrame, for
Dask's ``map_partitions`` (`run_dask`) and Spark's ``mapInPandas``.

Imports the negotiation layer and those below it; the surfaces (the command
line) import it. pandas, pyarrow, dask and tqdm are optional extras, imported
when used.
"""

from reschedule.portfolio._account import (
    LOAN_FIELDS,
    OFFER_FIELDS,
    OPERATIONS,
    REQUIRED,
    STATEMENT_COLUMNS,
    Offer,
    OfferLike,
    Options,
    Settings,
    columns,
    evaluate,
    loan_of,
    parse_offers,
)
from reschedule.portfolio._dask import meta, partition, run_dask, with_payments
from reschedule.portfolio._read import FILE_FORMATS, group_payments, read_rows
from reschedule.portfolio._run import Results, RunOptions, Summary, run

__all__ = [
    "run",
    "RunOptions",
    "Options",
    "Results",
    "Summary",
    "partition",
    "run_dask",
    "with_payments",
    "meta",
    "Offer",
    "OfferLike",
    "parse_offers",
    "FILE_FORMATS",
    "LOAN_FIELDS",
    "OFFER_FIELDS",
    "OPERATIONS",
    "REQUIRED",
    "STATEMENT_COLUMNS",
    "Settings",
    "columns",
    "evaluate",
    "loan_of",
    "group_payments",
    "read_rows",
]
