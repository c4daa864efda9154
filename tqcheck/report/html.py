"""``--format html``: one self-contained page for editors, the article itself with every finding marked in place.

Editors fix MT copy by reading it, so the page shows the article as it reads (headline, paragraphs) with each
finding a ``<mark>`` at its exact span, a numbered margin note per finding (it prints), a side panel of counts that
filter the marks, name variants as one card per entity, the numeric claims to verify, the aligned source sentence
of source-aware findings, reference scores and the run signature.

How it is built, and why:

* One file, nothing fetched: CSS and a small vanilla script inline, no fonts or CDN, so it opens from disk, from a
  mail attachment and from a CI artifact. A Content-Security-Policy meta tag allows exactly that style and that
  script, by the SHA-256 of their bytes computed here at render time (a stale hash cannot ship).
* Jinja2 with autoescape renders every piece of user text (article, messages, file names): nothing is glued into
  HTML by hand. Jinja2 is imported by this module only, which the report registry imports only for
  ``--format html``, so other formats start as fast as before.
* Article text is shown as it is, except characters that would be invisible or reorder the line (C0/C1 controls,
  bidi overrides and marks, zero-width characters, lone surrogates): each is shown as a visible symbol (``␇``,
  ``⟨RLO⟩``) in a span saying its code point, so hostile or broken input cannot hide text or flip a line.
* Overlapping findings: marks nest when one span holds the other (the usual case: a numeric claim around a
  magnitude warning); when two spans cross, the later-starting one is split into parts at the boundary, and a
  finding is also split where its span crosses a line (each line is a paragraph). Every part carries the
  finding's key (``data-f``); the first part has the id and takes keyboard focus, the last shows the note
  number. The text of a finding's parts, joined, is exactly its span with line breaks left out.
* Markdown and HTML articles: what is shown is the prose the checks saw (code, URLs, tags and comments blanked,
  positions unchanged, as in every format), so line:column in the notes are those of the file on disk. Inside a
  mark the file's own text is shown, so a finding on markup (an unused directive comment) is still visible.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jinja2

from .._version import __version__
from ..model import Finding, Severity
from .paths import display_path
from .scores import score_rows

TEMPLATES = Path(__file__).with_name("templates")
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
LABEL = {Severity.ERROR: "Fehler", Severity.WARNING: "Warnung", Severity.INFO: "Hinweis"}
PLURAL = {Severity.ERROR: "Fehler", Severity.WARNING: "Warnungen", Severity.INFO: "Hinweise"}

# Characters a browser would not show, or would use to reorder text: C0 controls but tab and line breaks, DEL, C1
# controls, soft hyphen, Arabic letter mark, Mongolian vowel separator, zero-width and bidi marks, line and
# paragraph separators, bidi embeddings/overrides/isolates, word joiner and invisible operators, BOM, interlinear
# annotation marks, lone surrogates (a text decoded with surrogateescape).
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
_ABBR = {
    0x7F: "DEL",
    0xAD: "SHY",
    0x61C: "ALM",
    0x180E: "MVS",
    0x200B: "ZWSP",
    0x200C: "ZWNJ",
    0x200D: "ZWJ",
    0x200E: "LRM",
    0x200F: "RLM",
    0x2028: "LSEP",
    0x2029: "PSEP",
    0x202A: "LRE",
    0x202B: "RLE",
    0x202C: "PDF",
    0x202D: "LRO",
    0x202E: "RLO",
    0x2060: "WJ",
    0x2066: "LRI",
    0x2067: "RLI",
    0x2068: "FSI",
    0x2069: "PDI",
    0xFEFF: "BOM",
}
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
_MD_HEADING = re.compile(r"[ \t]{0,3}(#{1,6})[ \t]+")
_FRONT_TITLE = re.compile(r"\s*(?:title|headline)\s*[:=]")
_SENTENCE_END = '.!?:;…"“”»«)'


def visible_char(ch: str) -> str:
    """How an invisible or reordering character is shown: a Control Picture for C0 (``␇``), else its usual
    abbreviation or code point in angle brackets (``⟨RLO⟩``, ``⟨U+0085⟩``)."""
    cp = ord(ch)
    if cp < 0x20:
        return chr(0x2400 + cp)
    if cp == 0x7F:
        return "\u2421"
    return f"⟨{_ABBR.get(cp) or f'U+{cp:04X}'}⟩"


def visible(text: str) -> str:
    """``text`` with every character of :data:`INVISIBLE` replaced by its visible form: for messages, file names
    and attribute values, where a span cannot be used; autoescape then escapes the rest."""
    if not INVISIBLE.search(text):
        return text
    return INVISIBLE.sub(lambda m: visible_char(m.group()), text)


def shown_span(raw: str) -> str:
    """What the page shows for a finding's span ``raw``: its text without line breaks (each line is a paragraph),
    invisible characters made visible. The browser test holds every finding's marks to exactly this."""
    return visible(_LINE_BREAKS.sub("", raw))


