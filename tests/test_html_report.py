"""Issue 16: ``--format html``, checked without a browser (the browser test is test_html_browser.py).

The page is parsed back with the standard library's HTML parser, which tokenises as a browser does for this
subset: a mark's text is what a DOM's ``textContent`` would be, and a ``<script>`` the article smuggled in would
show up as a second script element.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tqcheck.document import Document
from tqcheck.engine import FileResult, place
from tqcheck.model import Finding, Severity
from tqcheck.report import Run, merge_same_place, render
from tqcheck.report import html as html_mod
from tqcheck.runner import Options, resolve_config, run_checks

from .test_issue15_helpers import err, out, run
from .test_reporters import _chdir, _hostile_run

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "article-kuwait.txt"
MARKDOWN = ROOT / "fixtures" / "markdown" / "kuwait-treffen.md"
CSS = html_mod.TEMPLATES / "report.css"


class Page(HTMLParser):
    """What the tests read from a page: each finding's mark parts and their text, elements, attributes, texts."""

    VOID = {"meta", "link", "br", "input", "img", "hr", "wbr", "col", "area", "base", "source"}

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.parts: dict[str, list[dict]] = {}
        self.mark_text: dict[str, str] = {}
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.ids: list[str] = []
        self.text_by_tag: dict[str, list[str]] = {}
        self._raw: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "mark" and "data-f" in a:
            self.parts.setdefault(a["data-f"], []).append(a)
            self.mark_text.setdefault(a["data-f"], "")
        if tag in ("script", "style"):
            self._raw = ""
        if tag not in self.VOID:
            self.stack.append((tag, a))

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._raw is not None:
            (self.scripts if tag == "script" else self.styles).append(self._raw)
            self._raw = None
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        if self._raw is not None:
            self._raw += data
            return
        for tag, a in self.stack:
            if tag == "mark" and "data-f" in a:
                self.mark_text[a["data-f"]] += data
            self.text_by_tag.setdefault(a.get("class", tag), []).append(data)

    def texts(self, cls: str) -> str:
        return "".join(self.text_by_tag.get(cls, []))


@pytest.fixture(scope="module")
def config():
    return resolve_config(Options(no_config=True))


def _run_of(config, paths: list[str], **opts) -> Run:
    with _chdir(ROOT):
        results = run_checks(config, Options(paths=paths, no_config=True, **opts))
    order = {rid: i for i, rid in enumerate(config.rules)}
    for r in results:  # as the app does before any report: one finding per place
        r.findings = merge_same_place(r.findings, order)
    return Run(results=results, config=config, signature="tqcheck:test|rules:abc|n:1|fail_on:error")


@pytest.fixture(scope="module")
def kuwait(config) -> tuple[Run, str]:
    run_ = _run_of(config, ["fixtures/article-kuwait.txt"])
    return run_, render("html", run_)


def _assert_marks_match(run_: Run, page: Page) -> None:
    """One group of marks per finding, its text exactly the finding's span (line breaks left out)."""
    expected = {}
    for k, res in enumerate(run_.results, 1):
        for n, f in enumerate(res.findings, 1):
            expected[f"{k}-{n}"] = html_mod.shown_span(res.document.raw[f.start : f.end])
    assert set(page.parts) == set(expected)
    for key, text in expected.items():
        assert page.mark_text[key] == text, key
        firsts = [p for p in page.parts[key] if p.get("id") == f"m{key}"]
        assert len(firsts) == 1 and firsts[0].get("tabindex") == "0"
        assert all(p["aria-describedby"] == f"note-{key}" for p in page.parts[key])
        assert f"note-{key}" in page.ids


def test_every_finding_of_the_fixture_is_one_mark_at_its_exact_text(kuwait):
    run_, text = kuwait
    page = Page(text)
    _assert_marks_match(run_, page)
    assert len(page.parts) == len(run_.findings) == 15
    assert all(len(parts) == 1 for parts in page.parts.values())  # nothing in the fixture crosses
    # colour by severity: each mark's class names its finding's severity
    sev = {f"1-{n}": str(f.severity) for n, f in enumerate(run_.results[0].findings, 1)}
    assert all(f"s-{sev[k]}" in p[0]["class"].split() for k, p in page.parts.items())
    # nested, not split: the numeric claim "mehr als 46 Billionen US-Dollar" holds the magnitude warning
    assert "<mark" in text.split("mehr als ", 2)[2].split("</mark>")[0]


def test_headline_paragraphs_and_notes(kuwait):
    run_, text = kuwait
    page = Page(text)
    headlines = [a for t, a in page.elements if t == "h3" and a.get("class") == "text"]
    assert len(headlines) == 1
    assert sum(1 for t, a in page.elements if t == "p" and a.get("class") == "text") == 9  # 10 lines, one the headline
    notes = [a for t, a in page.elements if t == "li" and "note" in a.get("class", "").split()]
    assert [a["value"] for a in notes] == [str(n) for n in range(1, 16)]
    assert "Ministertreffen" in page.texts("sugg")
    assert "auch case_allcaps_name" in page.texts("msg")


