"""How much per-word work a process remembers across the documents of a run.

Per-word facts (a word's fold, syllables, frequency class, a mangled-term verdict) are computed
once per distinct word and kept for the next documents. A megabyte of news English has some
20,000 distinct words, so a cache of `WORDS_REMEMBERED` entries serves an article or a large
file whole; its bound is what keeps a worker's memory flat over a run of any size (each cache
at 2^16-2^18 entries made a worker grow from 134 MiB at 1 MB to 215 MiB at 100 MB).
"""

WORDS_REMEMBERED = 1 << 14
