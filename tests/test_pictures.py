"""`make pictures` draws the docs' pictures (scripts/pictures.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "pictures.py"


class TestPictures:
    def test_draws_every_picture_of_the_docs(self, tmp_path: Path) -> None:
        spec = importlib.util.spec_from_file_location("pictures", SCRIPT)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        written = module.build(tmp_path)
        names = [
            "schedule.png",
            "comparison.png",
            "statement.png",
            "comparison-zh.png",
            "statement-zh.png",
        ]
        assert [path.name for path in written] == names
        for path in written:
            assert path.read_bytes().startswith(b"\x89PNG")
            assert (SCRIPT.parent.parent / "docs" / "img" / path.name).exists()
        # the letters and tables are rendered by headless Chromium, in make pictures only
        for name in [*module.letter_pages(), *module.table_pages()]:
            assert (
                (SCRIPT.parent.parent / "docs" / "img" / name).read_bytes().startswith(b"\x89PNG")
            )