def test_self_contained_and_csp_hashes_the_exact_inline_bytes(kuwait):
    _, text = kuwait
    page = Page(text)
    assert len(page.scripts) == 1 and len(page.styles) == 1
    csp = next(
        a["content"] for t, a in page.elements if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in csp
    assert f"script-src {html_mod.csp_hash(page.scripts[0])};" in csp
    assert f"style-src {html_mod.csp_hash(page.styles[0])};" in csp
    assert page.scripts[0] == (html_mod.TEMPLATES / "report.js").read_text(encoding="utf-8")
    for tag, a in page.elements:  # nothing to fetch: no src, only in-page or data: links
        assert "src" not in a and "style" not in a, (tag, a)
        if "href" in a:
            assert a["href"].startswith(("#", "data:")), a
        assert not any(str(v).startswith(("http:", "https:", "//")) for v in a.values()), a
    assert not re.search(r"@import|url\(", page.styles[0])
    assert not re.search(r"fetch\(|XMLHttpRequest|\.src\s*=|import\(", page.scripts[0])


def test_ids_are_unique_and_every_link_has_a_target(config):
    run_ = _run_of(config, ["fixtures/article-kuwait.txt", "fixtures/markdown/kuwait-treffen.md"])
    page = Page(render("html", run_))
    assert len(page.ids) == len(set(page.ids))
    targets = {a["href"][1:] for _, a in page.elements if a.get("href", "").startswith("#")}
    assert targets and targets <= set(page.ids)
    index = [a["href"] for t, a in page.elements if t == "a" and a.get("href", "").startswith("#file-")]
    assert index == ["#file-1", "#file-2"]  # one report, a file index


def test_hostile_text_messages_and_names_stay_text(config):
    """The CI formats' hostile run (quotes, <>&, CR/LF, controls, a finding across a line break, an empty span),
    with the article holding markup that would end or open elements if it were not escaped."""
    prefix = (
        '<script>alert("x")</script></textarea></style><!-- <img src=x onerror=alert(1)> '
        "\u202eRLO\u202c \u200fRLM\u200e\ufeff ' \" &lt; ]]>\n"
    )
    run_ = _hostile_run(config, prefix=prefix)
    run_.results[0].findings.append(
        Finding("x_html", Severity.ERROR, "Other", '<b onmouseover="alert(1)">fett</b> \u202e', 0, 8, file="x")
    )
    place(run_.results[0].findings[-1:], run_.results[0].document)
    run_.results[0].findings.sort(key=Finding.sort_key)
    text = render("html", run_)
    page = Page(text)
    assert len(page.scripts) == 1 and "alert" not in page.scripts[0]
    assert [t for t, _ in page.elements].count("img") == 0 and [t for t, _ in page.elements].count("b") == 0
    article = page.texts("text")
    assert '<script>alert("x")</script></textarea></style><!-- <img src=x onerror=alert(1)>' in article
    assert "⟨RLO⟩RLO⟨PDF⟩ ⟨RLM⟩RLM⟨LRM⟩⟨BOM⟩ ' \" &lt; ]]>" in article  # the entity as written, not decoded
    assert "␛[31mrot␛[0m ␇" in article and "␀" in article and "⟨U+0085⟩" in article and "⟨LSEP⟩" in article
    # no control or reordering character reaches the page raw (tab and line breaks are layout)
    assert not html_mod.INVISIBLE.search(text.replace("\t", "")), html_mod.INVISIBLE.search(text)
    assert '<b onmouseover="alert(1)">fett</b> ⟨RLO⟩' in page.texts("msg")
    _assert_marks_match(run_, page)
    crossing = next(k for k, p in page.parts.items() if len(p) > 1)  # the finding over "\r\n": one part per line
    assert page.mark_text[crossing] == "und %25 undSteuerzeichen"
    empty = [k for k, p in page.parts.items() if "point" in p[0]["class"].split()]
    assert empty and all(page.mark_text[k] == "" for k in empty)  # the empty span is a point mark
    assert 'sig "with" <xml> & ::colons::' in "".join(page.text_by_tag.get("sig", []))
    names = [a.get("id") for t, a in page.elements if t == "section"]
    assert names == ["file-1", "file-2", "file-3"]
    assert "Nicht lesbar: cannot decode: byte 0xff" in page.texts("unreadable")


def test_crossing_spans_split_and_nested_spans_nest(config):
    text = "Alpha Beta Gamma Delta Epsilon\n"
    doc = Document("a.txt", text)
    findings = [
        Finding("r_outer", Severity.INFO, "Other", "outer", 0, 22),  # Alpha … Delta
        Finding("r_inner", Severity.ERROR, "Other", "inner", 6, 10),  # Beta, inside outer
        Finding("r_cross", Severity.WARNING, "Other", "cross", 17, 30),  # Delta Epsilon, crossing outer's end
    ]
    place(findings, doc)
    run_ = Run(results=[FileResult("a.txt", findings, doc)], config=config, signature="s")
    page_text = render("html", run_)
    page = Page(page_text)
    _assert_marks_match(run_, page)
    assert [len(page.parts[k]) for k in ("1-1", "1-2", "1-3")] == [1, 1, 2]
    assert page.mark_text["1-3"] == "Delta Epsilon"
    assert [p.get("data-n") for p in page.parts["1-3"]] == [None, "3"]  # the number follows the last part
    assert re.search(r'data-f="1-1"[^>]*>Alpha <mark[^>]*data-f="1-2"[^>]*>Beta</mark> Gamma <mark', page_text)


def test_markdown_shows_the_prose_at_the_original_positions(config):
    run_ = _run_of(config, ["fixtures/markdown/kuwait-treffen.md"])
    page = Page(render("html", run_))
    _assert_marks_match(run_, page)
    prose = page.texts("text")
    assert "Ministerentnahme" in prose and "https://" not in prose and "```" not in prose
    assert "im Code werden nicht geprüft" not in prose  # a code block is not prose
    assert "# Zentralasien" not in prose and "Zentralasien und Golfländer beim Kuwait-Treffen" in prose
    heads = [a for t, a in page.elements if t == "h3" and a.get("class") == "text"]
    assert len(heads) == 2  # the front matter title and the # heading
    doc = run_.results[0].document
    for f in run_.results[0].findings:  # the notes give the file's own line:column
        line = doc.raw.splitlines()[f.line - 1]
        assert line[f.column - 1 :].startswith(doc.raw[f.start : f.end].split("\n")[0])


def test_entity_card_lists_every_spelling_with_links(kuwait):
    run_, text = kuwait
    page = Page(text)
    places = [a["href"] for t, a in page.elements if t == "a" and "place" in a.get("class", "").split()]
    variants = [n for n, f in enumerate(run_.results[0].findings, 1) if f.rule == "name_variants"]
    assert places == [f"#m1-{n}" for n in variants]
    assert [s for s in page.text_by_tag.get("spelling", [])] == ["Attleu", "NORTLEU", "NurtleU", "Norteu"]


def test_claims_table_links_each_claim_to_its_place(kuwait):
    run_, text = kuwait
    claims = re.search(r'<table class="claims">.*?</table>', text, re.S).group()
    rows = re.findall(r'<tr data-f="(1-\d+)".*?href="#m\1".*?<td class="claim">([^<]*)</td>', claims, re.S)
    assert [c for _, c in rows] == ["mehr als 5.000 Mineraleinlagen", "mehr als 46 Billionen US-Dollar"]


def test_source_sentence_beside_the_german_one_and_reference_scores(tmp_path):
    (tmp_path / "a.en.txt").write_text(
        "Kazakhstan has more than 5,000 mineral deposits worth more than $46 billion. We invite our partners.\n",
        encoding="utf-8",
    )
    (tmp_path / "a.de.txt").write_text(
        "Kasachstan besitzt mehr als 6.000 Lagerstätten im Wert von mehr als 46 Milliarden US-Dollar. "
        "Wir laden unsere Partner ein.\n",
        encoding="utf-8",
    )
    (tmp_path / "a.ref.txt").write_text(
        "Kasachstan verfügt über mehr als 5.000 Lagerstätten im Wert von über 46 Milliarden US-Dollar. "
        "Wir laden unsere Partner ein.\n",
        encoding="utf-8",
    )
    proc = run("-f", "html", "--isolated", "a.de.txt", cwd=tmp_path)
    assert proc.returncode in (0, 1), err(proc)
    text = out(proc)
    source = re.search(r'<table class="source">.*?</table>', text, re.S)
    assert source, "no source table"
    assert 'lang="en">Kazakhstan has more than 5,000 mineral deposits worth more than $46 billion.' in source.group()
    assert "Kasachstan besitzt mehr als 6.000 Lagerstätten" in source.group()
    assert "src_numbers" in source.group()
    scores = re.search(r'<table class="scores">.*?</table>', text, re.S).group()
    assert "chrF2" in scores and re.search(r"nrefs:1\|case:mixed\|eff:yes", scores)


def test_footer_carries_the_run_signature(tmp_path):
    proc = run("-f", "html", "--isolated", str(FIXTURE), cwd=tmp_path)
    assert proc.returncode == 1, err(proc)
    json_sig = json.loads(out(run("-f", "json", "--isolated", str(FIXTURE), cwd=tmp_path)))["signature"]
    page = Page(out(proc))
    assert "".join(page.text_by_tag.get("sig", [])) == json_sig


def test_output_file_and_cli_lists_the_format(tmp_path):
    target = tmp_path / "report.html"
    proc = run("-f", "html", "-o", str(target), "--isolated", str(FIXTURE), cwd=tmp_path)
    assert proc.returncode == 1 and out(proc) == "", err(proc)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "html" in out(run("--help", cwd=tmp_path))
    bad = run("-f", "htm", "--isolated", str(FIXTURE), cwd=tmp_path)
    assert bad.returncode == 2 and "html" in err(bad)


def test_jinja2_is_imported_for_html_only(tmp_path):
    code = (
        "import sys\n"
        "from tqcheck.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write('JINJA=' + str(sorted({'jinja2', 'markupsafe'} & set(sys.modules))))\n"
    )
    seen = {}
    for fmt in ("json", "concise", "full", "sarif", "html"):
        done = subprocess.run(
            [sys.executable, "-c", code, "-f", fmt, "--isolated", "-o", str(tmp_path / f"r.{fmt}"), str(FIXTURE)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        seen[fmt] = done.stderr.rsplit("JINJA=", 1)[1]
        assert (tmp_path / f"r.{fmt}").stat().st_size > 0
    assert seen == {"json": "[]", "concise": "[]", "full": "[]", "sarif": "[]", "html": "['jinja2', 'markupsafe']"}


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_colour_pairs_pass_wcag_aa():
    colours = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", CSS.read_text(encoding="utf-8")))
    pairs = [
        ("fg", "bg"),
        ("muted", "bg"),
        ("muted", "panel"),
        ("link", "bg"),
        ("fg", "panel"),
        ("fg", "err-bg"),
        ("fg", "warn-bg"),
        ("fg", "info-bg"),
        ("badge-fg", "err"),
        ("badge-fg", "warn"),
        ("badge-fg", "info"),
        ("err", "bg"),  # unreadable-file notice and control-character boxes
        ("fg", "info-bg"),  # button hover
    ]
    for fg, bg in pairs:
        assert contrast(colours[fg], colours[bg]) >= 4.5, (fg, bg, contrast(colours[fg], colours[bg]))


def test_inline_assets_cannot_end_their_element():
    for name in ("report.css", "report.js"):
        body = (html_mod.TEMPLATES / name).read_text(encoding="utf-8").lower()
        assert "</style" not in body and "</script" not in body and "<!--" not in body


def test_visible_forms():
    assert html_mod.visible("a\x07b\u202ec\x85d\ud800") == "a␇b⟨RLO⟩c⟨U+0085⟩d⟨U+D800⟩"
    assert html_mod.visible("Grüße – „ok“\t") == "Grüße – „ok“\t"
    assert html_mod.shown_span("sagte\r\ndass") == "sagtedass"


@pytest.mark.slow
def test_the_wheel_ships_the_templates_and_requires_jinja2(tmp_path):
    """``pip install tqcheck`` then ``tqcheck -f html`` must just work: the templates are package data and Jinja2 a
    runtime dependency. Builds a wheel from a copy of the packaging inputs (the index supplies the build backend,
    as for ``pip install .``)."""
    import shutil
    import zipfile

    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "rules.yaml"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "tqcheck", src / "tqcheck", ignore=shutil.ignore_patterns("__pycache__"))
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"), str(src)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0 and "No matching distribution" in done.stderr:
        pytest.skip(f"no package index for the build backend: {done.stderr.strip().splitlines()[-1]}")
    assert done.returncode == 0, done.stderr
    wheel = next((tmp_path / "dist").glob("tqcheck-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        metadata = zf.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    shipped = {f"tqcheck/report/templates/{p.name}" for p in html_mod.TEMPLATES.iterdir()}
    assert shipped and shipped <= names, shipped - names
    assert re.search(r"^Requires-Dist: (?i:jinja2)>=3\.1$", metadata, re.M), metadata


def test_an_html_article_shows_its_text_not_its_tags(config):
    """An .html article: tags, the script and style of its head, comments and entities are not shown; marks sit at
    the file's own offsets, the page's only script is the report's."""
    run_ = _run_of(config, ["fixtures/markdown/kuwait-treffen.html"])
    page = Page(render("html", run_))
    _assert_marks_match(run_, page)
    prose = page.texts("text")
    assert "Die Delegation nahm an der dritten Ministerentnahme teil" in prose
    assert "<p>" not in prose and "<a href" not in prose and "&nbsp;" not in prose
    assert "var autor" not in prose and "color: red" not in prose and "tqcheck: ignore" not in prose
    assert len(page.scripts) == 1 and "autor" not in page.scripts[0]
    assert {f.match for f in run_.results[0].findings} >= {"Ministerentnahme", "Pressendienst"}
