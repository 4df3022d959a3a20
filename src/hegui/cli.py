"""``hegui``: audit a model, validate policies.

Exit codes (documented in the README, relied on by CI):
0 cleared · 1 a blocking rule failed · 2 bad input (policy, model, data) · 3 inconclusive under --strict.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

from .errors import EXIT_BAD_INPUT, HeguiError, PolicyError


def _silence_progress_bars() -> Callable[[], None]:
    """--no-progress means every bar: lm-eval's and datasets' tqdm bars (task building, GGUF conversion) too,
    whoever imported tqdm first. Returns what undoes it (``main`` does, when it returns: a caller's own bars,
    in the same process or in its children, stay as they were)."""
    from functools import partialmethod

    import tqdm.std

    original = tqdm.std.tqdm.__init__
    tqdm.std.tqdm.__init__ = partialmethod(original, disable=True)  # type: ignore[method-assign]
    datasets_were_on = None
    try:
        import datasets

        datasets_were_on = datasets.is_progress_bar_enabled()
        datasets.disable_progress_bars()
    except ImportError:  # pragma: no cover
        pass

    def restore() -> None:
        tqdm.std.tqdm.__init__ = original  # type: ignore[method-assign]
        if datasets_were_on:
            import datasets

            datasets.enable_progress_bars()

    return restore


def _quiet_libraries() -> None:
    """lm-eval and transformers log at INFO and warn freely; an audit's console is for the audit."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    for name in ("lm_eval", "lm-eval", "transformers", "accelerate", "datasets", "presidio-analyzer", "httpx"):
        logging.getLogger(name).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", category=UserWarning)
    warnings.filterwarnings("ignore", category=FutureWarning)
    try:
        import transformers

        transformers.logging.set_verbosity_error()
        transformers.logging.disable_progress_bar()
    except ImportError:  # pragma: no cover
        pass


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number: {text!r}") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {text}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hegui", description="Audit a language model against law policies.")
    sub = parser.add_subparsers(dest="command", required=True)

    audit = sub.add_parser("audit", help="run an audit and write reports/<name>.html and .json")
    audit.add_argument("--policy", action="append", default=[], metavar="PATH", help="policy file or folder (repeatable)")
    audit.add_argument("--profile", metavar="NAME", help="a profile in policies/profiles/ or a profile file")
    audit.add_argument("--model", metavar="TYPE", help="lm-eval model type (hf, vllm, local-chat-completions, ...)")
    audit.add_argument("--model-args", metavar="ARGS", help="lm-eval model args, e.g. pretrained=PATH,dtype=bfloat16")
    audit.add_argument("--batch-size", default=None, help="model batch size (default 16 for hf on CPU)")
    audit.add_argument("--judge-model", metavar="TYPE", help="lm-eval model type of the judge that grades answers (content_safety)")
    audit.add_argument("--judge-model-args", metavar="ARGS", help="lm-eval model args of the judge")
    audit.add_argument("--attacker-model", metavar="TYPE",
                       help="lm-eval model type of the attacker that rewrites refused prompts (the attack probe)")
    audit.add_argument("--attacker-model-args", metavar="ARGS", help="lm-eval model args of the attacker")
    audit.add_argument("--out", default="reports", metavar="DIR", help="where reports go (default: reports)")
    audit.add_argument("--name", default="audit", help="report file name without suffix (default: audit)")
    audit.add_argument("--store", metavar="DIR", help="response store folder (default: the hegui cache)")
    audit.add_argument("--strict", action="store_true", help="exit 3 when a blocking rule is INCONCLUSIVE")
    audit.add_argument(
        "--fail-on", choices=["fail", "inconclusive"], default="fail",
        help="what blocks the gate: a FAIL (default), or also an INCONCLUSIVE blocking rule (= --strict)",
    )
    audit.add_argument("--waivers", metavar="FILE", help="YAML waivers (rule, reason, approver, expires)")
    audit.add_argument("--attestations", metavar="FILE", help="YAML attestations of manual checks (rule, by, role, date, decision, evidence)")
    audit.add_argument("--seed", type=int, default=1234)
    audit.add_argument(
        "--labels", metavar="CSV",
        help="a filled review worksheet (hegui review): its labels of this model's answers measure the detector's error",
    )
    audit.add_argument(
        "--baseline", metavar="REPORT.json",
        help="a previous audit of this model or its base: per-rule changes (paired when the same items were answered)",
    )
    audit.add_argument("--no-progress", action="store_true", help="no progress bar")
    audit.add_argument(
        "--show-pii", action="store_true",
        help="write raw personal data in samples (masked by default); recorded in the manifest and the report",
    )
    audit.add_argument(
        "--threads", type=_positive_int, default=None, metavar="N",
        help="torch intra-op threads; default: chosen from the free cores",
    )
    audit.add_argument(
        "--dry-run", action="store_true",
        help="print the plan (rules, unique requests, tokens, an estimated time or cost) and exit 0; no model call",
    )
    audit.add_argument(
        "--requests-out", metavar="FILE",
        help="write the first stage's unique requests as JSONL, sorted by key: key, rules, probe (comma-joined when "
             "several ask it), role, kind, context, continuation or max_new_tokens/stop/temperature (with or without "
             "--dry-run; before the model runs). The file contains the audit's prompts verbatim, as the model receives them",
    )
    audit.add_argument(
        "--price-per-1k-tokens", type=_non_negative_float, default=None, metavar="X",
        help="API models: --dry-run also prints a cost, (input tokens + output-token budget) / 1000 × X",
    )

    scan = sub.add_parser("scan", help="find personal data in text or jsonl files (corpus screening)")
    scan.add_argument("files", nargs="+", metavar="FILE")
    scan.add_argument("--field", help="jsonl: the field holding the text (dotted path, e.g. messages.0.content)")
    scan.add_argument("--format", choices=["summary", "jsonl"], default="summary")
    scan.add_argument("--lang", choices=["zh", "en"], help="language of the text (default: per line)")
    scan.add_argument("--no-progress", action="store_true")
    scan.add_argument("--encoding", help="the files' text encoding (default: UTF-8, or UTF-16 when a byte-order mark says so)")

    cover = sub.add_parser("coverage", help="law × article → tested / manual / not covered, from the packs")
    cover.add_argument("paths", nargs="*", metavar="PATH", help="policy files or folders (default: the shipped packs)")

    check = sub.add_parser("verify", help="check a report's hashes, its inputs and its sign-offs")
    check.add_argument("report", metavar="REPORT.json")
    check.add_argument("--key", action="append", default=[], metavar="PUB.pem",
                       help="a trusted Ed25519 public key (PEM; repeatable): every sign-off must carry a valid signature by one")
    check.add_argument("--skip-missing", action="store_true",
                       help="verify without inputs that are not at hand (HTML, banks, the response store), listing them")

    signer = sub.add_parser("sign", help="add a reviewer's sign-off to a report")
    signer.add_argument("report", metavar="REPORT.json")
    signer.add_argument("--by", required=True)
    signer.add_argument("--role", required=True)
    signer.add_argument("--decision", required=True, choices=["approve", "reject"])
    signer.add_argument("--comment", default="")
    signer.add_argument("--key", metavar="KEY.pem",
                        help="sign the sign-off with this Ed25519 private key (PEM, as openssl genpkey -algorithm ed25519 writes it)")

    differ = sub.add_parser("diff", help="per-rule changes between two audits")
    differ.add_argument("base", metavar="BASE.json")
    differ.add_argument("candidate", metavar="CANDIDATE.json")
    differ.add_argument("--fail-on-regression", action="store_true", help="exit 1 when a rule got worse beyond noise")

    history = sub.add_parser("history", help="one page: each rule's value and interval over a series of audits")
    history.add_argument("reports", nargs="+", metavar="REPORT.json", help="reports, or folders of them")
    history.add_argument("--out", default="reports/history.html", metavar="FILE", help="default: reports/history.html")

    review = sub.add_parser("review", help="a worksheet of this audit's answers for people to label; with --labels, re-decide")
    review.add_argument("report", metavar="REPORT.json")
    review.add_argument("--n", type=int, default=60, help="answers on the worksheet (default 60)")
    review.add_argument("--seed", type=int, default=0)
    review.add_argument("--labels", metavar="CSV", help="the filled worksheet: re-decide the report's detector-decided rules")
    review.add_argument("--out", metavar="DIR", help="where to write (default: beside the report)")

    classify = sub.add_parser("classify", help="re-grade recorded answers with the audit's detector")
    classify.add_argument("detector", choices=["refusal"])
    classify.add_argument("file", metavar="FILE.jsonl")
    classify.add_argument("--prompt-field", default="prompt", help="dotted path of the prompt (default: prompt)")
    classify.add_argument("--response-field", default="response", help="dotted path of the answer (default: response)")

    sub.add_parser("schema", help="print the JSON Schema of the audit result (<name>.json)")
    sub.add_parser("probes", help="list the registered probes: stages, roles, parameters, metrics")

    validate = sub.add_parser("validate", help="check policy files without running a model")
    validate.add_argument("paths", nargs="+", metavar="PATH")
    return parser


