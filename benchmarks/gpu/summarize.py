"""One GPU audit run as a results file: what ran, on which GPUs, how long each phase took, how fast.

Reads what ``benchmarks/gpu/run.sh`` leaves in its work folder and writes
``benchmarks/gpu/results/<date>-<gpu>[-tp<N>].json`` (``-2``, ``-3``, … when that name is taken), then prints a
short table. Pure standard library: it runs with any ``python3``, with or without the audit's venv.

Inputs (only ``--audit`` is required; each other one adds its part, and what is missing is ``null``):

* ``--audit``: hegui's evidence file (``reports/…/audit.json``): ``manifest.timing`` (seconds by phase and
  by probe), ``manifest.requests`` (asked, unique, reused, computed, model_calls, seconds inside the model
  calls), ``manifest.stages``, ``manifest.model``, ``manifest.packages``, the gate and every rule's verdict;
* ``--gpus``: ``nvidia-smi --query-gpu=index,name,driver_version,memory.total --format=csv,noheader,nounits``;
* ``--nvidia-smi``: plain ``nvidia-smi`` output (its header names the CUDA version the driver supports);
* ``--requests``: ``hegui audit --dry-run --requests-out FILE`` of the same plan: the kind each probe's
  first-stage requests have, so model-call seconds can be split by kind (see ``split_by_kind``);
* ``--store``: the run's own response-store folder (``--store`` of the audit): answers counted by kind;
* ``--extra``: JSON that run.sh's venv step writes: token counts with the model's own tokenizer
  (``generated_tokens`` over every generation answer in the store, ``scored_tokens`` = context +
  continuation of the first-stage loglikelihood requests) and package versions the manifest does not list
  (vllm, torch's CUDA build);
* the run's metadata: ``--started``/``--finished`` (epoch seconds around the audit process: wall time),
  ``--exit-code``, ``--timeout-s``, ``--backend``, ``--model-path``, ``--model-args``, ``--tp``,
  ``--gpus-visible``, ``--work``.

Rates: requests/s is the requests the model computed in this run over the seconds spent inside model
calls (``manifest.requests.seconds``), and over the run's wall time. Tokens/s is only given when every
answer was computed in this run (``requests.reused == 0``): answers read back from an earlier run's store
took no time here.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FORMAT = 1
KINDS = ("generate_until", "loglikelihood")


def rate(amount: float | int | None, seconds: float | int | None) -> float | None:
    if amount is None or not seconds:
        return None
    return round(amount / seconds, 3)


def read_gpus(path: Path) -> list[dict[str, Any]]:
    """Rows of ``nvidia-smi --query-gpu=index,name,driver_version,memory.total --format=csv,noheader,nounits``."""
    devices = []
    for row in csv.reader(path.read_text(encoding="utf-8").splitlines()):
        cells = [cell.strip() for cell in row]
        if len(cells) < 4 or not cells[0].isdigit():
            continue
        memory = cells[3].split()[0] if cells[3] else ""
        devices.append({
            "index": int(cells[0]), "name": cells[1], "driver": cells[2],
            "memory_mib": int(memory) if memory.isdigit() else None,
        })
    return devices


def cuda_version(path: Path) -> str | None:
    match = re.search(r"CUDA Version:\s*([0-9.]+)", path.read_text(encoding="utf-8", errors="replace"))
    return match.group(1) if match else None


def probe_kinds(path: Path) -> dict[str, set[str]]:
    """probe → the kinds of its first-stage target requests (a request several probes ask names them comma-joined)."""
    kinds: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if record.get("role", "target") != "target":
            continue
        for probe in str(record.get("probe", "")).split(","):
            if probe:
                kinds.setdefault(probe, set()).add(record["kind"])
    return kinds


def store_counts(folder: Path, fingerprint: str | None) -> dict[str, Any] | None:
    """Answers in the target's response store, by kind, and the characters of the generations."""
    files = sorted(folder.glob(f"responses-{fingerprint[:16]}.sqlite")) if fingerprint else []
    if not files:
        return None
    db = sqlite3.connect(f"file:{files[0]}?mode=ro", uri=True)
    try:
        counts = dict.fromkeys(KINDS, 0)
        chars = 0
        for kind, response in db.execute("SELECT kind, response FROM responses"):
            counts[kind] = counts.get(kind, 0) + 1
            if kind == "generate_until":
                chars += len(json.loads(response))
    finally:
        db.close()
    return {"file": files[0].name, "answers": counts, "generated_chars": chars}


