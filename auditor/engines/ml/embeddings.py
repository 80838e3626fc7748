"""Sentence, paragraph and document embeddings with the packaged all-MiniLM-L6-v2 encoder.

Two uses: :func:`link_stories` groups the files of a batch that report the same story (document
cosine at or above a threshold), so that cross-file consistency applies within a story and not across
unrelated articles; :func:`paragraph_outliers` finds a paragraph far from the rest of its document
(an inserted ad, another article's paragraph). Both thresholds are calibrated on OneStopEnglish dev
by ``benchmarks/ml_calibrate_embeddings.py`` and stored in ``embedding_thresholds.json``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.engines.ml.runtime import import_torch, load_encoder

THRESHOLDS_FILE = Path(__file__).with_name("embedding_thresholds.json")
MAX_TOKENS = 256  # the encoder's trained length; longer paragraphs are cut
# Paragraphs shorter than this (titles, bylines, captions) neither get judged nor shape a document.
MIN_PARAGRAPH_WORDS = 8
MIN_OTHER_PARAGRAPHS = 2
PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*")


@dataclass(frozen=True)
class EmbeddingThresholds:
    story_cosine: float
    """two documents whose embeddings are at least this similar report the same story."""
    paragraph_cosine: float
    """a paragraph less similar than this to the rest of its document is out of place."""

    @classmethod
    def calibrated(cls, path: Path = THRESHOLDS_FILE) -> EmbeddingThresholds:
        stored = json.loads(path.read_text(encoding="utf-8"))
        return cls(float(stored["story_cosine"]["value"]), float(stored["paragraph_cosine"]["value"]))


@dataclass(frozen=True)
class ParagraphOutlier:
    start: int
    end: int
    similarity: float
    """cosine between this paragraph and the mean of the document's other paragraphs."""


def embed(texts: Sequence[str], batch_size: int = 32) -> Any:
    """Unit-length embeddings (a float tensor, one row per text): mean of the token vectors."""
    torch = import_torch()
    tokenizer, model = load_encoder()
    rows = []
    for first in range(0, len(texts), batch_size):
        encoded = tokenizer(
            list(texts[first : first + batch_size]),
            padding=True,
            truncation=True,
            max_length=MAX_TOKENS,
            return_tensors="pt",
        )
        with torch.no_grad():
            hidden = model(**encoded).last_hidden_state
        mask = encoded["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)
        rows.append(torch.nn.functional.normalize(pooled, dim=-1))
    return torch.cat(rows) if rows else torch.zeros((0, model.config.hidden_size))


def paragraphs_of(text: str) -> list[tuple[int, int]]:
    """Char spans of the paragraphs of ``text`` that have at least :data:`MIN_PARAGRAPH_WORDS` words
    (a paragraph is a non-blank line: news files put one paragraph on a line)."""
    return [
        (match.start(), match.end())
        for match in PARAGRAPH.finditer(text)
        if len(match.group().split()) >= MIN_PARAGRAPH_WORDS
    ]


def _unit(vector: Any) -> Any:
    return import_torch().nn.functional.normalize(vector, dim=-1)


def document_embedding(paragraph_vectors: Any) -> Any:
    """A document's embedding: the unit-length mean of its paragraphs' embeddings."""
    return _unit(paragraph_vectors.mean(0))


def embed_documents(texts: Sequence[str]) -> Any:
    """One unit-length row per document (a document without long paragraphs is embedded whole)."""
    torch = import_torch()
    pieces: list[str] = []
    owners: list[int] = []
    for index, text in enumerate(texts):
        spans = paragraphs_of(text) or [(0, len(text))]
        pieces += [text[start:end] for start, end in spans]
        owners += [index] * len(spans)
    vectors = embed(pieces)
    owner = torch.tensor(owners)
    return torch.stack([document_embedding(vectors[owner == index]) for index in range(len(texts))])


def link_stories(documents: Mapping[str, str], threshold: float) -> list[list[str]]:
    """Groups of document names that report the same story (connected by cosine >= threshold),
    each group sorted, groups in order of their first name; a document alone is a group of one."""
    names = sorted(documents)
    vectors = embed_documents([documents[name] for name in names])
    similar = (vectors @ vectors.T).tolist()
    parent = list(range(len(names)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            if similar[i][j] >= threshold:
                parent[root(j)] = root(i)
    groups: dict[int, list[str]] = {}
    for index, name in enumerate(names):
        groups.setdefault(root(index), []).append(name)
    return list(groups.values())


def paragraph_similarities(vectors: Any) -> list[float]:
    """For each paragraph, the cosine to the unit mean of all the others (leave one out)."""
    total = vectors.sum(0)
    return [float(vectors[i] @ _unit(total - vectors[i])) for i in range(len(vectors))]


def paragraph_outliers(text: str, threshold: float) -> list[ParagraphOutlier]:
    """Paragraphs far from the rest of their document (needs three long paragraphs or more)."""
    spans = paragraphs_of(text)
    if len(spans) <= MIN_OTHER_PARAGRAPHS:
        return []
    similarities = paragraph_similarities(embed([text[start:end] for start, end in spans]))
    return [
        ParagraphOutlier(start, end, similarity)
        for (start, end), similarity in zip(spans, similarities)
        if similarity < threshold
    ]
