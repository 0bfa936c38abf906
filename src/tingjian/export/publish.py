"""Where a run writes and how its episode appears: a lock per episode folder, a private
staging folder per run, and one swap that puts the finished folder in place.

Two runs making the same episode never share a file: each renders into its own
staging folder beside the output, and the lock makes the second wait, after
which it finds the episode already made.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from .manifest import read_manifest

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt


class EpisodeLock:
    """An exclusive lock on one episode folder, held through a lock file beside it.

    The operating system releases it when the process ends, however it ends, so
    a killed run never leaves a stale lock; a released lock removes its file.
    """

    def __init__(self, output_dir: Path, slug: str) -> None:
        self.path = output_dir / f".{slug}.lock"
        self._fd: int | None = None

    def try_acquire(self) -> bool:
        """Take the lock if no other run holds it; True when taken."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:  # pragma: no cover - Windows
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            # The holder before us removes the file as it lets go: a lock on that removed
            # file would be no lock at all, so it must still be the file at the path.
            if os.fstat(fd).st_ino != os.stat(self.path).st_ino:
                raise OSError("lock file replaced")
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        """Remove the lock file and let the next run in."""
        if self._fd is not None:
            with contextlib.suppress(OSError):  # Windows cannot remove an open file: it stays
                self.path.unlink()
            os.close(self._fd)  # closing the descriptor drops the lock
            self._fd = None


def new_stage(output_dir: Path, slug: str) -> Path:
    """A private, empty staging folder for one run, on the output's file system
    (so the finished folder can be renamed into place)."""
    output_dir.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{slug}.", suffix=".part", dir=output_dir))
    # mkdtemp makes it private (0700); the published folder is an ordinary one for the user's umask.
    umask = os.umask(0)
    os.umask(umask)
    stage.chmod(0o777 & ~umask)
    return stage


def remove_leftovers(output_dir: Path, slug: str) -> None:
    """Staging folders of runs of this episode that were killed outright (call with the lock held)."""
    for pattern in (f".{slug}.*.part", f".{slug}.*.old"):
        for path in output_dir.glob(pattern):
            shutil.rmtree(path, ignore_errors=True)


def publish(stage: Path, folder: Path) -> None:
    """Put the finished `stage` folder in place of `folder` (call with the lock held).

    Files in the old folder that no tingjian run made (a user's notes) move
    along; the previous episode's files go. Readers see the old folder or the
    new one, never a mix.
    """
    if folder.exists():
        previous = read_manifest(folder)
        ours = {name.split("/")[0] for name in previous.files.values()} if previous else set()
        for entry in folder.iterdir():
            if entry.name not in ours and not (stage / entry.name).exists():
                os.replace(entry, stage / entry.name)
        old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".old", dir=folder.parent))
        os.replace(folder, old / folder.name)
        try:
            os.replace(stage, folder)
        except BaseException:
            os.replace(old / folder.name, folder)
            raise
        finally:
            shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(stage, folder)