def split_by_kind(timing: dict[str, float], kinds: dict[str, set[str]]) -> tuple[dict[str, float] | None, str]:
    """Model-call seconds by request kind, from the per-probe seconds (``probe:<name>``).

    A request has one kind, and a probe whose first-stage requests are all of one kind is taken to ask
    that kind in its later stages too (true of every probe of the cn-genai-filing plan). A probe that
    spent time but asks both kinds, or none that the requests file shows, leaves the split undecided."""
    seconds = dict.fromkeys(KINDS, 0.0)
    for name, value in timing.items():
        if not name.startswith("probe:") or not value:
            continue
        probe = name.removeprefix("probe:")
        asked = kinds.get(probe, set())
        if len(asked) != 1:
            why = "asks both kinds" if len(asked) > 1 else "is not in the requests file"
            return None, f"probe {probe} {why}: model-call seconds not split by kind"
        [kind] = asked
        seconds[kind] = seconds.get(kind, 0.0) + value
    return {kind: round(value, 3) for kind, value in seconds.items()}, "from per-probe model-call seconds"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "gpu"


def results_path(folder: Path, date: str, gpu_name: str, tp: int | None) -> Path:
    stem = f"{date}-{slug(gpu_name)}" + (f"-tp{tp}" if tp and tp > 1 else "")
    path, n = folder / f"{stem}.json", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}.json"
    return path


def summarize(args: argparse.Namespace) -> dict[str, Any]:
    audit = json.loads(Path(args.audit).read_text(encoding="utf-8"))
    manifest = audit["manifest"]
    timing = {k: float(v) for k, v in manifest.get("timing", {}).items()}
    requests = dict(manifest["requests"])
    call_seconds = float(requests.get("seconds") or timing.get("model_calls") or 0.0)
    computed = int(requests["computed"])
    reused = int(requests["reused"])
    wall = round(args.finished - args.started, 3) if args.started is not None and args.finished is not None else None
    notes: list[str] = []

    devices = read_gpus(Path(args.gpus)) if args.gpus else []
    names = sorted({d["name"] for d in devices})
    gpu = {
        "name": names[0] if len(names) == 1 else ("mixed: " + ", ".join(names) if names else None),
        "count": len(devices) or None,
        "visible": args.gpus_visible,
        "driver": devices[0]["driver"] if devices else None,
        "cuda": cuda_version(Path(args.nvidia_smi)) if args.nvidia_smi else None,
        "devices": devices,
    }

    extra = json.loads(Path(args.extra).read_text(encoding="utf-8")) if args.extra else {}
    tokens = extra.get("tokens", {})
    kinds = probe_kinds(Path(args.requests)) if args.requests else None
    store = store_counts(Path(args.store), manifest["model"].get("fingerprint")) if args.store else None

    by_kind: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
    split, how = (split_by_kind(timing, kinds) if kinds is not None else (None, "no requests file"))
    if split is None:
        notes.append(how)
    for kind in KINDS:
        entry = by_kind[kind]
        entry["probes"] = sorted(p for p, k in (kinds or {}).items() if k == {kind})
        entry["answers"] = store["answers"].get(kind) if store else None
        entry["seconds"] = split[kind] if split else None
        entry["requests_per_s"] = rate(entry["answers"], entry["seconds"]) if reused == 0 else None
    by_kind["generate_until"]["tokens"] = tokens.get("generated_tokens")
    by_kind["loglikelihood"]["tokens"] = tokens.get("scored_tokens")
    if reused:
        notes.append(f"{reused} answers were read back from an earlier run's store: per-kind rates and tokens/s left out")
    for kind in KINDS:
        entry = by_kind[kind]
        entry["tokens_per_s"] = rate(entry["tokens"], entry["seconds"]) if reused == 0 else None

    verdicts = {rule["id"]: rule["verdict"] for rule in audit.get("rules", [])}
    packages = {**manifest.get("packages", {}), **extra.get("packages", {})}
    started = dt.datetime.fromtimestamp(args.started, dt.UTC) if args.started is not None else dt.datetime.now(dt.UTC)
    return {
        "benchmark": "hegui audit on NVIDIA GPUs (benchmarks/gpu/run.sh)",
        "format": FORMAT,
        "date": args.date or started.date().isoformat(),
        "gpu": gpu,
        "run": {
            "backend": args.backend or manifest["model"].get("type"),
            "model_path": args.model_path,
            "model_args": args.model_args,
            "tensor_parallel_size": args.tp,
            "exit_code": args.exit_code,
            "timeout_s": args.timeout_s,
            "wall_s": wall,
            "work_dir": args.work,
            "command": manifest.get("command"),
        },
        "audit": {
            "name": audit.get("name"),
            "gate": audit.get("gate"),
            "exit_code": audit.get("exit_code"),
            "summary": audit.get("summary", {}),
            "verdicts": verdicts,
            "hegui_version": manifest.get("hegui_version"),
            "model": {k: manifest["model"].get(k) for k in ("type", "description", "args", "fingerprint", "chat_template")},
            "packages": packages,
            "platform": manifest.get("platform", {}),
        },
        "timing": {"duration_s": manifest.get("duration_s"), **timing},
        "requests": requests,
        "stages": manifest.get("stages", []),
        "kinds": by_kind,
        "store": store,
        "tokenizer": tokens.get("tokenizer"),
        "throughput": {
            "requests_per_s": rate(computed, call_seconds),
            "requests_per_s_wall": rate(computed, wall),
            "generated_tokens_per_s": by_kind["generate_until"]["tokens_per_s"],
            "scored_tokens_per_s": by_kind["loglikelihood"]["tokens_per_s"],
            "split": how if split else None,
        },
        "notes": notes,
    }