def _text_pieces(text: str, out: list) -> None:
    """Append ``text`` as ("t", text) and ("c", shown, title) pieces, the latter for invisible characters."""
    pos = 0
    for m in INVISIBLE.finditer(text):
        if m.start() > pos:
            out.append(("t", text[pos : m.start()]))
        ch = m.group()
        out.append(("c", visible_char(ch), f"U+{ord(ch):04X}"))
        pos = m.end()
    if pos < len(text):
        out.append(("t", text[pos:]))


@dataclass(eq=False)  # hashed by identity: the sweep keeps parts in a set
class Item:
    """One finding as the page shows it: its key, number, and the texts of its note."""

    key: str
    n: int
    finding: Finding
    severity: str
    label: str
    message: str
    category: str
    rule: str
    line: int
    column: int
    suggestions: list[str]
    related: list[str]
    parts: list[dict] = field(default_factory=list)


@dataclass
class Block:
    """One line of the article: a paragraph or a headline, its pieces, and the notes of findings that begin in it."""

    tag: str
    pieces: list
    notes: list[Item]


def _hidden_display(doc, ls: int, le: int) -> str:
    """The line as shown outside marks: the masked text (markup blanked), with Markdown heading marks blanked."""
    text = doc.masked[ls:le]  # line offsets are the original's (doc.text may be the reader's view)
    if doc.kind == "markdown":
        m = _MD_HEADING.match(text)
        if m:
            text = " " * m.end() + text[m.end() :]
    return text


def _block_tag(doc, ls: int, le: int, first: bool) -> str:
    raw = doc.raw[ls:le]
    if doc.kind == "markdown":
        m = _MD_HEADING.match(raw)
        if m:
            return "h" if len(m.group(1)) == 1 else "sub"
        if _FRONT_TITLE.match(raw):
            return "h"
        return "p"
    if doc.kind == "text" and first:  # a news file's first line is its headline when it does not end a sentence
        stripped = raw.rstrip()
        if stripped and stripped[-1] not in _SENTENCE_END:
            return "h"
    return "p"


def _line_pieces(doc, ls: int, le: int, parts: list[tuple[int, int, int, Item]], points: dict[int, list[Item]]):
    """The pieces of one line: text, visible controls, and the opening and closing of mark parts.

    ``parts`` are (start, end, order, item) within the line, ``points`` zero-width findings by position. A sweep
    over the part boundaries keeps a stack of open marks, outer first (earlier start, then longer span); where
    the wanted stack differs from the open one, marks are closed down to the common prefix and the rest opened,
    so nested spans nest and crossing spans split."""
    raw = doc.raw
    outside = _hidden_display(doc, ls, le)
    bounds = {ls, le}
    starts: dict[int, list] = {}
    ends: dict[int, list] = {}
    for part in parts:
        bounds.add(part[0])
        bounds.add(part[1])
        starts.setdefault(part[0], []).append(part)
        ends.setdefault(part[1], []).append(part)
    bounds.update(points)
    order = sorted(bounds)
    pieces: list = []
    active: set = set()
    stack: list = []
    for i, p in enumerate(order):
        for part in ends.get(p, ()):
            active.discard(part)
        for part in starts.get(p, ()):
            active.add(part)
        wanted = sorted(active, key=lambda q: (q[0], -q[1], q[2]))
        keep = 0
        while keep < len(stack) and keep < len(wanted) and stack[keep] is wanted[keep]:
            keep += 1
        for _ in range(len(stack) - keep):
            stack.pop()
            pieces.append(("/",))
        for item in points.get(p, ()):
            tag = {"item": item, "first": not item.parts, "point": True, "last": False}
            item.parts.append(tag)
            pieces.append(("m", tag))
            pieces.append(("/",))
        for part in wanted[keep:]:
            item = part[3]
            tag = {"item": item, "first": not item.parts, "point": False, "last": False}
            item.parts.append(tag)
            pieces.append(("m", tag))
            stack.append(part)
        if i + 1 < len(order) and order[i + 1] > p:
            nxt = order[i + 1]
            segment = raw[p:nxt] if stack else outside[p - ls : nxt - ls]
            _text_pieces(segment, pieces)
    for _ in stack:
        pieces.append(("/",))
    return pieces


