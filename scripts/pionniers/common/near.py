"""« Vouliez-vous dire … ? » : the known name closest to one that is not known, at a cost that stays bounded.

A file may hold thousands of wrong names (links to missing pages, unknown slugs); a suggestion compares one name
with every known one, so it is computed only for short names, once per distinct name, and for at most a fixed
number of distinct names in one run (`Suggester`): beyond that, the message says what is wrong without a guess.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable

# A longer name is a paste, not a typo: no suggestion for it.
WORD_MAX = 120
# Distinct names one Suggester suggests for; the rest are told without a suggestion.
BUDGET = 40
# Options a Suggester compares one name with (the ones that share most pieces of it).
SHORTLIST = 50


def closest(word: str, options: Iterable[str], cutoff: float) -> str | None:
    """The option most like `word` (difflib's ratio at least `cutoff`), or None. Options whose length alone keeps
    them under the cutoff (ratio ≤ 2·min(a, b) / (a + b)) are not compared."""
    if len(word) > WORD_MAX:
        return None
    size = len(word)
    fitting = [o for o in options if 2 * min(size, len(o)) >= cutoff * (size + len(o))]
    found = difflib.get_close_matches(word, fitting, n=1, cutoff=cutoff)
    return found[0] if found else None


class Suggester:
    """closest() against one fixed list of options, for many names: each distinct name is looked up once, at most
    `budget` of them in all, and each against a few options only — those sharing the most of its rarer three-letter
    pieces (an index built once, in time linear in the options)."""

    def __init__(self, options: Iterable[str], cutoff: float, budget: int = BUDGET, shortlist: int = SHORTLIST) -> None:
        self._options = sorted(set(options))
        self._cutoff = cutoff
        self._budget = budget
        self._shortlist = shortlist
        self._seen: dict[str, str | None] = {}
        self._index: dict[str, list[int]] | None = None

    def __call__(self, word: str) -> str | None:
        if word in self._seen:
            return self._seen[word]
        if len(self._seen) >= self._budget:
            return None
        found = self._seen[word] = closest(word, self._candidates(word), self._cutoff)
        return found

    def _candidates(self, word: str) -> list[str]:
        if len(self._options) <= self._shortlist:
            return self._options
        if self._index is None:
            self._index = {}
            for i, option in enumerate(self._options):
                for piece in _pieces(option):
                    self._index.setdefault(piece, []).append(i)
        # The rarest pieces first (they tell most), and a fixed amount of counting in all.
        left = 4 * max(self._shortlist, len(self._options) // 10)
        shared: Counter[int] = Counter()
        for holders in sorted((self._index.get(p, []) for p in _pieces(word)), key=len):
            if left <= 0:
                break
            shared.update(holders[:left])
            left -= len(holders)
        return [self._options[i] for i, _ in shared.most_common(self._shortlist)]


def _pieces(text: str) -> set[str]:
    return {text[i:i + 3] for i in range(max(len(text) - 2, 1))}
