"""Locate and read the evaluation data (../shared/eval by default) as plain records."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "eval"
DATA_ENV = "AUDITOR_EVAL_DATA"

MQM_SETS = ("wmt21_ted_mqm_zhen", "wmt23_mqm_zhen_sxs")
MLQE = "mlqe_pe_to_en"
ONESTOP = "onestopenglish"
CONLL = "conll2014_test"
ALL_SETS = (*MQM_SETS, MLQE, ONESTOP, CONLL)

WHERE_TO_GET = """\
The evaluation data is a folder with one sub-folder per set, each holding dev.jsonl and SOURCE.md:
  wmt21_ted_mqm_zhen, wmt23_mqm_zhen_sxs  MQM ratings, github.com/google/wmt-mqm-human-evaluation
  mlqe_pe_to_en                           MLQE-PE word tags, github.com/sheffieldnlp/mlqe-pe
  onestopenglish                          github.com/nishkalavallabhi/OneStopEnglishCorpus
  conll2014_test                          CoNLL-2014 test set (M2), www.comp.nus.edu.sg/~nlp/conll14st.html
The team's extracted copy lives in ../shared/eval (each SOURCE.md says how it was extracted).
Point at another copy with --data DIR or the AUDITOR_EVAL_DATA environment variable."""


def data_dir(option: str | None) -> Path:
    """Return the data folder from the option, the environment or the default; exit with help when missing."""
    chosen = option or os.environ.get(DATA_ENV) or str(DEFAULT_DATA)
    path = Path(chosen)
    missing = [name for name in ALL_SETS if not (path / name / "dev.jsonl").is_file()]
    if missing:
        print(f"evaluation data not found: {path} lacks {', '.join(f'{m}/dev.jsonl' for m in missing)}", file=sys.stderr)
        print(WHERE_TO_GET, file=sys.stderr)
        raise SystemExit(2)
    return path


def records(data: Path, name: str, split: str = "dev") -> Iterator[dict]:  # type: ignore[type-arg]
    """Yield the JSON records of one set's split."""
    with open(data / name / f"{split}.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
