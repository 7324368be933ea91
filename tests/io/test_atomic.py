"""Writing a file whole or not at all, and where the user expects it."""

from __future__ import annotations

import os
import stat

import pytest

from iivboard.io import atomic


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_failed_write_leaves_the_old_file_and_no_stray(tmp_path):
    target = tmp_path / "settings.toml"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), atomic.atomic_open(target, private=False) as out:
        out.write(b"half of the new")
        raise RuntimeError("disk full, say")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.toml"]


def test_private_files_are_0600_and_shared_ones_keep_their_mode(tmp_path):
    private = atomic.write_text(tmp_path / "export.csv", "name\nAda\n")
    assert mode(private) == 0o600
    shared = tmp_path / "questions.toml"
    shared.write_text("old")
    os.chmod(shared, 0o640)
    atomic.write_text(shared, "new", private=False)
    assert shared.read_text() == "new" and mode(shared) == 0o640


def test_a_symlinked_file_is_written_through_its_link(tmp_path):
    # A question bank kept in a dotfiles repo and linked into the settings folder.
    real = tmp_path / "dotfiles" / "questions.toml"
    real.parent.mkdir()
    real.write_text("old")
    os.chmod(real, 0o600)
    link = tmp_path / "questions.toml"
    link.symlink_to(real)
    atomic.write_text(link, "new", private=False)
    assert link.is_symlink()
    assert real.read_text() == "new" and mode(real) == 0o600
