"""How much per-word work a process remembers across the documents of a run.

Per-word facts (a word's fold, syllables, frequency class, a mangled-term verdict) are computed
once per distinct word and kept for the next documents. A megabyte of news English has some
20,000 distinct words, most of them used once: the `WORDS_REMEMBERED` most recent ones hold the
words that articles repeat. The bound is what keeps a worker's memory flat over a run of any
size. With each cache at 2^16-2^18 entries a worker grew from 134 MiB at 1 MB to 215 MiB at
100 MB; at 2^14, 160-171 MiB from 10 MB on; at 2^13 it stays at 123-132 MiB from 1 MB to
100 MB, for a 10 MB run about 2% slower than at 2^14 (30.3-30.8 s against 29.7-29.9 s,
alternated).
"""

WORDS_REMEMBERED = 1 << 13
