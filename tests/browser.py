"""A real Chromium for the browser tests (Debian's chromium + chromium-driver, driven by Selenium).

Import the fixture into a test module: ``from browser import browser  # noqa: F401``. It skips,
saying why, where no browser is installed (scripts/test.sh installs both packages).
"""
import os
import shutil
import tempfile
import time

import pytest

FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--autoplay-policy=no-user-gesture-required", "--window-size=1280,800")


def chromium_paths():
    """(chromium, chromedriver) on this machine, either None when missing."""
    chromium = os.environ.get("BACKPROP_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
    return chromium, driver


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module, with a fresh profile."""
    chromium, driver = chromium_paths()
    if not chromium or not driver:
        pytest.skip("no browser installed: apt-get install chromium chromium-driver (scripts/test.sh does it)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium missing: pip install -e '.[test]'")
    from selenium.webdriver.chrome.service import Service
    profile = tempfile.mkdtemp(prefix="backprop-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(arg)
    b = webdriver.Chrome(service=Service(driver), options=options)
    yield b
    b.quit()
    shutil.rmtree(profile, ignore_errors=True)


def until(check, timeout=10.0) -> bool:
    """Poll ``check()`` until it is true (True) or the time is up (False)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.1)
    return False


def wait(b, js, timeout=15.0):
    """Poll a JS expression in the browser until it is truthy; returns its value (or False)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = b.execute_script(f"return ({js});")
        if value:
            return value
        time.sleep(0.05)
    return False
