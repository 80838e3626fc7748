"""`mangled-term`: a word rare in English within an edit or two of a common word or a known term.

Frequencies are wordfreq's Zipf scale (log10 of occurrences per billion words): "the" is
about 7.7, "government" 5.6, "coronavirus" 3.2, a typo such as "goverment" 2.7, a random
mangling 0. A rare word next to a much more frequent one is what a mistyped, mis-transcribed
or machine-mangled word looks like; a rare word with no frequent neighbour is just rare.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
import string
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from auditor.kinds.base import Rule, RuleDataError, check_message_template
from auditor.kinds.helpers.edits import DeletionIndex
from auditor.model import Applicability, Finding, Severity, Span
from auditor.resources.gazetteer import index_for
from auditor.resources.wordfreqs import frequencies, table_stamps, zipf_of
from auditor.text.caches import WORDS_REMEMBERED
from auditor.text.names import opens_sentence

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document

_LETTERS = string.ascii_lowercase
_HORIZONTAL_GAP_RE = re.compile(r"[ \u00a0]")
_NOT_ALPHANUMERIC_RE = re.compile(r"[\W_]+")
_POSSESSIVE = ("'s", "’s")
_AGENT_ENDINGS = frozenset({"er", "ers", "ly"})
# Endings that turn a word into an inflection of another ("tented" from "tent").
_INFLECTIONS = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""),
                ("s", ""), ("ers", ""), ("er", ""), ("er", "e"), ("ly", ""), ("ness", ""), ("ment", ""))


@functools.cache
def _longest_word_length() -> int:
    return max(map(len, frequencies()))


def zipf(frequency: float) -> float:
    """Return a frequency on the Zipf scale, rounded for messages."""
    return round(zipf_of(frequency), 2)


_TWO_EDITS_BELOW_ZIPF = 1.5
_COMMON_HALF_ZIPF = 3.5  # both halves of a capitalised pair this frequent: words ("You Tube"), not a name ("Hua Wei")
_REAL_WORD_ZIPF = 3.5  # two glue words joined this often are a word ("into", "within"), not a typo


def _frequency_at(zipf_value: float) -> float:
    return 10 ** (zipf_value - 9)


@dataclass(frozen=True, slots=True)
class _Verdict:
    suggestion: str
    why: str
    written_zipf: float
    suggestion_zipf: float
    severity: Severity | None  # None: the rule's own severity
    fuzzy: bool


@dataclass(frozen=True, kw_only=True)
class MangledTerm(Rule):
    """Flag a rare word, or a pair of words, that is an edit or two away from a far more frequent one.

    With `terms`, a word or a pair of adjacent words is compared with the listed spellings:
    a pair or hyphenated word that joins into a term ("corona virus", "Face-book") is a
    variant spelling (`variant_severity`, the rule's fix); a word or pair rarer than
    `max_zipf` within one edit (two for seven letters or more) of a term, and `term_gain`
    Zipf points rarer, is mangled ("Coruna virus", "Twiter"; the rule's severity, unsafe
    fix). A capitalised word is only compared with capitalised terms (brands), so a name is
    never corrected into a common noun, and only when it is rarer than `name_max_zipf` and
    not part of a multi-word name ("Dean Witter").

    With `dictionary`, a lower-case word is also compared with the English words one edit
    away that are at least `min_zipf` and `min_gain` Zipf points more frequent ("comittee";
    `dictionary_severity`, unsafe fix); from `dictionary_max_zipf` up, where real rare words
    live, only typing slips count: two letters swapped, or a letter dropped or added inside
    the word ("thier", "enviroment", "untill"). With `transposition_zipf`, two swapped letters
    after the first ("reciept") also point at a word from that Zipf up, `min_gain` points
    more frequent. A word absent from
    the dictionary is split into two frequent words when one is a `glue_words` entry or both
    are very frequent ("governmentofficials", "saidTwitter"); and two `glue_words` run
    together are split even where the web has made them frequent ("ofthe").

    Inflections of frequent words, spelling variants listed in `spelling_variants`
    (British/American endings), capitalised names of the gazetteer and the user's accepted
    words are never flagged. Message names: `match`, `replacement`, `why`, `zipf`,
    `suggestion_zipf`.
    """

    terms: tuple[str, ...] = ()
    dictionary: bool = False
    max_zipf: float = 3.0
    min_zipf: float = 4.0
    dictionary_max_zipf: float = 1.75
    min_gain: float = 2.0
    term_gain: float = 1.0
    name_max_zipf: float = 1.5
    glue_words: tuple[str, ...] = ()
    min_length: int = 5
    stem_zipf: float = 3.0
    transposition_zipf: float | None = None
    spelling_variants: dict[str, str] = field(default_factory=dict)
    variant_severity: Severity = Severity.WARNING
    dictionary_severity: Severity = Severity.WARNING
    _joined_terms: dict[str, str] = field(init=False, repr=False, compare=False)
    _prefixes: frozenset[str] = field(init=False, repr=False, compare=False)
    _blocks: dict[tuple[bool, int, str], list[tuple[str, str]]] = field(init=False, repr=False, compare=False)
    # Verdicts on words and pairs per run context, kept across documents: the files of a batch
    # share most of their vocabulary (see `_verdicts`).
    _memo: dict[int, tuple[Any, dict[Any, "_Verdict | None"]]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_message_template(self.message)
        if not self.terms and not self.dictionary:
            raise RuleDataError("terms", "give 'terms', or set 'dictionary: true'")
        if self.min_length < 3:
            raise RuleDataError("min_length", "'min_length' must be at least 3")
        joined_terms = {_letters(term): term for term in self.terms}
        object.__setattr__(self, "_joined_terms", joined_terms)
        # First halves of split terms ("corona" of "corona virus"), to find pairs of common words.
        object.__setattr__(self, "_prefixes", frozenset(j[:i] for j in joined_terms for i in range(2, len(j))))
        # Terms blocked by case class, length and first or last letter: one edit cannot change
        # both ends of a word, so a near miss shares one of them with its term.
        blocks: dict[tuple[bool, int, str], list[tuple[str, str]]] = {}
        for joined, term in joined_terms.items():
            for end in (joined[0], "$" + joined[-1]):
                blocks.setdefault((term[0].isupper(), len(joined), end), []).append((joined, term))
        object.__setattr__(self, "_blocks", blocks)
        object.__setattr__(self, "_memo", {})

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        text = document.text
        gazetteer = index_for(context.resources)
        starts, ends, tokens = document.word_columns
        # Per-word work is done once per distinct token and mapped over the words in C.
        stem_of = {token: token[:-2] if token.endswith(_POSSESSIVE) else token for token in set(tokens)}
        fold_of = {stem: stem.casefold() for stem in set(stem_of.values())}
        written = list(map(stem_of.__getitem__, tokens))
        folded = list(map(fold_of.__getitem__, written))
        # Only rare words, and words that may open a split term, need a closer look; the
        # frequency lookup is made once per distinct word.
        table = frequencies()
        rare_below = _frequency_at(self.max_zipf)
        distinct = set(fold_of.values())
        rare = {word for word in distinct if table.get(word, 0.0) < rare_below} | (self._glued_pairs() & distinct)
        opens_pair = rare | (self._prefixes & distinct) if self.terms else set()
        # A word opens a pair to judge when it may (`opens_pair` holds the rare words), or when
        # the word after it is rare.
        is_rare = list(map(rare.__contains__, folded))
        opens = list(map(opens_pair.__contains__, folded)) if self.terms else is_rare
        candidates = itertools.compress(range(len(folded)), map(operator.or_, opens, itertools.chain(is_rare[1:], (False,))))
        word_verdicts: dict[str, _Verdict | None] = {}
        long_names: set[int] = set()
        pair_verdicts: dict[tuple[str, str], _Verdict | None] = {}
        flagged_until = -1
        uses: Counter[str] | None = None  # of each folded word, counted on first need
        for index in candidates:
            start = starts[index]
            if start < flagged_until:
                continue
            if index + 1 < len(folded) and (folded[index] in opens_pair or is_rare[index + 1]):
                following = starts[index + 1]
                pair = (written[index], written[index + 1])
                if pair not in pair_verdicts:
                    gap = _HORIZONTAL_GAP_RE.fullmatch(text, ends[index], following)
                    pair_verdicts[pair] = self._judged(pair, context, lambda: self._judge_pair(*pair, rare, context)) if gap else None
                verdict = pair_verdicts[pair]
                if verdict is not None:
                    flagged_until = following + len(pair[1])
                    yield self._finding(text, Span(start, flagged_until), verdict)
                    continue
            if is_rare[index]:
                if written[index][:1].isupper() and start in self._in_long_names(document, long_names):
                    continue  # a word of a multi-word name ("Dean Witter") is never compared with a brand
                if written[index] not in word_verdicts:
                    word = written[index]
                    word_verdicts[word] = self._judged(word, context, lambda: self._judge_word(word, context, gazetteer))
                verdict = word_verdicts[written[index]]
                if verdict is None and self.dictionary and written[index].istitle() and opens_sentence(text, start):
                    uses = Counter(folded) if uses is None else uses
                    verdict = self._judge_opener(written[index], uses, context, gazetteer)
                if verdict is not None:
                    yield self._finding(text, Span(start, start + len(written[index])), verdict)

    def _judge_opener(self, word: str, uses: Counter[str], context: "CheckContext", gazetteer: object) -> _Verdict | None:
        """Judge a capitalised word that opens a sentence as the common word it may be ("Goverment", "Howver").

        Only a word the text never writes elsewhere (where a capital would mark a name) and
        that no gazetteer or user list knows is compared with the frequent words one edit away.
        """
        lower = word.casefold()
        if uses[lower] > 1 or _accepted(word, context) or len(word) < self.min_length:
            return None
        if gazetteer is not None and gazetteer.is_known_word(word):  # type: ignore[attr-defined]
            return None
        return self._judge_word(lower, context, gazetteer)  # `_finding` gives the suggestion its capital

    def _judged(self, key: Any, context: "CheckContext", judge: Callable[[], "_Verdict | None"]) -> "_Verdict | None":
        """Return `judge()`, remembered per key for the run context (the user's words, the packs' resources).

        A verdict depends on the word or pair, the accepted words and the gazetteer only (a
        word's rareness is its own frequency), never on the document it is found in.
        """
        stored = self._memo.get(id(context.resources))
        if stored is None or stored[0] is not context.resources:
            if len(self._memo) >= 8:
                self._memo.clear()  # rule sets are few per process; contexts of tests come and go
            stored = self._memo[id(context.resources)] = (context.resources, {})
        verdicts = stored[1]
        memo_key = (key, context.accepted_words)
        if memo_key not in verdicts:
            if len(verdicts) >= WORDS_REMEMBERED:
                verdicts.clear()
            verdicts[memo_key] = judge()
        return verdicts[memo_key]

    @staticmethod
    def _in_long_names(document: "Document", found: set[int]) -> set[int]:
        """Return the starts of the words of multi-word names, computed on first need into `found`."""
        if not found:
            found.update(token.start for name in document.names if len(name.tokens) > 1 for token in name.tokens)
            found.add(-1)  # computed, even when the text has no such name
        return found

    def _finding(self, text: str, span: Span, verdict: _Verdict) -> Finding:
        written = text[span.start : span.end]
        replacement = verdict.suggestion
        if replacement[0].islower() and written[0].isupper() and opens_sentence(text, span.start):
            replacement = replacement[0].upper() + replacement[1:]
        return self.finding(
            span,
            replacement,
            severity=verdict.severity,
            applicability=Applicability.UNSAFE if verdict.fuzzy else None,
            match=written,
            replacement=replacement,
            why=verdict.why,
            zipf=verdict.written_zipf,
            suggestion_zipf=verdict.suggestion_zipf,
        )

    # ------------------------------------------------------------------ judging

    def _judge_pair(self, first: str, second: str, rare: set[str], context: "CheckContext") -> _Verdict | None:
        table = frequencies()
        joined = _letters(first + second)
        term = self._joined_terms.get(joined)
        if term is None and first.casefold() not in rare and second.casefold() not in rare:
            return None
        pair_frequency = _phrase_frequency(table.get(first.casefold(), 0.0), table.get(second.casefold(), 0.0))
        both_capitalised = first[:1].isupper() and second[:1].isupper()
        if term is not None:
            # "Hua Wei" may be a person, not "Huawei"; "Tik Tok" splits "TikTok" at its inner
            # capital, and "You Tube" holds a common word: a brand written in two.
            camel_split = term == first + second and any(ch.isupper() for ch in term[1:])
            common_half = min(table.get(first.casefold(), 0.0), table.get(second.casefold(), 0.0)) >= _frequency_at(_COMMON_HALF_ZIPF)
            if both_capitalised and term[0].isupper() and not (camel_split or common_half):
                return None
            why = "a split spelling of the known term"
            return _Verdict(term, why, zipf(pair_frequency), self._term_zipf(term), self.variant_severity, False)
        # A capitalised word beside a common noun ("Coruna virus") is compared even when it is
        # a known name: only lower-case terms are candidates, and the pair must be rare.
        if both_capitalised or _accepted(first, context) or _accepted(second, context):
            return None
        # A near miss spans two words only when both are part of it: "a vacine" is the article
        # and a misspelt word, and a fix of the pair would drop the article.
        if any(len(word) < 3 or word.casefold() in self.glue_words for word in (first, second)):
            return None
        rare_below = _frequency_at(self.max_zipf)
        if pair_frequency >= rare_below or table.get(joined, 0.0) >= rare_below:
            return None
        term = self._nearest_term(joined, capitalised=False, written_frequency=pair_frequency)
        return None if term is None else self._mangled(term, zipf(pair_frequency))

    def _judge_word(self, word: str, context: "CheckContext", gazetteer: object) -> _Verdict | None:
        if len(word) < self.min_length or word.isupper() or _accepted(word, context):
            return None
        if gazetteer is not None and gazetteer.is_known_word(word):  # type: ignore[attr-defined]
            return None
        table = frequencies()
        folded = word.casefold()
        frequency = table.get(folded, 0.0)
        if frequency >= _frequency_at(self.max_zipf) and folded not in self._glued_pairs():
            return None
        capitalised = word[0].isupper()
        if capitalised and frequency >= _frequency_at(self.name_max_zipf):
            return None
        if self.terms:
            term = self._joined_terms.get(_letters(word)) if "-" in word else None
            if term is not None:
                why = "a hyphenated spelling of the known term"
                return _Verdict(term, why, zipf(frequency), self._term_zipf(term), self.variant_severity, False)
        inflection = self._inflection(folded)
        if self.terms and not inflection:
            term = self._nearest_term(_letters(word), capitalised=capitalised, written_frequency=frequency)
            verdict = self._mangled(term, zipf(frequency)) if term is not None else None
            if verdict is not None:
                return verdict
        if self.dictionary and not capitalised and word.isascii() and word.isalpha() and not inflection:
            # Edit generation and splitting cost the square of the length: a token longer than
            # any dictionary word (or two of them) can be neither one edit from a word nor two words.
            longest = _longest_word_length()
            neighbour = self._dictionary_neighbour(folded, frequency) if len(word) <= longest + 1 else None
            return neighbour or (self._run_together(word, frequency) if len(word) <= 2 * longest else None)
        return None

    def _glued_pairs(self) -> frozenset[str]:
        return _glued_pairs(self.glue_words)

    def _run_together(self, word: str, frequency: float) -> _Verdict | None:
        """Split a word absent from the dictionary (or two glue words) into two frequent words."""
        table = frequencies()
        folded = word.casefold()
        glue = frozenset(self.glue_words)
        if frequency > 0 and folded not in self._glued_pairs():
            return None
        best: tuple[float, int] | None = None
        for cut in range(2, len(word) - 1):
            left, right = folded[:cut], folded[cut:]
            weakest = min(table.get(left, 0.0), table.get(right, 0.0))
            # Short or middling parts make coinages and foreign words ("mapone", "feedstuff").
            glued = left in glue or right in glue
            plain = min(len(left), len(right)) >= 4 and weakest >= _frequency_at(self.min_zipf + 0.5)
            if weakest >= _frequency_at(self.min_zipf) and (glued or plain) and (best is None or weakest > best[0]):
                best = (weakest, cut)
        if best is None:
            return None
        first, second = word[: best[1]], word[best[1] :]
        phrase_zipf = zipf(_phrase_frequency(table.get(first.casefold(), 0.0), table.get(second.casefold(), 0.0)))
        why = "two words run together,"
        return _Verdict(f"{first} {second}", why, zipf(frequency), phrase_zipf, self.dictionary_severity, True)

    def _mangled(self, term: str, written_zipf: float) -> _Verdict | None:
        term_zipf = self._term_zipf(term)
        if term_zipf - written_zipf < self.term_gain:
            return None
        return _Verdict(term, "a mangled form of the known term", written_zipf, term_zipf, None, True)

    def _nearest_term(self, letters: str, *, capitalised: bool, written_frequency: float) -> str | None:
        """Return the term of the same case class nearest to `letters` within the edit budget.

        Two edits are allowed only for long and very rare strings: a real word two edits
        from a term ("negotiators", "negotiations") is usually just another word.
        """
        from rapidfuzz.distance import DamerauLevenshtein

        budget = 2 if len(letters) >= 7 and written_frequency < _frequency_at(_TWO_EDITS_BELOW_ZIPF) else 1
        if len(letters) < self.min_length:
            return None
        best: tuple[int, str] | None = None
        for length in range(len(letters) - budget, len(letters) + budget + 1):
            for end in (letters[0], "$" + letters[-1]):
                for joined, term in self._blocks.get((capitalised, length, end), ()):
                    distance = DamerauLevenshtein.distance(letters, joined, score_cutoff=budget)
                    if distance <= budget and len(joined) >= self.min_length and (best is None or distance < best[0]):
                        best = (distance, term)
        return None if best is None or best[0] == 0 else best[1]

    def _term_zipf(self, term: str) -> float:
        return zipf(frequencies().get(term.casefold(), 0.0))

    def _inflection(self, word: str) -> bool:
        table = frequencies()
        threshold = _frequency_at(self.stem_zipf)
        for ending, replacement in _INFLECTIONS:
            if word.endswith(ending):
                stem = word[: -len(ending)] + replacement
                if len(stem) < (4 if ending in _AGENT_ENDINGS else 3):
                    continue  # "thier" is no "thi" + "-er"
                if table.get(stem, 0.0) >= threshold:
                    return True
                # "stopped" -> "stopp" -> "stop"
                if len(stem) > 3 and stem[-1] == stem[-2] and table.get(stem[:-1], 0.0) >= threshold:
                    return True
        return False

    def _dictionary_neighbour(self, word: str, frequency: float) -> _Verdict | None:
        if not _frequent_words(self.min_zipf).candidates(word):
            return self._swapped_letters(word, frequency)  # no word frequent enough is one edit away
        table = frequencies()
        floor = max(_frequency_at(self.min_zipf), frequency * 10**self.min_gain)
        # A real word's frequent neighbour is usually a substituted letter ("douse", "house");
        # above the threshold only typing-shaped slips count.
        candidates = _edits1(word) if frequency < _frequency_at(self.dictionary_max_zipf) else _typing_slips(word)
        # Most of the hundreds of candidates are no word: find the words in C first.
        eligible = sorted(
            candidate
            for candidate in table.keys() & candidates
            if table[candidate] >= floor and not self._spelling_variant(word, candidate)
        )
        if not eligible:
            return self._swapped_letters(word, frequency)
        # wordfreq's figures are rounded, so ties are common ("pecent": "recent", "percent"):
        # the slip more often drops a letter than changes the first one. Sorted first, so a
        # remaining tie goes the same way whatever the hash seed.
        best = max(eligible, key=lambda candidate: (table[candidate], candidate[0] == word[0], len(candidate)))
        best_frequency = table[best]
        why = "a misspelling of the common word"
        return _Verdict(best, why, zipf(frequency), zipf(best_frequency), self.dictionary_severity, True)

    def _swapped_letters(self, word: str, frequency: float) -> _Verdict | None:
        """Return the word that two swapped letters after the first ("reciept") made rare, when
        it is at least `transposition_zipf` and `min_gain` Zipf points more frequent."""
        if self.transposition_zipf is None:
            return None
        table = frequencies()
        floor = max(_frequency_at(self.transposition_zipf), frequency * 10**self.min_gain)
        swapped = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1)} - {word}
        found = sorted((table[w], w) for w in swapped if table.get(w, 0.0) >= floor and not self._spelling_variant(word, w))
        if not found:
            return None
        best_frequency, best = found[-1]
        why = "two swapped letters of the common word"
        return _Verdict(best, why, zipf(frequency), zipf(best_frequency), self.dictionary_severity, True)

    def _spelling_variant(self, word: str, candidate: str) -> bool:
        for ending, other in self.spelling_variants.items():
            for a, b in ((ending, other), (other, ending)):
                if a in word and word.replace(a, b) == candidate:
                    return True
        return False


@functools.cache
def _glued_pairs(glue_words: tuple[str, ...]) -> frozenset[str]:
    """Return the glue-word pairs written as one word that are not words of their own ("into")."""
    table = frequencies()
    joined = {a.casefold() + b.casefold() for a in glue_words for b in glue_words}
    return frozenset(word for word in joined if table.get(word, 0.0) < _frequency_at(_REAL_WORD_ZIPF))


@functools.cache
def _frequent_words(min_zipf: float) -> DeletionIndex:
    """Return the dictionary words at `min_zipf` or above, the only ones `_dictionary_neighbour` proposes."""
    floor = _frequency_at(min_zipf)
    return DeletionIndex.cached(
        f"frequent-words-{min_zipf:g}", table_stamps(), lambda: (word for word, frequency in frequencies().items() if frequency >= floor)
    )


def _edits1(word: str) -> set[str]:
    """Return every string one deletion, transposition, substitution or insertion from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + transposes + replaces + inserts)


def _phrase_frequency(first: float, second: float) -> float:
    """Estimate a two-word phrase's frequency from its words' (wordfreq's own combination)."""
    return 0.0 if first <= 0 or second <= 0 else 1 / (1 / first + 1 / second)


def _accepted(word: str, context: "CheckContext") -> bool:
    return word.casefold() in context.accepted_words or any(char.isdigit() for char in word)


def _typing_slips(word: str) -> set[str]:
    """Return the strings one transposition, or one deletion or insertion inside `word`, away."""
    transposes = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    deletes = {word[:i] + word[i + 1 :] for i in range(1, len(word) - 1)}
    inserts = {word[:i] + c + word[i:] for i in range(1, len(word)) for c in _LETTERS}
    return (transposes | deletes | inserts) - {word}


def _letters(text: str) -> str:
    return _NOT_ALPHANUMERIC_RE.sub("", text.casefold())  # [^\W_] is exactly str.isalnum
