"""Find where a document mentions gazetteer entities: exact forms and near misses.

Each name-like run is first covered by exact forms (longest first); only the words left over
are compared, as word n-grams, with the blocked candidates of the index. A near miss must be
close word by word (length-aware edit budgets, same first letter), must not be a word of some
other listed name or an accepted word, and at least one differing word must be rare in
English: "Hua Chuning" is a near miss of "Hua Chunying", "Henan" is not one of "Hunan".
The result is computed once per document and index and shared by the name kinds.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from auditor.model import Span
from auditor.resources.gazetteer import Candidate, Entity, EntityType, Form, GazetteerIndex, exact_key
from auditor.resources.wordfreqs import zipf
from auditor.text.caches import WORDS_REMEMBERED
from auditor.text.document import Document
from auditor.text.names import NameSpan, compact, fold
from auditor.text.segment import WORD_RE

# Zipf frequency at or above which a word is an established English word or name by itself.
COMMON_ZIPF = 2.5
MAX_FUZZY_WORDS = 4
# A run whose every word is at least this common in English is not searched for near misses:
# a misspelt name has a rare word.
SEARCH_BELOW_ZIPF = 3.5
SINGLE_WORD_BELOW_ZIPF = 1.0
DISTINCTIVE_BELOW_ZIPF = 3.0
_CACHE_KEY = "_gazetteer_mentions"


@dataclass(frozen=True, slots=True)
class Mention:
    """A span that names a gazetteer entity, exactly (distance 0) or as a near miss."""

    span: Span
    words: tuple[Span, ...]
    written: str  # the words as written, one plain space between them
    form: Form
    distance: int

    @property
    def entity(self) -> Entity:
        return self.form.entity

    @property
    def accepted(self) -> bool:
        """Whether the span is an accepted form of the entity (nothing to correct)."""
        return self.distance == 0 and not self.form.misspelling


def mentions(document: Document, index: GazetteerIndex, accepted_words: frozenset[str] = frozenset()) -> list[Mention]:
    """Return the gazetteer mentions of `document` in text order (cached per document and index)."""
    cache = document.__dict__.setdefault(_CACHE_KEY, {})
    key = (id(index), accepted_words)
    if key not in cache:
        # The project vocabulary may hold whole names ("Hua Chuning"), compared folded like runs.
        accepted_words = frozenset(fold(word) for word in accepted_words)
        found = []
        for run in document.names:
            matches = _run_matches(run.words, index, accepted_words)
            matches = sorted([*matches, *_identified(document.text, run, matches, index, accepted_words)], key=lambda m: m[0])
            for start, length, form, distance in matches:
                found.append(_mention(run, start, length, form, distance))
        cache[key] = found
    return cache[key]  # type: ignore[no-any-return]


Match = tuple[int, int, Form, int]  # first word, number of words, form, edit distance


def _run_matches(words: tuple[str, ...], index: GazetteerIndex, accepted_words: frozenset[str]) -> list[Match]:
    # Names recur (in a text and across a batch), so each distinct run is matched once per index.
    memo_key = (words, accepted_words)
    found = index.memo.get(memo_key)
    if found is None:
        if len(index.memo) >= WORDS_REMEMBERED:
            index.memo.clear()
        found = index.memo[memo_key] = sorted(_match_run(words, index, accepted_words), key=lambda m: m[0])
    return found


def _match_run(words: tuple[str, ...], index: GazetteerIndex, accepted_words: frozenset[str]) -> Iterator[Match]:
    folded = [fold(word) for word in words]
    keys = [" ".join(word.replace("-", " ").replace(".", "").split()) for word in folded]
    covered = [False] * len(folded)
    position = 0
    while position < len(folded):
        for length in range(min(index.max_words, len(folded) - position), 0, -1):
            forms = index.exact.get(" ".join(keys[position : position + length]))
            if forms:
                form = min(forms, key=lambda f: f.misspelling)
                yield position, length, form, 1 if form.misspelling else 0
                covered[position : position + length] = [True] * length
                position += length
                break
        else:
            position += 1
    _cover_accepted_names(folded, accepted_words, covered)
    taken: list[tuple[int, int]] = []
    longest = min(MAX_FUZZY_WORDS, index.max_words + 1, len(folded))
    for length in range(longest, 0, -1):
        for start in range(len(folded) - length + 1):
            stop = start + length
            if any(covered[start:stop]) or any(start < b and a < stop for a, b in taken):
                continue
            query = folded[start:stop]
            if any(w in accepted_words for w in query) or not _fuzzy_query(words[start:stop]):
                continue
            candidate = nearest(query, index)
            if candidate is not None:
                taken.append((start, stop))
                yield start, length, candidate.form, candidate.distance


# Words of a role that say nothing about whose it is.
_ROLE_FILLER = frozenset("of the and for in to on at a an former acting".split())
_SENTENCE_END_RE = re.compile(r"[.!?;:]\s")
_CONTEXT_WORDS = 4


def _identified(text: str, run: NameSpan, matches: Sequence[Match], index: GazetteerIndex, accepted_words: frozenset[str]) -> Iterator[Match]:
    """Yield a known person's given name followed by a surname one or two edits from theirs
    that is itself a word or name ("Prime Minister Narendra Mode", "President Joe Bidden"),
    when a word of the person's role or country stands before it ("Prime Minister",
    "Finnish", "Finland's")."""
    from rapidfuzz.distance import OSA

    covered = {position for start, length, _, _ in matches for position in range(start, start + length)}
    folded = [fold(word) for word in run.words]
    for position in range(1, len(folded)):
        first = position - 1
        people = index.by_given_names.get(folded[first], ())
        if not people or first in covered or position in covered or folded[position] in accepted_words:
            continue
        written = folded[position].removesuffix("'s").removesuffix("’s")
        if zipf(written) < SINGLE_WORD_BELOW_ZIPF:
            continue  # a word English does not use is a near miss `nearest` judges ("Tiani")
        close = [
            form
            for form in people
            if written[:1] == form.words[-1][:1] and 0 < OSA.distance(written, form.words[-1]) <= (1 if len(form.words[-1]) < 5 else 2)
        ]
        if len(close) == 1 and _identifies(close[0].entity, [*_words_before(text, run.span.start), *folded[:first]]):
            distance = OSA.distance(written, close[0].words[-1])
            yield first, 2, close[0], distance


def _words_before(text: str, start: int) -> list[str]:
    """Return the last few words before `start` in its sentence, folded."""
    window = text[max(0, start - 80) : start]
    ends = list(_SENTENCE_END_RE.finditer(window))
    if ends:
        window = window[ends[-1].end() :]
    return [fold(word) for word in WORD_RE.findall(window)[-_CONTEXT_WORDS:]]


def _identifies(entity: Entity, context: Sequence[str]) -> bool:
    # A role word ("minister", "journalist"), the country ("finland's") or its adjective
    # ("Finnish": the country's first three letters and a demonym ending).
    role = {word for word in WORD_RE.findall(fold(entity.role)) if word not in _ROLE_FILLER and not word.isdigit()}
    country = fold(entity.country).split()
    for word in context:
        word = word.removesuffix("'s").removesuffix("’s")
        if word in role or word in country:
            return True
        if len(country) == 1 and word[:3] == country[0][:3] and word.endswith(_DEMONYM_ENDINGS):
            return True
    return False


_DEMONYM_ENDINGS = ("an", "ian", "ese", "ish", "i", "ch", "ic")


def _cover_accepted_names(folded: Sequence[str], accepted_words: frozenset[str], covered: list[bool]) -> None:
    """Mark the words of any multi-word name the user accepted, so no part of it is a near miss."""
    for length in range(len(folded), 1, -1):
        for start in range(len(folded) - length + 1):
            if " ".join(folded[start : start + length]) in accepted_words:
                covered[start : start + length] = [True] * length


def _fuzzy_query(words: Sequence[str]) -> bool:
    # Acronyms ("NATO", "WHO") and numbered terms are only ever matched exactly.
    return all(not (len(w) > 1 and w.isupper()) and not any(c.isdigit() for c in w) for w in words)


def _mention(run: NameSpan, start: int, length: int, form: Form, distance: int) -> Mention:
    tokens = run.tokens[start : start + length]
    return Mention(
        span=Span(tokens[0].start, tokens[-1].end),
        words=tokens,
        written=" ".join(run.words[start : start + length]),
        form=form,
        distance=distance,
    )


def word_budget(length: int) -> int:
    """Return how many edits a listed word of `length` letters may differ by and still match."""
    return 0 if length < 4 else 1 if length < 8 else 2


def key_budget(length: int, words: int) -> int:
    """Return the edit budget of a whole compact form: single words need 7 letters for one edit."""
    if words == 1:
        return 1 if length >= 7 else 0
    return 0 if length < 6 else 1 if length < 9 else 2


def nearest(words: Sequence[str], index: GazetteerIndex) -> Candidate | None:
    """Return the single closest accepted form to the folded `words`, or None if none is close or two tie."""
    from rapidfuzz.distance import OSA

    key = compact("".join(words))
    budget = key_budget(len(key), len(words))
    if budget == 0 or all(zipf(word) >= SEARCH_BELOW_ZIPF for word in words):
        return None
    best: list[Candidate] = []
    for form in index.candidates(key, budget):
        if OSA.distance(key, form.key, score_cutoff=budget) > budget:
            continue
        candidate = _compare(words, key, form, budget)
        if candidate is None:
            continue
        if not best or candidate.distance < best[0].distance:
            best = [candidate]
        elif candidate.distance == best[0].distance:
            best.append(candidate)
    if not best or len({id(c.form.entity) for c in best}) > 1:
        return None
    candidate = best[0]
    # A rare written word is a slip ("Chuning"); a common one ("Arden") is a slip only beside a
    # distinctive word of the same name ("Jacinda Arden"), one edit away.
    distinctive = candidate.distance == 1 and any(
        written == listed and len(written) >= 5 and zipf(written) < DISTINCTIVE_BELOW_ZIPF
        for written, listed in zip(words, candidate.form.words)
    )
    if not distinctive and not any(_rare(written, listed) for written, listed in candidate.differing):
        return None
    if len(words) == 1 and zipf(words[0]) >= SINGLE_WORD_BELOW_ZIPF:
        return None  # a lone word must be all but unknown to English ("Xinjang", not "Francke")
    if any(index.is_known_word(written) for written, _ in candidate.differing):
        return None
    return candidate


def _compare(words: Sequence[str], key: str, form: Form, budget: int) -> Candidate | None:
    from rapidfuzz.distance import OSA

    if len(form.words) == 1 and form.entity.type is EntityType.PERSON:
        return None
    if len(words) != len(form.words):
        # Only a spacing or hyphenation slip ("Xi Jin Ping") may change the word count.
        if key == form.key:
            return Candidate(form, 1, (("".join(words), form.key),))
        return None
    differing = tuple((w, f) for w, f in zip(words, form.words) if w != f)
    # A place or body plus or minus an ending is a demonym or plural ("South Korean", "Nigerian").
    endings_matter = form.entity.type is not EntityType.PERSON
    total = 0
    for written, listed in differing:
        allowed = word_budget(len(listed))
        if allowed == 0 or written[0] != listed[0]:
            return None
        if endings_matter and (written.startswith(listed) or listed.startswith(written)):
            return None
        if written == listed + "s":  # "the Kennedys": a plural, not a misspelling
            return None
        if ("-" in written or "-" in listed) and not _one_syllable_slip(written, listed):
            return None
        distance = OSA.distance(written, listed, score_cutoff=allowed)
        if distance > allowed:
            return None
        total += distance
    if not differing or total > budget:
        return None
    return Candidate(form, total, differing)


def _one_syllable_slip(written: str, listed: str) -> bool:
    # Korean and Taiwanese given names are hyphenated syllables: "Jae-yong" is another person
    # than "Jae-myung", while "Jung-un" is a slip for "Jong-un" (one syllable, one edit).
    from rapidfuzz.distance import OSA

    one, two = written.split("-"), listed.split("-")
    if len(one) != len(two):
        return False
    differing = [(a, b) for a, b in zip(one, two) if a != b]
    return len(differing) == 1 and OSA.distance(*differing[0]) == 1


def _rare(written: str, listed: str) -> bool:
    # A written word that English uses about as much as the listed one is a different name.
    frequency = zipf(written)
    return frequency < COMMON_ZIPF or frequency < zipf(listed) - 1.0


# Words that may stand before a short reference inside one capitalised run ("Mr Hua",
# "Foreign Minister Wang", "Spokeswoman Hua").
TITLE_WORDS = frozenset(
    """mr mrs ms miss dr madam mister prof president premier chairman chairwoman chairperson
    minister prime foreign deputy vice secretary general spokesman spokeswoman spokesperson
    ambassador envoy governor mayor leader king queen prince princess crown sheikh emir sultan
    ayatollah chancellor senator congressman congresswoman representative judge justice
    commissioner director chief executive state counsellor councillor""".split()
)
_REFERENCES_KEY = "_gazetteer_references"


@dataclass(frozen=True, slots=True)
class Reference:
    """A later mention of a person by one part of the name ("Hua", or wrongly "Chunying")."""

    span: Span
    first: Mention  # the earlier full-name mention it refers back to
    given: bool  # the part is a given name of a family-name-first person

    @property
    def entity(self) -> Entity:
        return self.first.entity


def references(document: Document, index: GazetteerIndex, accepted_words: frozenset[str] = frozenset()) -> list[Reference]:
    """Return the short references to people whose full name appeared earlier in `document`."""
    cache = document.__dict__.setdefault(_REFERENCES_KEY, {})
    key = (id(index), accepted_words)
    if key not in cache:
        cache[key] = list(_references(document, index, accepted_words))
    return cache[key]  # type: ignore[no-any-return]


def _references(document: Document, index: GazetteerIndex, accepted_words: frozenset[str]) -> Iterator[Reference]:
    found = mentions(document, index, accepted_words)
    covered = {token.start for mention in found for token in mention.words}
    shorts: dict[str, dict[int, Mention]] = {}  # key -> {id(entity): latest mention}
    givens: dict[str, dict[int, Mention]] = {}
    last_words: set[str] = set()
    pending = iter(found)
    upcoming = next(pending, None)
    for run in document.names:
        while upcoming is not None and upcoming.span.start < run.span.end:
            if upcoming.entity.type is EntityType.PERSON and len(upcoming.words) > 1:
                last_words.update(key.rpartition(" ")[2] for key in _remember(upcoming, shorts, givens))
            upcoming = next(pending, None)
        if not shorts:
            continue
        for first, stop in _uncovered_segments(run, covered):
            if exact_key(run.words[stop - 1]).rpartition(" ")[2] not in last_words:
                continue  # cheap test first: no short form or given name ends this way
            while first < stop - 1 and fold(run.words[first]) in TITLE_WORDS:
                first += 1
            written = exact_key(" ".join(run.words[first:stop]))
            if written in accepted_words:
                continue
            span = Span(run.tokens[first].start, run.tokens[stop - 1].end)
            short = shorts.get(written, {})
            given = givens.get(written, {})
            if len(short) == 1:
                yield Reference(span, next(iter(short.values())), given=False)
            elif len(given) == 1 and not short and not index.lookup(written):
                yield Reference(span, next(iter(given.values())), given=True)


@functools.lru_cache(maxsize=4096)
def _reference_keys(entity: Entity) -> tuple[str, tuple[str, ...]]:
    return exact_key(entity.second_reference), tuple(exact_key(given) for given in entity.given_names)


def _uncovered_segments(run: NameSpan, covered: set[int]) -> Iterator[tuple[int, int]]:
    start = None
    for position, token in enumerate(run.tokens):
        if token.start in covered:
            if start is not None:
                yield start, position
            start = None
        elif start is None:
            start = position
    if start is not None:
        yield start, len(run.tokens)


def _remember(mention: Mention, shorts: dict[str, dict[int, Mention]], givens: dict[str, dict[int, Mention]]) -> list[str]:
    """Record how `mention`'s person may be referred to later; return the keys recorded."""
    entity = mention.entity
    short, given_names = _reference_keys(entity)
    keys = [short, *given_names]
    shorts.setdefault(short, {})[id(entity)] = mention
    for given in given_names:
        givens.setdefault(given, {})[id(entity)] = mention
    name_words = entity.name.split()
    written_words = mention.written.split()
    if not mention.accepted and given_names and len(name_words) == len(written_words):
        # A misspelt full name ("Hua Chuning") makes its misspelt given name a reference too.
        for listed, written in zip(name_words, written_words):
            if exact_key(listed) in given_names:
                keys.append(exact_key(written))
                givens.setdefault(keys[-1], {})[id(entity)] = mention
    return keys