def _num(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    return f"{value:,}" if isinstance(value, int) else f"{value:,.{digits}f}"


def table(result: dict[str, Any], path: Path | None) -> str:
    gpu, run, audit = result["gpu"], result["run"], result["audit"]
    head = f"{gpu['name'] or 'GPU ?'} x{gpu['count'] or '?'} (driver {gpu['driver'] or '?'}, CUDA {gpu['cuda'] or '?'})"
    counts = ", ".join(f"{verdict} {n}" for verdict, n in sorted(audit["summary"].items()))
    lines = [
        f"hegui GPU benchmark: {head}; {run['backend']}, tensor_parallel_size={run['tensor_parallel_size'] or '-'}",
        f"model: {run['model_path'] or audit['model']['description']}",
        f"audit: gate {audit['gate']} (exit {audit['exit_code']}); {len(audit['verdicts'])} rules: {counts}",
        f"{'':<18}{'answers':>9}{'seconds':>10}{'req/s':>9}{'tokens':>11}{'tok/s':>10}",
    ]
    for kind in KINDS:
        k = result["kinds"][kind]
        lines.append(f"{kind:<18}{_num(k['answers']):>9}{_num(k['seconds']):>10}{_num(k['requests_per_s'], 2):>9}"
                     f"{_num(k['tokens']):>11}{_num(k['tokens_per_s']):>10}")
    req = result["requests"]
    seconds = req.get("seconds") or result["timing"].get("model_calls")
    lines.append(f"{'all model calls':<18}{_num(req['computed']):>9}{_num(seconds):>10}"
                 f"{_num(result['throughput']['requests_per_s'], 2):>9}")
    lines.append(f"{'wall (run.sh)':<18}{'':>9}{_num(run['wall_s']):>10}{_num(result['throughput']['requests_per_s_wall'], 2):>9}")
    phases = ", ".join(f"{name} {value:.1f} s" for name, value in result["timing"].items()
                       if name in ("plan", "model_load", "model_calls", "decide") and value is not None)
    lines.append(f"phases: {phases}; requests: {req['asked']} asked, {req['unique']} unique, {req['reused']} reused, "
                 f"{req['computed']} computed in {req['model_calls']} model calls")
    lines += [f"note: {note}" for note in result["notes"]]
    if path is not None:
        lines.append(f"results: {path}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--audit", required=True, help="hegui's audit JSON")
    parser.add_argument("--out", help="results file (default: --results-dir/<date>-<gpu>[-tp<N>].json)")
    parser.add_argument("--results-dir", default=str(HERE / "results"))
    parser.add_argument("--gpus", help="nvidia-smi --query-gpu=index,name,driver_version,memory.total CSV")
    parser.add_argument("--nvidia-smi", help="plain nvidia-smi output (for the CUDA version)")
    parser.add_argument("--requests", help="hegui audit --dry-run --requests-out JSONL of the same plan")
    parser.add_argument("--store", help="the audit's --store folder")
    parser.add_argument("--extra", help="run.sh's token counts and package versions (JSON)")
    parser.add_argument("--started", type=float, help="epoch seconds when the audit process started")
    parser.add_argument("--finished", type=float, help="epoch seconds when it ended")
    parser.add_argument("--exit-code", type=int)
    parser.add_argument("--timeout-s", type=int)
    parser.add_argument("--backend")
    parser.add_argument("--model-path")
    parser.add_argument("--model-args")
    parser.add_argument("--tp", type=int, help="tensor_parallel_size")
    parser.add_argument("--gpus-visible", type=int)
    parser.add_argument("--work", help="run.sh's work folder")
    parser.add_argument("--date", help="date in the file name (default: the run's start, UTC)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        result = summarize(args)
    except (OSError, ValueError, KeyError) as error:
        print(f"summarize.py: cannot read the run ({type(error).__name__}: {error})", file=sys.stderr)
        return 2
    if args.out:
        path = Path(args.out)
    else:
        path = results_path(Path(args.results_dir), result["date"], result["gpu"]["name"] or "gpu",
                            result["run"]["tensor_parallel_size"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(table(result, path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
