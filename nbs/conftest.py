"""pytest settings for the lessons (`pytest --nbval nbs/`).

- A run leaves nothing behind: every temporary file a lesson makes goes into one folder per run,
  which is deleted at the end, whether the checks passed or not.
- The browser lesson needs Chromium. Where none is installed it is skipped, with one line saying
  how to enable it; under CI (`CI=true`) it always runs, so a missing Chromium fails loudly.
"""
import os
import shutil
import tempfile

import pytest

BROWSER_LESSON = "07b_browser.ipynb"
SKIPPED = ("browser lesson nbs/07b_browser.ipynb skipped: no Chromium on PATH; install it to run that lesson "
           "too (Debian/Ubuntu: sudo apt-get install chromium)")


def _chromium():
    "The Chromium the browser lesson would use (it looks the same way), or None."
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _ci():
    return os.environ.get("CI", "").lower() in ("true", "1", "yes")


def pytest_configure(config):
    # Kernels start after this, and inherit TMPDIR: each lesson's tempfile.mkdtemp() lands here.
    config._itty3_tmp = tempfile.mkdtemp(prefix="itty3-tests-")
    config._itty3_old_tmpdir = os.environ.get("TMPDIR")
    os.environ["TMPDIR"] = config._itty3_tmp
    tempfile.tempdir = None  # this process, too, asks again
    config._itty3_browser_skipped = False


def pytest_collection_modifyitems(config, items):
    browser = [item for item in items if item.path.name == BROWSER_LESSON]
    if not browser or _chromium():
        return
    if _ci():  # it must run: its first cell fails and says why; the others would only add NameErrors
        for item in browser[1:]:
            item.add_marker(pytest.mark.skip(reason="no Chromium: see the first cell's failure"))
        return
    config._itty3_browser_skipped = True
    for item in browser:
        item.add_marker(pytest.mark.skip(reason=SKIPPED))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if getattr(config, "_itty3_browser_skipped", False):
        terminalreporter.write_line(SKIPPED, yellow=True)


def pytest_sessionfinish(session, exitstatus):
    config = session.config
    if getattr(config, "_itty3_tmp", None):
        shutil.rmtree(config._itty3_tmp, ignore_errors=True)
        if config._itty3_old_tmpdir is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = config._itty3_old_tmpdir
        tempfile.tempdir = None