def _blocks(doc, items: list[Item]) -> list[Block]:
    """The article's lines that show text or hold a mark, each with its pieces and notes."""
    lines = doc.lines
    line_starts = [s for s, _ in lines]
    per_line: dict[int, list] = {}
    points: dict[int, dict[int, list[Item]]] = {}
    first_line: dict[str, int] = {}
    for order, item in enumerate(items):
        f = item.finding
        lo = max(0, bisect.bisect_right(line_starts, f.start) - 1)
        hi = max(lo, bisect.bisect_right(line_starts, max(f.start, f.end - 1)) - 1)
        placed = False
        for li in range(lo, hi + 1):
            ls, le = lines[li]
            s, e = max(f.start, ls), min(f.end, le)
            if s < e:
                per_line.setdefault(li, []).append((s, e, order, item))
                first_line.setdefault(item.key, li)
                placed = True
        if not placed:  # an empty span, or one of line breaks only: a point where it starts
            ls, le = lines[lo]
            points.setdefault(lo, {}).setdefault(min(max(f.start, ls), le), []).append(item)
            first_line.setdefault(item.key, lo)
    notes: dict[int, list[Item]] = {}
    for item in items:
        notes.setdefault(first_line[item.key], []).append(item)
    blocks = []
    first = True
    for li, (ls, le) in enumerate(lines):
        if li not in per_line and li not in points and not _hidden_display(doc, ls, le).strip():
            continue
        pieces = _line_pieces(doc, ls, le, per_line.get(li, []), points.get(li, {}))
        blocks.append(Block(_block_tag(doc, ls, le, first), pieces, notes.get(li, [])))
        first = False
    for item in items:  # the part the note number follows
        if item.parts:
            item.parts[-1]["last"] = True
    return blocks


def _items(res, k: int) -> list[Item]:
    out = []
    for n, f in enumerate(res.findings, 1):
        out.append(
            Item(
                key=f"{k}-{n}",
                n=n,
                finding=f,
                severity=str(f.severity),
                label=LABEL[f.severity],
                message=visible(f.message),
                category=visible(f.category),
                rule=visible(f.rule),
                line=f.line,
                column=f.column,
                suggestions=[visible(s) for s in f.suggestions],
                related=[visible(r) for r in f.extra.get("related", ())],
            )
        )
    return out


def _entities(items: list[Item]) -> list[dict]:
    """Name variants as one card per entity: the spellings in the article's order, each with its places."""
    groups: dict[tuple[str, str], list[Item]] = {}
    for item in items:
        entity = item.finding.extra.get("entity")
        if entity is not None:
            groups.setdefault((item.finding.rule, entity), []).append(item)
    cards = []
    for (rule, entity), group in groups.items():
        first = group[0].finding
        spellings = list(dict.fromkeys([*first.extra.get("spellings", ()), *(g.finding.match for g in group)]))
        suggested = first.suggestions[0] if first.suggestions else None
        rows = []
        for sp in spellings:
            places = [g for g in group if g.finding.match == sp]
            rows.append({"spelling": visible(sp), "places": places, "suggested": sp == suggested})
        cards.append(
            {
                "entity": visible(entity),
                "rule": visible(rule),
                "severity": str(max(g.finding.severity for g in group)),
                "suggested": visible(suggested) if suggested else None,
                "suggested_in_text": suggested in spellings,
                "rows": rows,
            }
        )
    return cards


def _source_document(path: str, cache: dict):
    """The source file of source-aware findings, read again for its sentences (the run keeps only the target);
    once per report (``cache``), and never across reports, so a file edited between two runs is read anew."""
    if path in cache:
        return cache[path]
    from ..markup import load_document
    from ..textio import read_text

    try:
        cache[path] = load_document(path, read_text(path, digest=False))
    except Exception:  # moved or unreadable since the check: the finding's own source span is still shown
        cache[path] = None
    return cache[path]


def _sentence(doc, offset: int) -> str:
    s, e = doc.to_raw(*doc.sentence_at(doc.to_view(offset)))  # a finding's offset is the original's
    if e <= s:
        ls, le = doc.lines[doc.line_col(offset)[0] - 1]
        s, e = ls, le
    return " ".join(doc.raw[s:e].split())


