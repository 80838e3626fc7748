"""`source-numbers`: numbers, dates, percentages and amounts of the source missing or changed in the translation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from auditor.kinds.base import Rule, RuleDataError, check_message_template
from auditor.kinds.helpers.aligned import target_segments
from auditor.model import Finding, Span

if TYPE_CHECKING:
    from auditor.context import CheckContext
    from auditor.text.document import Document

# Full-width and Arabic-Indic (Arabic, Persian) digits, separators and per cent signs to ASCII.
_FULL_WIDTH = str.maketrans(
    "０１２３４５６７８９，．％٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٬٫٪", "0123456789,.%01234567890123456789,.%"
)
_DIGIT = "0-9０-９\u0660-\u0669\u06f0-\u06f9"
_DIGITS = rf"[{_DIGIT}]+(?:[,，٬][{_DIGIT}]{{3}})*(?:[.．٫][{_DIGIT}]+)?"
_CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
_CHINESE_SCALES = {"万": 10_000, "亿": 100_000_000}
_CHINESE_NUMERAL = "".join([*_CHINESE_DIGITS, *_CHINESE_UNITS, *_CHINESE_SCALES])
_SOURCE_RE = re.compile(
    rf"(?P<digits>(?<![{_DIGIT}A-Za-z]){_DIGITS})(?:[多余])?(?P<scale>[万亿]+)?(?P<decade>年代)?[%％٪]?"
    rf"|(?P<chinese>[{_CHINESE_NUMERAL}]+)(?:点(?P<decimals>[零〇一二三四五六七八九]+))?(?P<next>.?)"
)
_TARGET_RE = re.compile(
    r"(?<![\w.])(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<suffix>st|nd|rd|th|s)?(?!\d|,\d{3}\b)"
    r"(?:\s*(?P<scale>[A-Za-z]+))?"
    r"|(?P<word>\b[A-Za-z]+(?:-[A-Za-z]+)?\b)"
)

# The second number of a range whose scale word the first shares: "between 1.27 and 2.5 million".
_RANGE_RE = re.compile(r"\s*(?:to|and|up to|-|–)\s*[\d.]+\s*([a-z]+)")


class _Value(NamedTuple):
    value: float
    span: Span  # in the source segment or in the target
    text: str


def chinese_numeral(numeral: str) -> float | None:
    """The value of a Chinese numeral (一千五百万 = 15,000,000; 二〇二三 = 2023), or None if it is not one."""
    if not any(char in _CHINESE_UNITS or char in _CHINESE_SCALES for char in numeral):
        if len(numeral) == 2 and not any(char in "零〇" for char in numeral):
            return None  # 三四 is "three or four", not 34
        return float("".join(str(_CHINESE_DIGITS[char]) for char in numeral))
    total, section, digit = 0.0, 0.0, None
    for char in numeral:
        if char in _CHINESE_DIGITS:
            if digit is not None:
                return None
            digit = _CHINESE_DIGITS[char]
        elif char in _CHINESE_UNITS:
            section += (1 if digit is None else digit) * _CHINESE_UNITS[char]
            digit = None
        else:
            scale = _CHINESE_SCALES[char]
            section += digit or 0
            if section == 0 and total == 0:
                return None
            total = (total + section) * scale if scale > 10_000 else total + section * scale
            section, digit = 0.0, None
    return total + section + (digit or 0)


@dataclass(frozen=True, kw_only=True)
class SourceNumbers(Rule):
    """Compare the numbers of each source segment with those of its translation.

    Source numbers are Arabic digits (half- or full-width or Arabic-Indic, grouped or not, with
    万/亿 scales: 150万 is 1,500,000) or Chinese numerals (一千五百万, 五点二); a one-character
    Chinese numeral counts only before one of `counted_after` (三年, 五月) and never 一, which is
    as often "a"; numerals inside `ignored` phrases (万一, 十分) are not numbers. Target
    numbers are digits with `scales` (1.5 million), `number_words` and `months`. A source
    value counts as carried over when some target value equals it within `tolerance`
    (relative). When one source value and one target number are left unmatched, the target
    number is flagged as changed (`expected`: the source value in English form); other
    unmatched source values are flagged on the whole segment as missing.
    Message names: `match`, `expected`, `source` (the source numbers as written), `missing`.
    """

    missing_message: str
    scales: dict[str, float] = field(default_factory=dict)
    number_words: dict[str, float] = field(default_factory=dict)
    months: dict[str, float] = field(default_factory=dict)
    counted_after: str = ""
    ignored: tuple[str, ...] = ()  # source phrases whose numerals are not numbers (万一, 千万)
    tolerance: float = 0.005

    def __post_init__(self) -> None:
        check_message_template(self.message)
        check_message_template(self.missing_message)
        if not 0 <= self.tolerance < 0.5:
            raise RuleDataError("tolerance", "'tolerance' must be between 0 and 0.5")

    def check(self, document: "Document", context: "CheckContext") -> Iterator[Finding]:
        for segment, target in target_segments(document):
            source_values = self.source_values(segment.source)
            if not source_values:
                continue
            target_values = self.target_values(target)
            missing = [value for value in source_values if not any(self._same(value.value, t.value) for t in target_values)]
            if not missing:
                continue
            unmatched = [t for t in target_values if t.text[:1].isdigit() and not any(self._same(s.value, t.value) for s in source_values)]
            start = segment.target.start
            if len(missing) == 1 and len(unmatched) == 1:
                changed, expected = unmatched[0], english_number(missing[0].value)
                yield self.finding(
                    changed.span.shifted(start),
                    suggestions=(expected,),
                    match=changed.text,
                    expected=expected,
                    source=missing[0].text,
                )
                continue
            yield self._missing(segment.target, missing)

    def _missing(self, span: Span, missing: list[_Value]) -> Finding:
        listed = ", ".join(dict.fromkeys(value.text for value in missing))
        return self.finding(span, template=self.missing_message, missing=listed, source=listed)

    def _same(self, source: float, target: float) -> bool:
        return abs(source - target) <= self.tolerance * abs(source) + 1e-9

    def source_values(self, text: str) -> list[_Value]:
        """The numbers of a (Chinese or English) source segment."""
        values = []
        skipped = [Span(m.start(), m.end()) for phrase in self.ignored for m in re.finditer(re.escape(phrase), text)]
        for match in _SOURCE_RE.finditer(text):
            span = Span(match.start(), match.end())
            if any(span.overlaps(s) for s in skipped):
                continue
            if match.group("digits"):
                value = float(match.group("digits").translate(_FULL_WIDTH).replace(",", ""))
                for char in match.group("scale") or "":
                    value *= _CHINESE_SCALES[char]
                if match.group("decade") and value < 100:  # 80年代: the 1980s
                    value += 1900
                values.append(_Value(value, span, match.group().translate(_FULL_WIDTH)))
                continue
            numeral, decimals = match.group("chinese"), match.group("decimals")
            if len(numeral) == 1 and not decimals and (numeral == "一" or numeral not in _CHINESE_DIGITS or not match.group("next") or match.group("next") not in self.counted_after):
                continue
            chinese = chinese_numeral(numeral)
            if chinese is not None:
                if decimals:
                    chinese += float("0." + "".join(str(_CHINESE_DIGITS[char]) for char in decimals))
                written = text[span.start : match.end("decimals") if decimals else match.end("chinese")]
                values.append(_Value(chinese, Span(span.start, span.start + len(written)), written))
        return values

    def target_values(self, text: str) -> list[_Value]:
        """The numbers of an English target: digits (with scales), number words, months."""
        values = []
        for match in _TARGET_RE.finditer(text):
            if match.group("digits"):
                value = float(match.group("digits").replace(",", ""))
                scale = (match.group("scale") or "").lower()
                end = match.end() if scale in self.scales else match.end("digits")
                values.append(_Value(value * self.scales.get(scale, 1), Span(match.start(), end), text[match.start() : end]))
                shared = _RANGE_RE.match(text, match.end("digits"))
                if scale not in self.scales and shared and shared.group(1) in self.scales:  # "1.27 and 2.5 million"
                    values.append(_Value(value * self.scales[shared.group(1)], Span(match.start(), end), text[match.start() : end]))
                if match.group("suffix") == "s" and value < 100:  # the '90s
                    values.append(_Value(1900 + value, Span(match.start(), end), text[match.start() : end]))
                continue
            word = match.group("word")
            named = self._word_value(word)
            if named is not None:
                values.append(_Value(named, Span(match.start(), match.end()), word))
            elif word.lower() in self.scales:  # "per million"
                values.append(_Value(self.scales[word.lower()], Span(match.start(), match.end()), word))
                continue
            elif word.lower() not in ("a", "an"):
                continue
            following = re.match(r"\s+([a-z]+)", text[match.end() :])
            if following and following.group(1) in self.scales:  # "two million", "a billion"
                scaled = (1 if named is None else named) * self.scales[following.group(1)]
                values.append(_Value(scaled, Span(match.start(), match.end() + following.end()), word))
        return values

    def _word_value(self, word: str) -> float | None:
        """The value of a number word (twenty-five) or a capitalised month name (May, not may)."""
        lowered = word.lower()
        if lowered in self.number_words:
            return self.number_words[lowered]
        if word[0].isupper() and lowered in self.months:
            return self.months[lowered]
        first, _, second = lowered.partition("-")
        if second and first in self.number_words:  # twenty-five; two-day
            return self.number_words[first] + self.number_words.get(second, 0)
        return None


def english_number(value: float) -> str:
    """Write a value as English news does: 15; 1,500; 1.5 million; 2.35 billion; 0.5."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if value >= size:
            return f"{value / size:.3f}".rstrip("0").rstrip(".") + f" {word}"
    if value == int(value):
        return f"{int(value):,}" if value >= 1000 else str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")

