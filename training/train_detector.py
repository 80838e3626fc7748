"""Train ML001's word-error detector: adapters + head over the packaged MiniLM (``make train-detector``).

    python -m training.train_detector prepare --eval-dir ../shared/eval --out .device
    python -m training.train_detector train --data .device/detector_data.json.gz \
        --encoder .device/minilm --out auditor/engines/ml/weights

``prepare`` builds the examples (:mod:`training.detector_data`) and a float16 copy of the encoder
(small enough to carry to a GPU machine); ``train`` is seeded, keeps the epoch whose validation
precision at 5 findings per 1,000 MQM words is best, chooses the threshold on the validation
fold (MQM machine outputs) and on OneStopEnglish false alarms, and writes the weights and a
manifest. It runs on CUDA when available, else on CPU (slow: hours on two cores).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from auditor.engines.ml.detector import MANIFEST_FILE, WEIGHTS_FILE, FlaggedSpan, encode, flagged_spans, pad, word_probabilities
from auditor.engines.ml.lora import ADAPTED_LAYERS, WordErrorModel
from training import detector_data

ENCODER_SOURCE_FILE = "encoder_source.json"
HYPER = {
    "lora_rank": 16, "lora_alpha": 32.0, "epochs": 2, "batch_size": 32, "learning_rate": 5e-4,
    "weight_decay": 0.01, "warmup_share": 0.05, "dropout": 0.1, "max_pieces": 200,
    "origin_weights": {"mlqe": 0.2, "mqm": 1.0, "synthetic": 1.0},
}
TARGET_RATE = 5.0  # findings per 1,000 words on MQM machine outputs
MAX_FALSE_ALARMS = 2.0  # findings per 1,000 words on edited OneStopEnglish
THRESHOLDS = [round(0.30 + 0.01 * i, 2) for i in range(65)] + [0.955, 0.96, 0.965, 0.97, 0.975, 0.98, 0.985, 0.99]


def log(*parts: object) -> None:
    print(time.strftime("%H:%M:%S"), *parts, flush=True)


def prepare(eval_dir: Path, out: Path, seed: int) -> None:
    """The training data and a float16 copy of the packaged encoder, under ``out``."""
    from auditor.engines.ml import runtime

    out.mkdir(parents=True, exist_ok=True)
    examples, counts = detector_data.build(eval_dir, seed)
    files = {f"{name}/dev.jsonl": hashlib.sha256((eval_dir / name / "dev.jsonl").read_bytes()).hexdigest()
             for name in (detector_data.MLQE_SET, *detector_data.MQM_SETS, "onestopenglish")}
    detector_data.write(out / "detector_data.json.gz", examples, {
        "seed": seed, "counts": counts, "files_sha256": files, "valid_percent": detector_data.VALID_PERCENT,
        "onestop": detector_data.false_alarm_texts(eval_dir)})
    source = runtime.packaged_encoder_path()
    encoder_dir = out / "minilm"
    encoder_dir.mkdir(exist_ok=True)
    for name in ("config.json", "tokenizer.json", "tokenizer_config.json", "vocab.txt", "special_tokens_map.json"):
        shutil.copy(source / name, encoder_dir / name)
    safetensors_torch = runtime.import_module("safetensors.torch")
    weights = safetensors_torch.load_file(str(source / "model.safetensors"))
    safetensors_torch.save_file({k: v.half() for k, v in weights.items()}, str(encoder_dir / "model.safetensors"))
    (encoder_dir / ENCODER_SOURCE_FILE).write_text(json.dumps({
        "package": runtime.ENCODER_DISTRIBUTION, "model": "sentence-transformers/all-MiniLM-L6-v2",
        "model_safetensors_sha256": hashlib.sha256((source / "model.safetensors").read_bytes()).hexdigest(),
        "note": "float16 copy of the packaged weights, used for training on the GPU machine"}, indent=1))
    log(f"prepared {len(examples)} examples and the encoder under {out}")


def curve_point(spans: Sequence[Sequence[FlaggedSpan]], gold: Sequence[Sequence[Sequence[int]]], words: int) -> dict[str, float]:
    found = sum(len(s) for s in spans)
    hits = sum(1 for text_spans, text_gold in zip(spans, gold) for span in text_spans
               if any(span.start < end and start < span.end for start, end in text_gold))
    return {"findings": found, "per_1000_words": 1000 * found / max(1, words), "precision": hits / found if found else 0.0}


def validation_curve(mqm: Sequence[dict[str, Any]], mqm_probs: Sequence[Sequence[tuple[int, int, float]]],
                     onestop_probs: Sequence[Sequence[tuple[int, int, float]]]) -> list[dict[str, float]]:
    words = sum(len(p) for p in mqm_probs)
    onestop_words = sum(len(p) for p in onestop_probs)
    gold = [example["error_spans"] for example in mqm]
    points = []
    for threshold in THRESHOLDS:
        point = curve_point([flagged_spans(p, threshold) for p in mqm_probs], gold, words)
        false_alarms = sum(len(flagged_spans(p, threshold)) for p in onestop_probs)
        points.append({"threshold": threshold, **point, "onestop_per_1000_words": 1000 * false_alarms / max(1, onestop_words)})
    return points


def choose_threshold(points: Sequence[dict[str, float]]) -> tuple[float, str]:
    """Best precision among thresholds meeting both rates; else the lowest one within the false-alarm cap."""
    quiet = [p for p in points if p["onestop_per_1000_words"] <= MAX_FALSE_ALARMS]
    both = [p for p in quiet if p["per_1000_words"] >= TARGET_RATE]
    if both:
        best = max(both, key=lambda p: (p["precision"], -p["threshold"]))
        return best["threshold"], "highest MQM validation precision with >= 5 findings/1,000 words and <= 2/1,000 on OneStopEnglish"
    if quiet:
        return min(p["threshold"] for p in quiet), "no threshold meets both targets: lowest one with <= 2 OneStopEnglish findings/1,000 words"
    return max(p["threshold"] for p in points), "no threshold meets the false-alarm cap: the highest one tried"


def train(data_path: Path, encoder_dir: Path, out: Path, seed: int, max_steps: int | None, limit: int | None,
          threads: int, hyper: dict[str, Any]) -> None:
    from auditor.engines.ml import runtime

    torch = runtime.import_torch()
    runtime.configure_threads(torch, threads)
    transformers = runtime.import_transformers()
    safetensors_torch = runtime.import_module("safetensors.torch")
    random.seed(seed)
    torch.manual_seed(seed)
    device = runtime.pick_device()
    data = detector_data.read(data_path)
    examples = data["examples"]
    train_set = [e for e in examples if e["fold"] == "train"]
    mqm_valid = [e for e in examples if e["fold"] == "valid" and e["origin"].startswith("mqm:")]
    onestop = data["onestop"]
    if limit:
        random.Random(seed).shuffle(train_set)
        train_set, mqm_valid, onestop = train_set[:limit], mqm_valid[: limit // 4], onestop[:2]
    log(f"device {device}; {len(train_set)} training examples, {len(mqm_valid)} MQM validation, {len(onestop)} OneStop texts")

    tokenizer = transformers.AutoTokenizer.from_pretrained(str(encoder_dir), local_files_only=True)
    encoder = transformers.AutoModel.from_pretrained(str(encoder_dir), local_files_only=True).float()
    model = WordErrorModel(encoder, encoder.config.hidden_size, hyper["lora_rank"], hyper["lora_alpha"], hyper["dropout"]).to(device)

    _, windows = encode(tokenizer, [e["text"] for e in train_set], hyper["max_pieces"])
    weights = hyper["origin_weights"]
    targets = []
    for window in windows:
        example = train_set[window.text_index]
        labels = [-1.0] * len(window.input_ids)
        for index, position in zip(window.word_indices, window.first_pieces):
            if position >= 0:
                labels[position] = float(example["labels"][index])
        targets.append((labels, weights[example["origin"].split(":")[0]]))
    steps_per_epoch = math.ceil(len(windows) / hyper["batch_size"])
    total = min(max_steps or 10**9, steps_per_epoch * hyper["epochs"])
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=hyper["learning_rate"], weight_decay=hyper["weight_decay"])
    warmup = max(1, int(total * hyper["warmup_share"]))
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: min((step + 1) / warmup, max(0.0, (total - step) / max(1, total - warmup))))
    log(f"{len(windows)} windows, {steps_per_epoch} steps/epoch, {total} steps, {sum(p.numel() for p in trainable)} trained parameters")

    def scorer(ids: Any, mask: Any) -> Any:
        return model(ids, mask)

    best: dict[str, Any] = {}
    step, started = 0, time.time()
    order = list(range(len(windows)))
    for epoch in range(hyper["epochs"]):
        if step >= total:
            break
        model.train()
        random.Random(seed * 1000 + epoch).shuffle(order)
        for first in range(0, len(order), hyper["batch_size"]):
            if step >= total:
                break
            chosen = order[first : first + hyper["batch_size"]]
            ids, mask = pad(torch, [windows[i] for i in chosen], tokenizer.pad_token_id or 0, device)
            labels = torch.full(ids.shape, -1.0)
            sample_weights = torch.zeros(ids.shape)
            for row, i in enumerate(chosen):
                labels[row, : len(targets[i][0])] = torch.tensor(targets[i][0])
                sample_weights[row] = targets[i][1]
            labels, sample_weights = labels.to(device), sample_weights.to(device)
            with torch.autocast(device_type="cuda", dtype=torch.bfloat16, enabled=device == "cuda"):
                logits = model(ids, mask).float()
            scored = labels >= 0
            loss = (torch.nn.functional.binary_cross_entropy_with_logits(logits, labels.clamp(min=0), reduction="none")
                    * sample_weights * scored).sum() / (sample_weights * scored).sum().clamp(min=1e-6)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
            step += 1
            if step % 100 == 0 or step == total:
                log(f"epoch {epoch} step {step}/{total} loss {loss.item():.4f} ({time.time() - started:.0f} s)")
        model.eval()
        mqm_probs = word_probabilities(scorer, tokenizer, [e["text"] for e in mqm_valid], device, 64, hyper["max_pieces"])
        onestop_probs = word_probabilities(scorer, tokenizer, onestop, device, 64, hyper["max_pieces"])
        points = validation_curve(mqm_valid, mqm_probs, onestop_probs)
        at_rate = [p for p in points if p["per_1000_words"] >= TARGET_RATE]
        score = max(at_rate, key=lambda p: p["threshold"])["precision"] if at_rate else 0.0
        log(f"epoch {epoch}: MQM validation precision at >= {TARGET_RATE}/1,000 words: {score:.3f}")
        if not best or score > best["score"]:
            best = {"score": score, "epoch": epoch, "state": model.trained_state(), "points": points}
    train_seconds = time.time() - started

    threshold, rule = choose_threshold(best["points"])
    words = sum(len(e["labels"]) for e in mqm_valid)
    chance = sum(sum(e["labels"]) for e in mqm_valid) / max(1, words)
    out.mkdir(parents=True, exist_ok=True)
    weights_path = out / WEIGHTS_FILE
    safetensors_torch.save_file(best["state"], str(weights_path))
    throughput = measure_throughput(scorer, tokenizer, [e["text"] for e in mqm_valid], device, torch)
    encoder_source = json.loads((encoder_dir / ENCODER_SOURCE_FILE).read_text()) if (encoder_dir / ENCODER_SOURCE_FILE).is_file() else {"folder": str(encoder_dir)}
    manifest = {
        "rule": "ML001",
        "weights_file": WEIGHTS_FILE,
        "weights_sha256": hashlib.sha256(weights_path.read_bytes()).hexdigest(),
        "weights_bytes": weights_path.stat().st_size,
        "encoder": encoder_source,
        "lora_rank": hyper["lora_rank"], "lora_alpha": hyper["lora_alpha"], "adapted_layers": list(ADAPTED_LAYERS),
        "threshold": threshold, "threshold_rule": rule,
        "seed": seed, "hyperparameters": hyper, "steps": step, "best_epoch": best["epoch"],
        "device": torch.cuda.get_device_name() if device == "cuda" else "cpu",
        "train_seconds": round(train_seconds, 1),
        "training_data": {
            "files_sha256": data["files_sha256"], "counts": data["counts"], "valid_percent": data["valid_percent"],
            "fold": "sha256('ml001|' + split_key) % 100 < valid_percent -> validation",
            "selection": detector_data.__doc__.strip().split("\n\n")[1], "limited_to": limit,
        },
        "validation": {
            "set": "MQM zh-en machine outputs of the validation fold (WMT21 TED + WMT23), spans merged from consecutive flagged words; "
                   "a finding is correct when it overlaps a target-side error span of any rater",
            "words": words, "chance_precision": chance, "onestop_texts": len(onestop),
            "curve": best["points"],
        },
        "throughput": throughput,
    }
    (out / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1) + "\n")
    chosen = next(p for p in best["points"] if p["threshold"] == threshold)
    log(f"threshold {threshold} ({rule}): {chosen}; chance {chance:.3f}; throughput {throughput}")


def measure_throughput(scorer: Any, tokenizer: Any, texts: list[str], device: str, torch: Any) -> dict[str, Any]:
    """Texts per second of inference at batch 64 (after one warm-up pass)."""
    sample = texts[:2000]
    word_probabilities(scorer, tokenizer, sample[:128], device, 64)
    if device == "cuda":
        torch.cuda.synchronize()
    started = time.time()
    word_probabilities(scorer, tokenizer, sample, device, 64)
    if device == "cuda":
        torch.cuda.synchronize()
    seconds = time.time() - started
    return {"device": device, "batch_size": 64, "texts": len(sample), "texts_per_second": round(len(sample) / seconds, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="train_detector", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    prep = commands.add_parser("prepare")
    prep.add_argument("--eval-dir", type=Path, default=Path("../shared/eval"))
    prep.add_argument("--out", type=Path, default=Path(".device"))
    prep.add_argument("--seed", type=int, default=13)
    fit = commands.add_parser("train")
    fit.add_argument("--data", type=Path, default=Path(".device/detector_data.json.gz"))
    fit.add_argument("--encoder", type=Path, default=Path(".device/minilm"))
    fit.add_argument("--out", type=Path, default=Path("auditor/engines/ml/weights"))
    fit.add_argument("--seed", type=int, default=13)
    fit.add_argument("--max-steps", type=int, help="stop after this many steps (smoke tests)")
    fit.add_argument("--limit", type=int, help="train on this many examples only (smoke tests)")
    fit.add_argument("--threads", type=int, default=1)
    fit.add_argument("--epochs", type=int, default=HYPER["epochs"])
    fit.add_argument("--mlqe-weight", type=float, default=HYPER["origin_weights"]["mlqe"],  # type: ignore[index]
                     help="loss weight of MLQE-PE words (its tags mark words needing post-editing, a broader notion than MQM errors)")
    args = parser.parse_args(argv)
    if args.command == "prepare":
        if not (args.eval_dir / detector_data.MLQE_SET / "dev.jsonl").is_file():
            parser.error(f"{args.eval_dir}: no {detector_data.MLQE_SET}/dev.jsonl there")
        prepare(args.eval_dir, args.out, args.seed)
    else:
        for path in (args.data, args.encoder / "config.json"):
            if not path.is_file():
                parser.error(f"{path}: missing (run `python -m training.train_detector prepare` first)")
        hyper = {**HYPER, "epochs": args.epochs,
                 "origin_weights": {**HYPER["origin_weights"], "mlqe": args.mlqe_weight}}  # type: ignore[dict-item]
        train(args.data, args.encoder, args.out, args.seed, args.max_steps, args.limit, args.threads, hyper)
    return 0


if __name__ == "__main__":
    sys.exit(main())
