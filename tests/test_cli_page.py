"""The command line's page runs as written: every ``$ reschedule ...`` command of its
``console`` blocks runs in a shell (the installed console script, or ``python -m
reschedule`` where the package is not installed), and what it prints, standard output
and standard error as a terminal shows them, is the output under it on the page, to the
character but for trailing whitespace. So the page cannot drift from the command."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

import pytest

PAGE = Path(__file__).parents[1] / "docs" / "cli.md"

_HEREDOC = re.compile(r"<<-?\s*'?([A-Za-z_]+)'?\s*$")


class Example(NamedTuple):
    """A command of the page and the output printed under it."""

    line: int
    command: str
    output: str


def examples(text: str) -> list[Example]:
    """Every command of the page's ``console`` blocks, each with the lines under it up to
    the next command or the end of the block; a here-document belongs to its command."""
    found: list[Example] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        if lines[index].strip() != "```console":
            index += 1
            continue
        index += 1
        while index < len(lines) and lines[index].strip() != "```":
            start = index
            if not lines[index].startswith("$ "):
                raise AssertionError(f"line {index + 1}: output with no command above it")
            command = [lines[index].removeprefix("$ ")]
            index += 1
            heredoc = _HEREDOC.search(command[0])
            if heredoc:  # the document, up to its terminator
                while lines[index] != heredoc.group(1):
                    command.append(lines[index])
                    index += 1
                command.append(lines[index])
                index += 1
            output = []
            while index < len(lines) and not lines[index].startswith(("$ ", "```")):
                output.append(lines[index])
                index += 1
            found.append(Example(start + 1, "\n".join(command), "\n".join(output)))
        index += 1
    return found


def shell(command: str, directory: Path) -> str:
    """What `command` prints in bash, standard output and standard error together."""
    script = Path(sys.executable).with_name("reschedule")
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    if script.exists():
        environment["PATH"] = f"{script.parent}{os.pathsep}{environment.get('PATH', '')}"
        prelude = ""
    else:
        prelude = f'reschedule() {{ "{sys.executable}" -m reschedule "$@"; }}\n'
    done = subprocess.run(
        ["bash", "-c", prelude + command],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=directory,
        env=environment,
        timeout=60,
        check=False,
    )
    return done.stdout.decode("utf-8")


def _trimmed(text: str) -> str:
    """The text without trailing whitespace, on each line and at the end."""
    return "\n".join(line.rstrip() for line in text.splitlines()).rstrip()


def update(page: Path = PAGE) -> None:
    """Write under each command of `page` what it prints now
    (``python -m tests.test_cli_page``, after a change to what a command prints)."""
    lines = page.read_text("utf-8").splitlines()
    found = {example.line: example for example in examples("\n".join(lines))}
    written: list[str] = []
    index = 0
    with tempfile.TemporaryDirectory() as directory:
        while index < len(lines):
            example = found.get(index + 1)
            if example is None:
                written.append(lines[index])
                index += 1
                continue
            size = example.command.count("\n") + 1
            written += lines[index : index + size]
            index += size + (example.output.count("\n") + 1 if example.output else 0)
            printed = _trimmed(shell(example.command, Path(directory)))
            written += printed.split("\n") if printed else []
    page.write_text("\n".join(written) + "\n", "utf-8")


EXAMPLES = examples(PAGE.read_text("utf-8"))


@pytest.mark.skipif(shutil.which("bash") is None, reason="the page's commands are bash")
@pytest.mark.parametrize("example", EXAMPLES, ids=[f"line {e.line}" for e in EXAMPLES])
def test_the_command_prints_what_the_page_shows(example: Example, tmp_path: Path) -> None:
    printed = _trimmed(shell(example.command, tmp_path))
    assert printed == _trimmed(example.output), (
        f"docs/cli.md line {example.line}: the command prints other than the page shows; "
        "if the change is meant, python -m tests.test_cli_page writes it into the page"
    )


def test_the_page_shows_the_commands() -> None:
    # the page speaks shell: every command runs reschedule, and no doctest drives main()
    assert len(EXAMPLES) >= 10
    for example in EXAMPLES:
        assert re.match(r"reschedule\b", example.command), example
    assert "main([" not in PAGE.read_text("utf-8")


class TestTheReader:
    PAGE = "\n".join(
        [
            "text",
            "```console",
            "$ reschedule --version",
            "reschedule-loans 9",
            "$ reschedule statement - <<'EOF'",
            '{"a": 1}',
            "EOF",
            "answer",
            "",
            "```",
            "```console",
            "$ reschedule demo",
            "```",
        ]
    )

    def test_commands_outputs_and_documents(self) -> None:
        assert examples(self.PAGE) == [
            Example(3, "reschedule --version", "reschedule-loans 9"),
            Example(5, "reschedule statement - <<'EOF'\n{\"a\": 1}\nEOF", "answer\n"),
            Example(12, "reschedule demo", ""),
        ]

    def test_output_without_a_command(self) -> None:
        with pytest.raises(AssertionError, match="line 2: output with no command"):
            examples("```console\nanswer\n```")

    def test_update_writes_what_the_commands_print(self, tmp_path: Path) -> None:
        page = tmp_path / "page.md"
        page.write_text("a\n```console\n$ reschedule --version\nold\nlines\n```\nb\n", "utf-8")
        update(page)
        printed = shell("reschedule --version", tmp_path)
        assert (
            page.read_text("utf-8") == f"a\n```console\n$ reschedule --version\n{printed}```\nb\n"
        )

    def test_only_trailing_whitespace_is_forgiven(self) -> None:
        assert _trimmed("a  \nb\t\n\n") == _trimmed("a\nb")
        assert _trimmed(" a") != _trimmed("a")
        assert _trimmed("a\n\nb") != _trimmed("a\nb")


if __name__ == "__main__":
    update()
