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


def test_every_lazily_loaded_name_is_public_and_from_its_layer() -> None:
    # the lazy map, `__all__` and the layers' own `__all__` name the same things:
    # a name loaded on first use is public, and its layer exports it
    import importlib

    layer_of: dict[str, str] = vars(reschedule)["_LAYER_OF"]
    assert set(layer_of) <= set(reschedule.__all__)
    assert set(reschedule.__all__) - set(layer_of) <= {"__version__", "letters", "portfolio"}
    for name, layer in layer_of.items():
        assert name in importlib.import_module(layer).__all__, (name, layer)
