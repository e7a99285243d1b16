"""Nothing half-written: a folder or a text file appears complete or not at all."""

import contextlib
import os
import shutil
import tempfile


@contextlib.contextmanager
def atomic_folder(out_dir, prefix=".tmp-"):
    """Yields a fresh temp folder beside out_dir; when the block ends without an error the temp
    folder replaces out_dir (readable by all), otherwise it is removed and out_dir is untouched."""
    parent = os.path.dirname(os.path.abspath(out_dir))
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(dir=parent, prefix=prefix)
    try:
        yield tmp
        os.chmod(tmp, 0o755)
        if os.path.exists(out_dir):
            shutil.rmtree(out_dir)
        os.replace(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def atomic_write(path, text):
    """Writes a text file through a temp file in the same folder and a rename."""
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=d, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
