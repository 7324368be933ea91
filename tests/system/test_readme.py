"""The README's promises about itself: CI runs exactly the test command it gives."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def shell_blocks(text: str) -> list[str]:
    blocks, inside, current = [], False, []
    for line in text.splitlines():
        if line.startswith("```"):
            if inside:
                blocks.append("\n".join(current))
            inside, current = line.strip() == "```sh", []
        elif inside:
            current.append(line)
    return blocks


def test_ci_runs_exactly_the_readme_test_command():
    blocks = shell_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    install_and_open, run_tests = blocks[0], blocks[1]
    assert "iivboard --demo" in install_and_open
    assert run_tests.strip() in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