def _validate(paths: list[str]) -> int:
    from .policy import load_policy, load_profile, policy_files

    files = policy_files(paths)
    for folder in (Path(p) for p in paths):
        if folder.is_dir() and (folder / "profiles").is_dir():
            files += sorted((folder / "profiles").glob("*.yaml"))
    problems: list[str] = []
    rules = 0
    for path in files:
        try:
            if path.parent.name == "profiles":
                load_profile(path)
            else:
                rules += len(load_policy(path).rules)
        except PolicyError as error:
            problems.extend(error.problems)
    if not problems:  # each file parses: now what an audit checks across them, and their data
        problems += _selection_problems(files)
    if not problems:
        problems += _data_problems([f for f in files if f.parent.name != "profiles"])
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(f"{len(problems)} problem(s) in {len(files)} file(s)", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"ok: {len(files)} file(s), {rules} rule(s), their data read")
    return 0


def _selection_problems(files: list[Path]) -> list[str]:
    """What ``audit`` rejects across files: a rule id defined twice, an extends cycle, a profile's override
    of a rule that does not exist or out of its metric's range."""
    from .policy import select_rules

    problems: list[str] = []
    policies = [f for f in files if f.parent.name != "profiles"]
    runs = ([(policies, None)] if policies else []) + [([], f) for f in files if f.parent.name == "profiles"]
    for paths, profile in runs:
        try:
            select_rules(paths, profile)
        except PolicyError as error:
            problems.extend(p for p in error.problems if p not in problems)
    return problems


