"""Build the benchmark corpus from the MQM dev set: a 1 MB file, a 10 MB file and 2,000 article-sized files.

Why generated and not committed: the WMT texts must not be copied into the repository (mqm-dev/README.md), and
10 MB of text does not belong in git. Why deterministic: figures from two runs (before/after an optimisation, or
two machines) are only comparable on byte-identical input, so the order comes from a fixed seed and the build
records a SHA-256 per output in ``bench/corpus/manifest.json``; a rebuild that matches is skipped.

Source: every German ``*.txt`` under ``../shared/data/mqm-dev/{clean,mt}`` (relative to the repository root),
one segment per line. Documents are shuffled with a seeded RNG but keep their lines in order, so the names and
numbers of one news story stay together as they would in real copy (the name checks cluster within a file).

    python bench/corpus.py            # build (or verify) bench/corpus/
    python bench/corpus.py --force    # rebuild even if the manifest matches
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "mqm-dev"
OUT = REPO / "bench" / "corpus"
SEED = 20261126
SIZES = {"1mb.txt": 1_000_000, "10mb.txt": 10_000_000}
N_ARTICLES = 2000
ARTICLE_MIN, ARTICLE_MAX = 2000, 5000  # bytes
VERSION = 1  # bump when the recipe changes, so an old corpus is rebuilt


def load_documents(data: Path = DATA) -> list[list[str]]:
    """Non-blank lines of each German file, files in sorted order (the English ``pairs/`` are left out)."""
    docs = []
    for sub in ("clean", "mt"):
        for path in sorted((data / sub).glob("*.txt")):
            lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
            lines = [ln for ln in lines if ln]
            if lines:
                docs.append(lines)
    if not docs:
        raise SystemExit(f"bench/corpus.py: no German .txt files under {data}/clean or {data}/mt")
    return docs


def line_stream(docs: list[list[str]], rng: random.Random) -> Iterator[str]:
    """Lines of all documents, documents in a seeded order, reshuffled on each pass; endless."""
    while True:
        order = list(range(len(docs)))
        rng.shuffle(order)
        for i in order:
            yield from docs[i]


def build_big(docs: list[list[str]], size: int, seed: int) -> bytes:
    """Whole lines up to ``size`` bytes (UTF-8); the file never exceeds ``size`` and ends with a newline."""
    parts: list[bytes] = []
    total = 0
    for line in line_stream(docs, random.Random(seed)):
        b = line.encode("utf-8") + b"\n"
        if total + len(b) > size:
            if total >= size - 2000:  # close enough: stop at this line boundary
                break
            continue  # a long line would overshoot; try the next one
        parts.append(b)
        total += len(b)
    return b"".join(parts)


def build_articles(docs: list[list[str]], n: int, seed: int) -> list[bytes]:
    """``n`` files of 2–5 KB, each cut from the seeded line stream at line boundaries."""
    rng = random.Random(seed)
    stream = line_stream(docs, random.Random(seed + 1))
    out = []
    pending: str | None = None
    for _ in range(n):
        target = rng.randint(ARTICLE_MIN, ARTICLE_MAX)
        parts: list[bytes] = []
        total = 0
        while True:
            line = pending if pending is not None else next(stream)
            pending = None
            b = line.encode("utf-8") + b"\n"
            if parts and total + len(b) > target:
                pending = line
                break
            parts.append(b)
            total += len(b)
            if total >= ARTICLE_MIN and total + 200 > target:
                break
        out.append(b"".join(parts))
    return out


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build(force: bool = False, out: Path = OUT) -> dict:
    """Write the corpus (if the manifest does not already match) and return the manifest."""
    manifest_path = out / "manifest.json"
    if not force and manifest_path.exists():
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            manifest = {}
        if manifest.get("version") == VERSION and manifest.get("seed") == SEED and _intact(out, manifest):
            return manifest
    docs = load_documents()
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, dict] = {}
    for name, size in SIZES.items():
        data = build_big(docs, size, SEED)
        (out / name).write_bytes(data)
        files[name] = _describe(data)
    art_dir = out / "articles"
    if art_dir.exists():
        shutil.rmtree(art_dir)
    art_dir.mkdir()
    articles = build_articles(docs, N_ARTICLES, SEED)
    h = hashlib.sha256()
    n_bytes = n_words = 0
    for i, data in enumerate(articles):
        (art_dir / f"article-{i:04d}.txt").write_bytes(data)
        h.update(data)
        n_bytes += len(data)
        n_words += len(data.decode("utf-8").split())
    sizes = [len(a) for a in articles]
    files["articles"] = {
        "files": len(articles),
        "bytes": n_bytes,
        "words": n_words,
        "min_bytes": min(sizes),
        "max_bytes": max(sizes),
        "sha256": h.hexdigest(),
    }
    manifest = {
        "version": VERSION,
        "seed": SEED,
        "source": str(DATA),
        "source_documents": len(docs),
        "words": "whitespace-separated tokens (str.split)",
        "files": files,
    }
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _describe(data: bytes) -> dict:
    return {
        "bytes": len(data),
        "lines": data.count(b"\n"),
        "words": len(data.decode("utf-8").split()),
        "sha256": _sha(data),
    }


def _intact(out: Path, manifest: dict) -> bool:
    """Cheap check that the files on disk are the ones the manifest describes (sizes; hashes of the big files)."""
    files = manifest.get("files", {})
    try:
        for name in SIZES:
            data = (out / name).read_bytes()
            if _sha(data) != files[name]["sha256"]:
                return False
        arts = sorted((out / "articles").glob("*.txt"))
        if len(arts) != files["articles"]["files"]:
            return False
        return sum(p.stat().st_size for p in arts) == files["articles"]["bytes"]
    except (OSError, KeyError):
        return False


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--force", action="store_true", help="rebuild even if bench/corpus/manifest.json matches")
    args = ap.parse_args(argv)
    manifest = build(force=args.force)
    for name, info in manifest["files"].items():
        print(f"{name:10s} " + " ".join(f"{k}={v}" for k, v in info.items() if k != "sha256"), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
