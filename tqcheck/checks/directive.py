"""``tq_unused_directive``: inline directives that suppress nothing, name unknown rules or are malformed.

Why ``run`` returns nothing: a directive is "unused" only once every other rule has run and the engine has asked
the document's :class:`~tqcheck.directives.Directives` about each finding. Checks run before that, in rules.yaml
order, so no check can know the answer; the engine collects these findings afterwards through
``Directives.unused_findings``, which reads this rule's severity, category, message and fix from the config and
reports only when this rule is selected. The class exists so the rule has a kind, can be listed, explained,
selected and ignored like any other.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..document import Document
from ..model import Finding
from .base import Check, Context


class UnusedDirectiveCheck(Check):
    PARAMS = {}

    def run(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        return []
