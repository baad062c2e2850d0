"""A real headless Chromium (Debian's chromium and chromium-driver) driven by selenium.

One browser per test session (starting Chromium costs about a second), a second one with
JavaScript switched off; each test resizes the window it needs and starts from a clean
slate (cookies cleared). `axe` runs axe-core (shipped inside axe-selenium-python) on the page
for WCAG 2.1 A and AA. `requests_made` reads the browser's performance log: every URL the
page asked for, to show that none went to another host.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM = Path("/usr/bin/chromium")
INSTALL_HINT = "run `make browser` (as root) or `sudo apt-get install chromium chromium-driver`"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
)
WCAG_21_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
PHONE = (320, 640)
DESKTOP = (1280, 900)


def available() -> tuple[bool, str]:
    for path in (CHROMEDRIVER, CHROMIUM):
        if not path.exists():
            return False, f"{path} not found: {INSTALL_HINT}"
    return True, ""


@dataclass
class Browser:
    driver: webdriver.Chrome
    javascript: bool
    profile: Path
    _axe: Axe | None = field(default=None, repr=False)

    def open(self, url: str, size: tuple[int, int] | None = None) -> None:
        if size is not None:
            self.resize(size)
        self.driver.get(url)

    def resize(self, size: tuple[int, int]) -> None:
        """The viewport in CSS pixels, as a phone's: a desktop window has a minimum width
        (500 px in headless Chromium) that would hide a 320 px layout's faults."""
        width, height = size
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
        )

    def fresh(self) -> None:
        """Forget cookies and the performance log: each test starts as a new visitor."""
        self.driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
        self.driver.get_log("performance")

    def find(self, css: str) -> WebElement:
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def wait_for(self, css: str, text: str, seconds: float = 10) -> WebElement:
        """The element once it shows `text`: after a click, the next page has come."""
        WebDriverWait(
            self.driver, seconds, ignored_exceptions=[StaleElementReferenceException]
        ).until(expected_conditions.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))
        return self.find(css)

    def find_all(self, css: str) -> list[WebElement]:
        return list(self.driver.find_elements(By.CSS_SELECTOR, css))

    @property
    def title(self) -> str:
        return str(self.driver.title)

    def text(self) -> str:
        return str(self.find("body").text)

    def focused(self) -> WebElement:
        return self.driver.switch_to.active_element

    def axe(self) -> list[dict[str, Any]]:
        """axe-core's WCAG 2.1 A and AA violations on the page as it is now."""
        if not self.javascript:
            raise RuntimeError("axe-core needs JavaScript: use the `browser` fixture")
        # A page still loading (after a form's redirect) swaps its nodes under axe's feet:
        # "Node with given id does not belong to the document" on a busy machine.
        WebDriverWait(self.driver, 30).until(
            lambda driver: driver.execute_script("return document.readyState") == "complete"
        )
        if self._axe is None:
            self._axe = Axe(self.driver)
        self._axe.inject()
        # The tags this axe-core knows: the one axe-selenium-python ships (3.1) has rules
        # tagged wcag21aa but none wcag21a, and refuses a tag it has no rule for. Only the
        # violations come back, as JSON: the whole result is slow for WebDriver to carry.
        answer = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "const known = new Set([].concat(...axe.getRules().map(r => r.tags)));"
            f"const tags = {json.dumps(list(WCAG_21_AA))}.filter(t => known.has(t));"
            "axe.run(document, {runOnly: {type: 'tag', values: tags}})"
            ".then(r => done(JSON.stringify(r.violations)))"
            ".catch(e => done(JSON.stringify({error: String(e)})));"
        )
        violations = json.loads(answer)
        if isinstance(violations, dict):
            raise RuntimeError(f"axe-core failed: {violations['error']}")
        return list(violations)

    def requests_made(self) -> list[str]:
        """Every URL requested since the last call (the page, its CSS, icons, anything)."""
        urls = []
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                urls.append(str(message["params"]["request"]["url"]))
        return urls


def report(violations: list[dict[str, Any]]) -> str:
    """axe's violations in a line each, for an assertion message."""
    return "\n".join(
        f"{v['id']} ({v.get('impact')}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v.get("nodes", []))
        for v in violations
    )


@contextmanager
def chromium(*, javascript: bool = True) -> Iterator[Browser]:
    profile = Path(tempfile.mkdtemp(prefix="chromium-profile-"))
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument("--lang=da")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    try:
        yield Browser(driver=driver, javascript=javascript, profile=profile)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
