"""Headless Chromium through selenium, for the HTML report's browser test and ``bench/html_report.py``.

Only the Debian packages are used (``chromium`` and ``chromium-driver``, which ``.ci/run`` installs when it can):
the driver path is given to selenium explicitly, so Selenium Manager never tries to download a browser.
"""

from __future__ import annotations

import os
import shutil

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
DRIVERS = ("chromedriver",)


def find() -> tuple[str | None, str | None, str]:
    """(browser, driver, why-not): the paths of a Chromium and its driver, or the reason there is none."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return None, None, "selenium is not installed (pip install -e '.[test]')"
    browser = os.environ.get("TQCHECK_CHROMIUM") or next(filter(None, map(shutil.which, BROWSERS)), None)
    driver = os.environ.get("TQCHECK_CHROMEDRIVER") or next(filter(None, map(shutil.which, DRIVERS)), None)
    if browser is None or driver is None:
        missing = " and ".join(n for n, p in (("chromium", browser), ("chromedriver", driver)) if p is None)
        return (
            browser,
            driver,
            f"no headless browser: {missing} not found (Debian: apt-get install chromium chromium-driver; "
            ".ci/run installs them when run as root)",
        )
    return browser, driver, ""


def make_driver(width: int = 1400, height: int = 900, *, javascript: bool = True):
    """A headless Chromium with browser-console and network logging, at ``width`` × ``height``; with
    ``javascript=False`` scripts are off, as in a mail client or a locked-down viewer."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver, why = find()
    if why:
        raise RuntimeError(why)
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for arg in (
        "--headless=new",
        "--no-sandbox",  # root in a container has no user namespace for the sandbox
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        f"--window-size={width},{height}",
    ):
        options.add_argument(arg)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=driver), options=options)