def _data_problems(files: list[Path]) -> list[str]:
    """Every rule's bank read and filtered, its requests built: a bad layout, a mistyped ``where`` key or a
    filter that leaves nothing is reported here, not after a model has loaded. One line per rule."""
    from .audit import plan_audit
    from .policy import select_rules

    problems: list[str] = []
    seen: set[tuple[Path, str]] = set()
    for path in files:
        try:
            selected = select_rules([path])
        except PolicyError as error:
            problems.extend(p for p in error.problems if p not in problems)
            continue
        for item in selected:
            key = (item.policy_path.resolve(), item.rule.id)
            if key in seen or item.rule.check.probe is None:
                continue
            seen.add(key)
            try:
                plan_audit([item], roles=("judge", "attacker"))  # later stages' data (a judge's labelled answers) too
            except HeguiError as error:
                problems.append(str(error))
    return problems


def _audit(args: argparse.Namespace) -> int:
    from .report.html import write_report
    from .spec import AuditSpec, ModelSpec, run_spec

    batch = int(args.batch_size) if args.batch_size and args.batch_size.isdigit() else args.batch_size
    spec = AuditSpec(
        name=args.name, model=ModelSpec(type=args.model, args=args.model_args, batch_size=batch),
        judge=ModelSpec(type=args.judge_model, args=args.judge_model_args, batch_size=batch) if args.judge_model else None,
        attacker=(ModelSpec(type=args.attacker_model, args=args.attacker_model_args, batch_size=batch)
                  if args.attacker_model else None),
        profile=args.profile, policies=args.policy, waivers=args.waivers, attestations=args.attestations,
        strict=args.strict or args.fail_on == "inconclusive", seed=args.seed, show_pii=args.show_pii, store=args.store,
        labels=args.labels, threads=args.threads, baseline=args.baseline,
    )
    models = None
    if args.dry_run or args.requests_out:
        models = _plan_only(spec, args)
        if models is None:
            return 0
    result = run_spec(spec, progress=not args.no_progress, command=["hegui", *sys.argv[1:]],
                      announce=lambda line: print(line, file=sys.stderr), models=models)
    json_path, html_path = write_report(result, Path(args.out))
    print(summary(result, json_path, html_path))
    return result.exit_code


