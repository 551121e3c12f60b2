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


def test_the_package_metadata_has_the_version_of_the_package() -> None:
    # one source of truth: the build reads __version__ into the metadata
    from importlib.metadata import version

    assert version("reschedule-loans") == reschedule.__version__ != "0.0.0"
