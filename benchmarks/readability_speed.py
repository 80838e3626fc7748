"""Time readability scoring: 1 MB cold and warm, a 1,000-word article through the API, textstat alone.

Run as `python -m benchmarks.readability_speed [--textstat]`. The 1 MB text is OneStopEnglish
(../shared/eval) joined into paragraphs, or the seeds repeated when that data is absent.
"Cold" runs in a fresh process (imports, CMU and Pyphen loading included); "warm" repeats the
work in the same process on a new Document. `--textstat` also times calling textstat's own
functions on every paragraph and the whole text, the cost that counting once avoids.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.datasets import DEFAULT_DATA, ONESTOP, ROOT

MB = 1_000_000

_COLD = """
import json, sys, time
wall, cpu = time.perf_counter(), time.process_time()
from auditor.api import load_ruleset
from auditor.check.document import context_for
from auditor.check.readability import summary
from auditor.text.document import Document
text = open(sys.argv[1], encoding="utf-8").read()
context = context_for(load_ruleset().select(lambda rule: rule.kind == "readability"))
document = Document(text)
document.sentences
setup = time.perf_counter() - wall, time.process_time() - cpu
wall, cpu = time.perf_counter(), time.process_time()
summary(document, context)
cold = time.perf_counter() - wall, time.process_time() - cpu
document = Document(text)
document.sentences
wall, cpu = time.perf_counter(), time.process_time()
summary(document, context)
warm = time.perf_counter() - wall, time.process_time() - cpu
print(json.dumps({"setup": setup, "cold": cold, "warm": warm}))
"""

_API = """
import json, sys, time
wall = time.perf_counter()
from auditor.api import audit_text, load_ruleset
from auditor.check.document import context_for
text = open(sys.argv[1], encoding="utf-8").read()
ruleset = load_ruleset().select(lambda rule: rule.kind == "readability")
context = context_for(ruleset)
loaded = time.perf_counter() - wall
wall = time.perf_counter()
audit_text(text, ruleset=ruleset, context=context)
first = time.perf_counter() - wall
times = []
for _ in range(20):
    wall = time.perf_counter()
    audit_text(text, ruleset=ruleset, context=context)
    times.append(time.perf_counter() - wall)
print(json.dumps({"loaded": loaded, "first": first, "warm": min(times)}))
"""

_TEXTSTAT = """
import json, sys, time
wall = time.perf_counter()
import textstat
text = open(sys.argv[1], encoding="utf-8").read()
names = ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index",
         "automated_readability_index", "dale_chall_readability_score", "text_standard")
for chunk in [p for p in text.split("\\n\\n") if p.strip()] + [text]:
    for name in names:
        getattr(textstat, name)(chunk)
print(json.dumps({"textstat": time.perf_counter() - wall}))
"""


def corpus(size: int) -> str:
    """Return about `size` characters of news prose, paragraphs separated by blank lines."""
    path = DEFAULT_DATA / ONESTOP / "dev.jsonl"
    if path.is_file():
        with open(path, encoding="utf-8") as handle:
            texts = [json.loads(line)["text"].replace("\n", "\n\n") for line in handle if line.strip()]
    else:
        texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    chunks, total, index = [], 0, 0
    while total < size:
        chunks.append(texts[index % len(texts)])
        total += len(chunks[-1]) + 2
        index += 1
    return "\n\n".join(chunks)


def article(words: int = 1000) -> str:
    """Return the first paragraphs of the corpus that hold about `words` words."""
    paragraphs, count = [], 0
    for paragraph in corpus(20_000).split("\n\n"):
        paragraphs.append(paragraph)
        count += len(paragraph.split())
        if count >= words:
            break
    return "\n\n".join(paragraphs)


def _run(script: str, text: str) -> dict[str, object]:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as handle:
        handle.write(text)
    try:
        out = subprocess.run([sys.executable, "-c", script, handle.name], capture_output=True, text=True, check=True, cwd=ROOT)
    finally:
        Path(handle.name).unlink()
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per measure; the fastest is reported")
    parser.add_argument("--textstat", action="store_true", help="also time textstat's functions on every paragraph")
    args = parser.parse_args()
    big, small = corpus(MB), article()
    runs = [_run(_COLD, big) for _ in range(args.runs)]
    best = min(runs, key=lambda r: r["cold"][0])  # type: ignore[index]
    print(f"1 MB ({len(big):,} characters), readability summary (every paragraph and the document):")
    print(f"  segmenting first (not readability): {best['setup'][0]:.3f} s")  # type: ignore[index]
    print(f"  cold, fresh process: {best['cold'][0]:.3f} s wall, {best['cold'][1]:.3f} s CPU")  # type: ignore[index]
    print(f"  warm, same process:  {best['warm'][0]:.3f} s wall, {best['warm'][1]:.3f} s CPU")  # type: ignore[index]
    api = min((_run(_API, small) for _ in range(args.runs)), key=lambda r: r["warm"])  # type: ignore[arg-type,return-value]
    print(f"{len(small.split())}-word article through audit_text (readability rules only):")
    print(f"  first call in a process: {api['first'] * 1000:.0f} ms; warm: {api['warm'] * 1000:.1f} ms")  # type: ignore[operator]
    if args.textstat:
        baseline = _run(_TEXTSTAT, big)
        print(f"textstat's own functions on every paragraph and the document, fresh process: {baseline['textstat']:.1f} s")


if __name__ == "__main__":
    main()