def _plan_only(spec, args: argparse.Namespace) -> dict | None:
    """--dry-run / --requests-out: select and plan as ``run_spec`` does, render with each role's model.

    Returns None after a dry run, else the fully loaded models (non-hf backends) for ``run_spec`` to reuse."""
    from . import dryrun
    from .audit import plan_audit
    from .spec import select

    selected, _, _ = select(spec)
    audit_plan = plan_audit(selected, roles=spec.other_roles())
    if spec.labels:
        from .review import read_labels

        read_labels(spec.path(spec.labels))  # a bad worksheet is exit 2 here too
    items = dryrun.first_requests(audit_plan)
    needed = {item.role for item in items} | ({"target"} if args.dry_run else set())
    models, not_loaded = {}, {}
    for role, model_spec in spec.models():
        if role not in needed:
            not_loaded[role] = f"{model_spec.type} (asked only in later stages; not loaded)"
            continue
        models[role] = dryrun.load_renderer(model_spec.type, model_spec.args, model_spec.batch_size, spec.threads)
    if args.requests_out:
        written = dryrun.write_requests(spec.path(args.requests_out), items, models)
        print(f"hegui: {written} unique request(s) written to {args.requests_out}", file=sys.stderr)
    if args.dry_run:
        print(dryrun.report(audit_plan, items, models, threads=spec.threads, price_per_1k=args.price_per_1k_tokens,
                            not_loaded=not_loaded))
        return None
    return {role: model for role, model in models.items() if not dryrun.is_tokenizer_only(model)}


def _history(args: argparse.Namespace) -> int:
    from .atomic import write_text_atomic
    from .history import read_history
    from .report.history_page import render_history

    history = read_history([Path(p) for p in args.reports])
    for path, why in history.unreadable:
        print(f"hegui: cannot read {path}: {why}", file=sys.stderr)
    if not history.audits:
        print("hegui: error: no report could be read", file=sys.stderr)
        return EXIT_BAD_INPUT
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(out, render_history(history))
    regressed = history.regressions()
    print(f"history: {len(history.audits)} audit(s), {len(history.rule_ids)} rule(s), "
          f"{len(regressed)} regression(s) between consecutive audits" + "".join(
              f"\n  {c.id}: #{k + 1} {c.base.verdict} → #{k + 2} {c.candidate.verdict}" for k, c in regressed))
    print(f"page: {out}")
    return 0


def _review(args: argparse.Namespace) -> int:
    from .report.html import write_report
    from .review import read_labels, redecide, worksheet, write_worksheet
    from .trail import read_result

    report = Path(args.report)
    result = read_result(report)
    out = Path(args.out) if args.out else report.parent
    if args.labels is None:
        csv_path, html_path = write_worksheet(worksheet(result, args.n, args.seed), out, result.name)
        print(f"worksheet: {csv_path} (fill the 'label' column: refuse, partial or comply)\nprintable: {html_path}")
        return 0
    labels = Path(args.labels)
    reviewed = redecide(result, read_labels(labels), labels.name)
    json_path, html_path = write_report(reviewed, out)
    print(summary(reviewed, json_path, html_path))
    return reviewed.exit_code


def _schema() -> str:
    import json

    from .report.schema import AuditResult

    return json.dumps(AuditResult.model_json_schema(), ensure_ascii=False, indent=2) + "\n"


def _probes() -> str:
    from .probes import registry

    lines = []
    for name, cls in sorted(registry().items()):
        stages = " → ".join(f"{s.name} ({s.role})" for s in cls.stages) or "no model call"
        lines.append(f"{name}: {cls.description}\n  stages: {stages}\n  params: {', '.join(cls.Params.model_fields) or '-'}")
        for metric, spec in cls.metrics.items():
            better = "the threshold's side" if spec.better == "threshold" else spec.better
            lines.append(f"  metric {metric} [{spec.low:g}, {spec.high:g}], better: {better}: {spec.description}")
    return "\n".join(lines) + "\n"


