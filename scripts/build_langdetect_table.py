"""Write tqcheck/data/langdetect-table.bin: langdetect's n-gram table for tqcheck's languages, precomputed.

langdetect builds the table at first use by parsing its JSON profiles and filling it n-gram by n-gram (~20 ms per
process that needs language detection). The table built here is the one langdetect builds (its own loader fills
it), stored compactly; tqcheck uses it only while the installed profiles are the ones it was built from (their
digest is in the file's header), and tests/test_speedups_language.py fails when it is stale.

Run after upgrading langdetect or changing LANGS: ``python scripts/build_langdetect_table.py``.
Data licence: the profiles are langdetect's, Apache License 2.0 (see tqcheck/data/NOTICE).
"""

from __future__ import annotations

from pathlib import Path

from langdetect import DetectorFactory

from tqcheck.checks.language import LANGDETECT_TABLE, langdetect_profiles, langdetect_table_bytes

OUT = Path(__file__).resolve().parent.parent / "tqcheck" / "data" / LANGDETECT_TABLE

if __name__ == "__main__":
    profiles = langdetect_profiles()
    factory = DetectorFactory()
    factory.load_json_profile([p.decode("utf-8") for p in profiles])
    OUT.write_bytes(langdetect_table_bytes(factory.langlist, factory.word_lang_prob_map, profiles))
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(factory.word_lang_prob_map)} n-grams)")
