"""`from reschedule import *` gives exactly `__all__` (python-dateutil's test)."""

import reschedule


def test_import_star_gives_exactly_all() -> None:
    namespace: dict[str, object] = {}
    exec("from reschedule import *", namespace)
    namespace.pop("__builtins__")
    assert set(namespace) == set(reschedule.__all__)


def test_all_names_exist_and_are_unique() -> None:
    assert len(reschedule.__all__) == len(set(reschedule.__all__))
    for name in reschedule.__all__:
        assert hasattr(reschedule, name), name


def test_version_comes_from_the_package_metadata() -> None:
    assert reschedule.__version__ != "0.0.0"