def summary(result, json_path: Path, html_path: Path) -> str:
    """One screen: a line per rule, the request counts, the gate, where the reports are."""
    lines = [""]
    width = max((len(r.id) for r in result.rules), default=10)
    for rule in result.rules:
        value = "" if rule.value is None else f"{rule.value:7.1%}"
        ci = f"[{rule.interval[0]:.1%}, {rule.interval[1]:.1%}]" if rule.interval else ""
        threshold = ""
        if rule.threshold is not None:
            threshold = " ".join(
                f"{op} {v:.0%}" for op, v in (("≥", rule.threshold.min), ("≤", rule.threshold.max)) if v is not None
            )
        lines.append(
            f"{rule.verdict.mark} {rule.verdict:<12} {rule.id:<{width}}  {value} {ci:<17} {threshold:<6} n={rule.n}"
            + ("" if rule.severity == "blocking" else f"  ({rule.severity})")
        )
    req = result.manifest.requests
    lines.append("")
    lines.append(
        f"requests: {req.asked} asked, {req.unique} unique, {req.reused} reused, {req.computed} computed "
        f"in {req.model_calls} batched call(s); {result.manifest.duration_s:.0f} s"
    )
    timing = result.manifest.timing
    if timing:
        probes = ", ".join(f"{name.split(':', 1)[1]} {s:.0f}" for name, s in timing.items() if name.startswith("probe:"))
        lines.append(
            f"time (s): plan {timing.get('plan', 0):.0f}, model load {timing.get('model_load', 0):.0f}, "
            f"model calls {timing.get('model_calls', 0):.0f}" + (f" ({probes})" if probes else "")
            + f", decide {timing.get('decide', 0):.0f}"
        )
    counts = ", ".join(f"{k} {v}" for k, v in sorted(result.summary.items()))
    lines.append(f"gate: {result.gate.upper()} (exit {result.exit_code}) — {counts}")
    lines.append(f"report: {html_path}\nevidence: {json_path}")
    return "\n".join(lines)


def _internal_error(error: Exception) -> int:
    """An exception no check turned into a message: one line for the user, the traceback in a file for the
    bug report, and exit 2 (input or tool problem), never 1 (a gate decision)."""
    import traceback

    from .paths import cache_dir
    from .redact import scrub

    where = ""
    try:
        path = cache_dir() / "last-error.txt"
        path.write_text(scrub("".join(traceback.format_exception(error))), encoding="utf-8")
        where = f"; details in {path}"
    except OSError:  # pragma: no cover - no writable cache: the one line must do
        pass
    first = str(error).strip().splitlines()[0] if str(error).strip() else ""
    print(f"hegui: error: unexpected {type(error).__name__}: {scrub(first)[:300]}{where} "
          "(please report it with that file)", file=sys.stderr)
    return EXIT_BAD_INPUT


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _quiet_libraries()
    restore = _silence_progress_bars() if getattr(args, "no_progress", False) else None
    try:
        if args.command == "validate":
            return _validate(args.paths)
        if args.command == "classify":
            from .classify import classify_refusals

            classify_refusals(Path(args.file), args.prompt_field, args.response_field)
            return 0
        if args.command == "review":
            return _review(args)
        if args.command == "schema":
            print(_schema(), end="")
            return 0
        if args.command == "probes":
            print(_probes(), end="")
            return 0
        if args.command == "verify":
            from .trail import verify

            found = verify(Path(args.report), [Path(k) for k in args.key], skip_missing=args.skip_missing)
            for line in found.notes:
                print(f"note: {line}")
            for line in found.signed:
                print(f"signed: {line}")
            if found.problems:
                print("\n".join(found.problems), file=sys.stderr)
                return 1
            print(f"ok: {args.report} is intact" + (" and its sign-offs are signed by trusted keys" if args.key else ""))
            return 0
        if args.command == "sign":
            from .report.html import render_html
            from .trail import sign

            entry = sign(Path(args.report), args.by, args.role, args.decision, args.comment, render=render_html,
                         key=Path(args.key) if args.key else None)
            how = f", signed with key {entry.envelope['signatures'][0]['keyid'][:16]}" if entry.envelope else ""
            print(f"signed: {entry.by} ({entry.role}) {entry.decision} on {entry.date}{how}")
            return 0
        if args.command == "history":
            return _history(args)
        if args.command == "diff":
            from .diff import diff_reports, render

            changes = diff_reports(Path(args.base), Path(args.candidate))
            print(render(changes))
            return 1 if args.fail_on_regression and any(c.regression for c in changes) else 0
        if args.command == "coverage":
            from .coverage import coverage, markdown
            from .paths import shipped_policies

            print(markdown(coverage(args.paths or [shipped_policies()])), end="")
            return 0
        if args.command == "scan":
            from .scan import scan

            scan([Path(f) for f in args.files], args.field, args.format, language=args.lang, progress=not args.no_progress,
                 encoding=args.encoding)
            return 0
        return _audit(args)
    except HeguiError as error:
        print(f"hegui: error: {error}" if not isinstance(error, PolicyError) else str(error), file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("hegui: interrupted; every answer received so far is stored: run the same command to resume",
              file=sys.stderr)
        return 130
    except Exception as error:  # a bug or an input no check caught: never exit 1, which means "blocked"
        return _internal_error(error)
    finally:
        if restore is not None:
            restore()


if __name__ == "__main__":
    sys.exit(main())
