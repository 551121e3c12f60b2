"""The portfolio on Spark: `partition` under mapInPandas gives the local run's rows.

Runs where pyspark and a Java runtime are installed; skipped, saying which is
missing, otherwise."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from reschedule import portfolio

pandas = pytest.importorskip("pandas")
pyspark_sql = pytest.importorskip(
    "pyspark.sql", reason="pyspark is not installed (pip install pyspark, with a Java runtime)"
)
if shutil.which("java") is None:
    pytest.skip("pyspark needs a Java runtime, and none is on PATH", allow_module_level=True)

from tests.test_portfolio import ACCOUNTS, AS_OF, OFFERS, PAYMENTS  # noqa: E402


def compute(frames: Iterator[Any]) -> Iterator[Any]:
    for frame in frames:
        rows = portfolio.partition(frame, as_of=AS_OF, offers=OFFERS)
        yield rows.astype(object).map(lambda value: None if pandas.isna(value) else str(value))


def test_map_in_pandas_gives_the_local_rows() -> None:
    spark = pyspark_sql.SparkSession.builder.master("local[2]").getOrCreate()
    try:
        accounts = portfolio.with_payments(pandas.DataFrame(ACCOUNTS), pandas.DataFrame(PAYMENTS))
        accounts = accounts.astype(str).where(accounts.notna(), None)
        names = portfolio.columns(portfolio.Settings.of(AS_OF, offers=OFFERS))
        schema = ", ".join(f"`{name}` string" for name in names)
        rows = spark.createDataFrame(accounts).mapInPandas(compute, schema).toPandas()
    finally:
        spark.stop()
    expected = portfolio.run(ACCOUNTS, PAYMENTS, as_of=AS_OF, offers=OFFERS, workers=1)
    got = {row["id"]: row for row in rows.to_dict("records")}
    for row in expected:
        for name, value in row.items():
            assert got[row["id"]][name] == (None if value is None else str(value)), name
