"""Issue 16: the HTML report of the fixture article in a real browser (headless Chromium driven by selenium).

Asserted from the live DOM: one mark per finding at exactly its text, filters that hide and show marks (by mouse
and by keyboard), the note on hover and on focus, a click on a name spelling that scrolls to it, no console
error (a wrong CSP hash would block the script and say so there), no network request, the page without
JavaScript. A screenshot is saved as a test artifact: in ``$TQCHECK_ARTIFACTS`` when set, else in pytest's
temporary folder. Skipped, with the reason, where selenium, Chromium or its driver is missing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tqcheck.report.html import shown_span

from . import chromium
from .test_issue15_helpers import err, out, run

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "article-kuwait.txt"
_BROWSER, _DRIVER, WHY = chromium.find()
pytestmark = pytest.mark.skipif(bool(WHY), reason=WHY)

# The findings' texts and marks as the page holds them, read in one script.
MARKS_JS = """
const out = {};
for (const m of document.querySelectorAll('mark[data-f]')) {
  const k = m.getAttribute('data-f');
  (out[k] = out[k] || {text: '', parts: 0, first: null});
  out[k].text += m.textContent;
  out[k].parts += 1;
  if (m.id === 'm' + k) out[k].first = m.getAttribute('aria-describedby');
}
return out;
"""
IN_VIEW_JS = """
const r = arguments[0].getBoundingClientRect();
return r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth;
"""


def _offsets(text: str, line: int, column: int) -> int:
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return starts[line - 1] + column - 1


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Path, list[dict]]:
    where = tmp_path_factory.mktemp("html")
    target = where / "report.html"
    article = "fixtures/article-kuwait.txt"  # named as a user in the repository names it (the screenshot shows it)
    proc = run("-f", "html", "-o", str(target), "--isolated", article, cwd=ROOT)
    assert proc.returncode == 1 and target.exists(), err(proc)
    findings = json.loads(out(run("-f", "json", "--isolated", article, cwd=ROOT)))["findings"]
    return target, findings


@pytest.fixture(scope="module")
def browser(report):
    driver = chromium.make_driver(1400, 900)
    try:
        driver.get(report[0].as_uri())
        yield driver
    finally:
        driver.quit()


def _visible_notes(driver) -> int:
    return driver.execute_script(
        "return [...document.querySelectorAll('li.note')].filter(n => getComputedStyle(n).display !== 'none').length"
    )


def test_one_mark_per_finding_at_its_exact_text(browser, report):
    _, findings = report
    raw = FIXTURE.read_text(encoding="utf-8")
    marks = browser.execute_script(MARKS_JS)
    assert len(marks) == len(findings) == 15
    for n, f in enumerate(findings, 1):
        start = _offsets(raw, f["line"], f["column"])
        end = _offsets(raw, f["end_line"], f["end_column"])
        got = marks[f"1-{n}"]
        assert got["text"] == shown_span(raw[start:end]) == f.get("match", got["text"]), f
        assert got["parts"] == 1 and got["first"] == f"note-1-{n}"
        note = browser.find_element("id", f"note-1-{n}")
        assert f["message"] in note.text.replace("\n", " ") and f["rule"] in note.text


def test_filters_hide_and_show_marks(browser, report):
    info_box = browser.find_element("css selector", 'input[data-group="s"][value="info"]')
    info_mark = browser.find_element("css selector", 'mark[data-s="info"]')
    error_mark = browser.find_element("css selector", 'mark[data-s="error"]')
    background = "return getComputedStyle(arguments[0]).backgroundColor"
    assert browser.execute_script(background, info_mark) != "rgba(0, 0, 0, 0)"
    assert _visible_notes(browser) == 15
    info_box.click()
    assert "off" in info_mark.get_attribute("class").split()
    assert browser.execute_script(background, info_mark) == "rgba(0, 0, 0, 0)"
    assert info_mark.text and info_mark.is_displayed()  # the text stays; only the mark goes
    assert info_mark.get_attribute("tabindex") == "-1"  # and it is no tab stop while hidden
    assert browser.execute_script(background, error_mark) != "rgba(0, 0, 0, 0)"
    assert _visible_notes(browser) == 10
    assert browser.find_element("id", "tq-status").text == "10 von 15 Befunden sichtbar"
    rule_box = browser.find_element("css selector", 'input[data-group="r"][value="name_variants"]')
    rule_box.click()
    assert _visible_notes(browser) == 4
    info_box.click()
    rule_box.click()
    assert _visible_notes(browser) == 15
    assert browser.execute_script(background, info_mark) != "rgba(0, 0, 0, 0)"
    browser.find_element("id", "tq-only-errors").click()
    assert _visible_notes(browser) == 3
    browser.find_element("id", "tq-show-all").click()
    assert _visible_notes(browser) == 15


def test_the_panel_works_by_keyboard(browser, report):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    browser.get(report[0].as_uri())  # fresh: Tab starts at the top of the page
    keys = ActionChains(browser)
    keys.send_keys(Keys.TAB).perform()  # the first stop: "Nur Fehler"
    assert browser.switch_to.active_element.get_attribute("id") == "tq-only-errors"
    keys.send_keys(Keys.ENTER).perform()
    assert _visible_notes(browser) == 3
    ActionChains(browser).send_keys(Keys.TAB, Keys.ENTER).perform()  # "Alle zeigen"
    assert _visible_notes(browser) == 15
    ActionChains(browser).send_keys(Keys.TAB, Keys.SPACE).perform()  # the first check box: Fehler
    box = browser.switch_to.active_element
    assert box.get_attribute("value") == "error" and not box.is_selected()
    assert _visible_notes(browser) == 12
    ActionChains(browser).send_keys(Keys.SPACE).perform()
    assert _visible_notes(browser) == 15


def test_the_note_shows_on_hover_and_on_keyboard_focus(browser):
    from selenium.webdriver.common.action_chains import ActionChains

    tip = browser.find_element("id", "tq-tip")
    mark = browser.find_element("id", "m1-2")  # Ministerentnahme
    ActionChains(browser).move_to_element(mark).perform()
    assert tip.is_displayed() and "kein deutsches Wort" in tip.text and "Ministertreffen" in tip.text
    ActionChains(browser).move_by_offset(0, 400).perform()
    browser.execute_script("arguments[0].focus()", browser.find_element("id", "m1-5"))  # Pressendienst
    assert tip.is_displayed() and "falsche Fuge" in tip.text
    assert browser.find_element("id", "note-1-5").get_attribute("class").split()[-1] == "current"
    browser.execute_script("document.activeElement.blur()")
    assert not tip.is_displayed()


def test_clicking_a_name_spelling_scrolls_to_it(browser):
    link = browser.find_element("css selector", 'a.place[href="#m1-1"]')  # Attleu, line 4
    target = browser.find_element("id", "m1-1")
    browser.execute_script("arguments[0].scrollIntoView({block: 'end'})", link)
    assert not browser.execute_script(IN_VIEW_JS, target), "the mark must start out of view"
    link.click()
    assert browser.execute_script(IN_VIEW_JS, target)
    assert browser.switch_to.active_element.get_attribute("id") == "m1-1"
    claim = browser.find_element("css selector", 'table.claims a[href="#m1-10"]')
    browser.execute_script("window.scrollTo(0, 0)")
    claim.click()
    assert browser.switch_to.active_element.get_attribute("id") == "m1-10"


def test_colours_pass_wcag_aa_as_rendered(browser):
    pairs = browser.execute_script(
        """
        const out = [];
        for (const sel of ['mark.s-error', 'mark.s-warning', 'mark.s-info', '.badge.s-error', '.badge.s-warning',
                           '.badge.s-info', '.note .where', 'p.text', 'a.ref']) {
          const el = document.querySelector(sel);
          let bg = getComputedStyle(el).backgroundColor, up = el;
          while (bg === 'rgba(0, 0, 0, 0)' && up.parentElement) { up = up.parentElement; bg = getComputedStyle(up).backgroundColor; }
          out.push([sel, getComputedStyle(el).color, bg === 'rgba(0, 0, 0, 0)' ? 'rgb(255, 255, 255)' : bg]);
        }
        return out;
        """
    )

    def lum(css: str) -> float:
        r, g, b = (int(float(x)) / 255 for x in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    for sel, fg, bg in pairs:
        hi, lo = sorted((lum(fg), lum(bg)), reverse=True)
        assert (hi + 0.05) / (lo + 0.05) >= 4.5, (sel, fg, bg)


def test_no_console_errors_no_network_and_a_screenshot(browser, report, tmp_path):
    browser.get(report[0].as_uri())  # once more, fresh, for the logs of one load
    browser.find_element("css selector", 'input[data-group="s"][value="info"]').click()
    browser.find_element("css selector", 'input[data-group="s"][value="info"]').click()
    logs = browser.get_log("browser")
    assert not [e for e in logs if e["level"] in ("SEVERE", "WARNING")], logs
    requests = [
        json.loads(e["message"])["message"]["params"]["request"]["url"]
        for e in browser.get_log("performance")
        if json.loads(e["message"])["message"]["method"] == "Network.requestWillBeSent"
    ]
    assert requests and set(requests) == {report[0].as_uri()}, requests
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert browser.execute_script("return document.documentElement.className") == "js"  # the script ran
    where = Path(os.environ.get("TQCHECK_ARTIFACTS") or tmp_path)
    where.mkdir(parents=True, exist_ok=True)
    shot = where / "html-report.png"
    browser.execute_script("window.scrollTo(0, 0)")
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(browser).move_to_element(browser.find_element("id", "m1-2")).perform()  # a note on hover
    assert browser.find_element("id", "tq-tip").is_displayed()
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def test_hostile_article_stays_text_in_the_dom(tmp_path):
    article = tmp_path / "feindlich.txt"
    article.write_text(
        "Überschrift ohne Punkt\n\n"
        '<script>document.title="pwned"</script></textarea><img src=x onerror="document.title=1"> '
        "\u202eeniL\u202c \x07 'q' \"qq\" Ministerentnahme &amp;\n",
        encoding="utf-8",
    )
    target = tmp_path / "r.html"
    proc = run("-f", "html", "-o", str(target), "--isolated", str(article), cwd=tmp_path)
    assert target.exists(), err(proc)
    driver = chromium.make_driver(1000, 700)
    try:
        driver.get(target.as_uri())
        assert driver.execute_script("return document.scripts.length") == 1
        assert driver.execute_script("return document.images.length") == 0
        assert driver.title.startswith("tqcheck")
        text = driver.execute_script("return document.querySelectorAll('p.text')[0].textContent")
        assert text.startswith('<script>document.title="pwned"</script></textarea><img src=x onerror=')
        assert "⟨RLO⟩eniL⟨PDF⟩ ␇ 'q' \"qq\" Ministerentnahme &amp;" in text
        assert driver.find_element("css selector", "mark[data-r=lex_ministerentnahme]").text == "Ministerentnahme"
        assert not [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    finally:
        driver.quit()


def test_without_javascript_every_mark_and_note_shows_and_filters_are_absent(report):
    driver = chromium.make_driver(1400, 900, javascript=False)
    try:
        driver.get(report[0].as_uri())
        assert driver.find_element("tag name", "html").get_attribute("class") == "nojs"
        assert _visible_notes(driver) == 15
        marks = driver.find_elements("css selector", "mark[data-f]")
        assert len(marks) == 15 and all(
            m.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)" for m in marks
        )
        boxes = driver.find_elements("css selector", "input[data-group]")
        assert boxes and not any(b.is_displayed() for b in boxes)
        assert not driver.find_element("id", "tq-only-errors").is_displayed()
        assert driver.find_elements("id", "tq-tip") == []
    finally:
        driver.quit()