def _source_rows(doc, items: list[Item], sources: dict) -> list[dict]:
    """Source-aware findings with the English sentence beside the German one."""
    rows = []
    for item in items:
        src = item.finding.extra.get("source")
        if not src:
            continue
        english = src.get("text", "")
        sdoc = _source_document(src["file"], sources) if src.get("file") else None
        if sdoc is not None and src.get("line"):
            try:
                offset = sdoc.line_starts[src["line"] - 1] + src.get("column", 1) - 1
                english = _sentence(sdoc, offset)
            except IndexError:
                pass
        german = _sentence(doc, item.finding.start) if doc is not None else ""
        rows.append(
            {
                "item": item,
                "english": visible(english),
                "span": visible(src.get("text", "")),
                "german": visible(german),
                "where": f"{display_path(src.get('file', ''))}:{src.get('line', '')}:{src.get('column', '')}",
            }
        )
    return rows


def _scores(scores: dict | None) -> dict | None:
    if not scores:
        return None
    rows = [
        {"label": label, "value": f"{value:.2f}".replace(".", ","), "signature": visible(sig)}
        for _key, label, value, sig in score_rows(scores)
    ]
    weakest = [
        {
            "line": w.get("line", ""),
            "chrf": f"{float(w.get('chrf', 0)):.1f}".replace(".", ","),
            "hyp": visible(str(w.get("hyp", ""))),
            "ref": visible(str(w.get("ref", ""))),
        }
        for w in scores.get("weakest") or []
    ]
    return {"rows": rows, "weakest": weakest}


def _files(run, claim_rules: set[str]) -> list[dict]:
    """Per file: its findings as items, the article's blocks and the tables under it (or its input error)."""
    files = []
    sources: dict = {}
    for k, res in enumerate(run.results, 1):
        name = visible(display_path(res.path))
        if res.error:
            files.append({"k": k, "name": name, "error": visible(res.error), "entries": []})
            continue
        items = _items(res, k)
        doc = res.document
        blocks = _blocks(doc, items) if doc is not None else []
        claims = [
            {
                "item": i,
                "claim": visible(str(i.finding.extra.get("claim", i.finding.match))),
                "context": visible(str(i.finding.extra.get("context", ""))),
            }
            for i in items
            if i.finding.rule in claim_rules
        ]
        per_sev = Counter(i.finding.severity for i in items)
        files.append(
            {
                "k": k,
                "name": name,
                "error": None,
                "entries": items,
                "blocks": blocks,
                "no_text": doc is None,
                "entities": _entities(items),
                "claims": claims,
                "source_rows": _source_rows(doc, items, sources),
                "scores": _scores(res.scores),
                "notes": [visible(n) for n in res.notes],
                "counts": [(str(s), PLURAL[s], per_sev[s]) for s in SEVERITIES if per_sev[s]],
            }
        )
    return files


def _facets(findings: list[Finding]) -> dict:
    """Counts by severity, category and rule: the panel's filters."""
    sev = Counter(f.severity for f in findings)
    cat = Counter(f.category for f in findings)
    rule = Counter(f.rule for f in findings)
    return {
        "severity": [(str(s), PLURAL[s], sev[s]) for s in SEVERITIES],
        "category": [(visible(c), n) for c, n in sorted(cat.items())],
        "rule": [(visible(r), n) for r, n in sorted(rule.items())],
    }


def csp_hash(body: str) -> str:
    """The CSP source expression that allows an inline element whose text is exactly ``body``."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def static_asset(name: str) -> str:
    """An inline asset (CSS, script); refused if it could end its own element early."""
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    lowered = text.lower()
    if "</style" in lowered or "</script" in lowered or "<!--" in lowered:  # pragma: no cover - our own files
        raise ValueError(f"{name} must not contain '</style', '</script' or '<!--'")
    return text


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every {{ }} is escaped, attribute values too; only the static CSS and script are |safe
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(run) -> str:
    css = static_asset("report.css")
    js = static_asset("report.js")
    claim_rules = {r.id for r in run.config.rules.values() if r.kind == "numeric_claims"}
    findings = run.findings
    summary = run.summary()
    settings = [("fail_on", str(run.config.fail_on))]
    if run.config.select is not None:
        settings.append(("select", ", ".join(run.config.select)))
    if run.config.ignore:
        settings.append(("ignore", ", ".join(run.config.ignore)))
    if run.config.project:
        settings.append(("config", display_path(run.config.project)))
    template = _environment().get_template("report.html.j2")
    return template.render(
        css=css,
        js=js,
        csp=f"default-src 'none'; script-src {csp_hash(js)}; style-src {csp_hash(css)}; img-src data:; "
        "base-uri 'none'; form-action 'none'",
        files=_files(run, claim_rules),
        facets=_facets(findings),
        total=len(findings),
        summary=summary,
        fail_on=LABEL[run.config.fail_on],
        signature=visible(run.signature),
        settings=[(k, visible(v)) for k, v in settings],
        version=__version__,
    )
