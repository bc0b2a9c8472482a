"""pytest settings for the lessons (`pytest --nbval nbs/`).

- A run leaves nothing behind: every temporary file a lesson makes goes into one folder per run,
  which is deleted at the end, whether the checks passed or not.
- Two lessons need programs from outside Python: the browser lesson needs Chromium, the deploy
  lesson nginx and openssl. Where one is missing its lesson is skipped, with one line saying how
  to enable it; under CI (`CI=true`) it always runs, so a missing program fails loudly.
"""
import os
import shutil
import tempfile

import pytest


def _chromium():
    "The Chromium the browser lesson would use (it looks the same way), or None."
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _nginx():
    "The nginx the deploy lesson would use (it looks the same way: Debian puts it in /usr/sbin), or None."
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")


# lesson: (what the skip line calls it, {program: how to find it}, the Debian packages that install them)
NEEDS = {
    "07b_browser.ipynb": ("browser lesson", {"Chromium": _chromium}, "chromium"),
    "07c_deploy.ipynb": ("deploy lesson", {"nginx": _nginx, "openssl": lambda: shutil.which("openssl")}, "nginx openssl"),
}


def _missing(lesson):
    "The programs `lesson` needs that this machine lacks."
    return [name for name, find in NEEDS[lesson][1].items() if not find()]


def _skip_line(lesson, missing):
    label, _, packages = NEEDS[lesson]
    return (f"{label} nbs/{lesson} skipped: no {' or '.join(missing)} on PATH; install "
            f"{'it' if len(missing) == 1 else 'them'} to run that lesson too (Debian/Ubuntu: sudo apt-get install {packages})")


def _ci():
    return os.environ.get("CI", "").lower() in ("true", "1", "yes")


def pytest_configure(config):
    # Kernels start after this, and inherit TMPDIR: each lesson's tempfile.mkdtemp() lands here.
    # No bytecode caches in the tree either: kernels and servers inherit this.
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
    config._itty3_tmp = tempfile.mkdtemp(prefix="itty3-tests-")
    config._itty3_old_tmpdir = os.environ.get("TMPDIR")
    os.environ["TMPDIR"] = config._itty3_tmp
    tempfile.tempdir = None  # this process, too, asks again
    config._itty3_skipped = []


def pytest_collection_modifyitems(config, items):
    for lesson in NEEDS:
        cells = [item for item in items if item.path.name == lesson]
        missing = _missing(lesson) if cells else []
        if not missing:
            continue
        if _ci():  # it must run: its first cell fails and says why; the others would only add NameErrors
            for item in cells[1:]:
                item.add_marker(pytest.mark.skip(reason=f"no {' or '.join(missing)}: see the first cell's failure"))
            continue
        config._itty3_skipped.append(_skip_line(lesson, missing))
        for item in cells:
            item.add_marker(pytest.mark.skip(reason=config._itty3_skipped[-1]))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    for line in getattr(config, "_itty3_skipped", []):
        terminalreporter.write_line(line, yellow=True)


def pytest_sessionfinish(session, exitstatus):
    config = session.config
    if getattr(config, "_itty3_tmp", None):
        shutil.rmtree(config._itty3_tmp, ignore_errors=True)
        if config._itty3_old_tmpdir is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = config._itty3_old_tmpdir
        tempfile.tempdir = None
