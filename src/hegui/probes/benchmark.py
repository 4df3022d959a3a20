"""``benchmark``: any lm-eval task, by registered name or by YAML path, thresholded on one of its metrics.

lm-eval builds the task's requests and scores the answers (its ``process_results`` and filters); hegui
sends the requests through its own plan, so a benchmark's calls are deduplicated, batched and resumable
like every other probe's, and one model load serves the whole audit.

A YAML task's relative ``data_files`` are made absolute against the YAML's own folder (lm-eval resolves
them against the working directory). YAML tasks must be plain YAML (no ``!function``); use a registered
task name for those.

A registered task (C-Eval, CMMLU, ...) reads its data from ``data_dir`` when one is given, in any of the
layouts its authors publish (see ``LAYOUTS``); a relative ``data_dir`` is relative to the policy file's
folder, like a rule's ``suite``. Every file a benchmark reads (the task YAML, its data files, the
``data_dir`` files) is hashed into the audit manifest (``ProbeCheck.reads``).
"""

from __future__ import annotations

import csv
import functools
import glob
import logging
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from ..errors import DataError
from ..measurement import Measurement, Sample, proportion_group
from ..plan import GenerationRequest, LoglikelihoodRequest, Request, raw, user
from ..stats import at_least_exact, bootstrap_interval, exact_interval
from ..suggest import did_you_mean
from .base import Answers, Case, LogLik, MetricSpec, Probe, ProbeCheck, Text

SPLIT_KEYS = ("training_split", "validation_split", "test_split", "fewshot_split")
# Where a registered task's split may lie under data_dir, in this order: (relative path, datasets loader).
LAYOUTS = (
    ("{subset}_{split}.jsonl", "json"),  # flat, one file per subject and split
    ("{subset}_{split}.csv", "csv"),
    ("{split}/{subset}.csv", "csv"),  # CMMLU as published (haonan-li/CMMLU: data/dev, data/test)
    ("{split}/{subset}_{split}.csv", "csv"),  # C-Eval as published (ceval-exam: dev/, val/, test/)
)


class BenchmarkParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    task: str | None = Field(default=None, description="a registered lm-eval task or group (when no suite is given)")
    limit: int | None = Field(default=None, ge=1, description="only the first N documents of each task")
    chat: bool = Field(default=False, description="wrap each prompt as a chat turn (chat models)")
    num_fewshot: int | None = Field(default=None, ge=0)
    data_dir: str | None = Field(
        default=None,
        description="local copies of a registered task's data (e.g. C-Eval, CMMLU), relative to the policy file: "
        "<subject>_<split>.jsonl/.csv, or the published folders <split>/<subject>.csv (CMMLU) and "
        "<split>/<subject>_<split>.csv (C-Eval)",
    )


def _absolute(value: Any, folder: Path) -> Any:
    if isinstance(value, str):
        return str((folder / value).resolve()) if "://" not in value else value
    if isinstance(value, list):
        return [_absolute(v, folder) for v in value]
    if isinstance(value, dict):
        return {k: _absolute(v, folder) for k, v in value.items()}
    return value


def _absolute_data_files(config: dict, folder: Path) -> dict:
    kwargs = config.get("dataset_kwargs")
    if isinstance(kwargs, dict) and "data_files" in kwargs:
        kwargs["data_files"] = _absolute(kwargs["data_files"], folder)
    return config


def _local_files(value: Any) -> list[Path]:
    """The local files an (absolute) ``data_files`` value names, globs expanded; URLs have no local file."""
    if isinstance(value, dict):
        return [p for v in value.values() for p in _local_files(v)]
    if isinstance(value, list):
        return [p for v in value for p in _local_files(v)]
    if not isinstance(value, str) or "://" in value:
        return []
    if glob.has_magic(value):
        return [Path(p) for p in sorted(glob.glob(value, recursive=True)) if Path(p).is_file()]
    return [Path(value)] if Path(value).is_file() else []


def _split_file(data_dir: Path, member: str, subset: str, split: str) -> tuple[Path, str] | list[Path]:
    """The one file holding ``split`` of ``subset`` under ``data_dir``, with its loader; or, when there is
    none, every path looked at."""
    candidates = [(data_dir / pattern.format(subset=subset, split=split), kind) for pattern, kind in LAYOUTS]
    found = [(path, kind) for path, kind in candidates if path.is_file()]
    if len(found) > 1:
        raise DataError(f"{data_dir}: {member} split {split!r} is in {len(found)} files "
                        f"({', '.join(str(p) for p, _ in found)}); keep one")
    return (found[0][0].resolve(), found[0][1]) if found else [path for path, _ in candidates]


def _leaf_names(manager, name: str, seen: frozenset[str] = frozenset()) -> list[str]:
    """A registered task, or the leaf tasks of a registered group (groups of groups too)."""
    entry = manager.task_index.get(name)
    if entry is None or entry.cfg is None:
        raise DataError(f"lm-eval has no task {name!r}{did_you_mean(name, list(manager.all_tasks))}")
    if "group" not in entry.cfg:
        return [name]
    members = entry.cfg.get("task")
    out = []
    for member in members if isinstance(members, list) else [members]:
        if isinstance(member, str) and member not in seen and member in manager.task_index:
            out.extend(_leaf_names(manager, member, seen | {name}))
    return out


def read_csv_splits(data_files: Mapping[str, str], **_metadata: Any):
    """A registered task's CSV splits, every cell read as the text it is (lm-eval's ``custom_dataset``).

    Through datasets' CSV builder, pandas would guess each column's type per file: C-Eval's ``val`` files
    leave ``explanation`` empty (read as a float column, so the val and dev splits no longer share a schema),
    and a column of numeric options in one split but text in another breaks the same way. The published
    files are text; here they stay text (an empty cell is ``""``), with the header as the published one
    (CMMLU's unnamed first column included)."""
    import datasets

    splits = {}
    for split, name in data_files.items():
        path = Path(name)
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                rows = []
                for row in reader:
                    if None in row:
                        raise DataError(f"{path}:{reader.line_num}: more fields than the header has")
                    rows.append({k: v if v is not None else "" for k, v in row.items()})
        except UnicodeDecodeError as error:
            raise DataError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None
        splits[split] = datasets.Dataset.from_list(rows) if rows else datasets.Dataset.from_dict(
            {k: [] for k in reader.fieldnames or []})
    return datasets.DatasetDict(splits)


def _registered_configs(manager, name: str, data_dir: Path) -> tuple[list[dict], list[Path]]:
    """A registered task (or group) with its data read from local files in the same schema, for users
    whose machines cannot reach the dataset hub. Built from the task index's configs (lm-eval's public
    ``task_index``) and handed back to ``TaskManager.load`` as inline configs. Every split the task's config
    names must be there; a missing one is an error listing every path looked at."""
    configs, files, missing = [], [], []
    for member in _leaf_names(manager, name):
        member_entry = manager.task_index.get(member)
        if member_entry is None or member_entry.cfg is None:
            continue
        member_config = {k: v for k, v in member_entry.cfg.items() if k not in ("tag", "group")}
        subset = member_config.get("dataset_name") or member
        split_files, kinds = {}, set()
        for split in dict.fromkeys(member_config.get(key) for key in SPLIT_KEYS if member_config.get(key)):
            found = _split_file(data_dir, member, subset, split)
            if isinstance(found, list):
                missing.append(f"{member} split {split!r} (looked for {', '.join(str(p) for p in found)})")
                continue
            split_files[split] = str(found[0])
            kinds.add(found[1])
        if len(kinds) > 1:
            raise DataError(f"{data_dir}: {member} mixes JSON lines and CSV files ({', '.join(split_files.values())}); "
                            "use one format for all its splits")
        if split_files and not any(m.startswith(f"{member} split") for m in missing):
            member_config.update(dataset_path=kinds.pop(), dataset_name=None, dataset_kwargs={"data_files": split_files})
            if member_config["dataset_path"] == "csv":
                member_config["custom_dataset"] = read_csv_splits
            configs.append(member_config)
            files.extend(Path(p) for p in split_files.values())
    if missing:
        raise DataError(f"{data_dir}: no local data for " + "; ".join(missing))
    return configs, files


@functools.cache
def _load_tasks(
    yaml_path: str | None, name: str | None, limit: int | None, num_fewshot: int | None, data_dir: str | None = None
) -> tuple[list, tuple[Path, ...]]:
    """The leaf tasks with their requests built, and every local file they read (cached: rules that share
    a task load it once)."""
    from lm_eval.tasks import TaskManager

    manager = TaskManager(include_defaults=yaml_path is None)  # an inline config needs no index
    files: list[Path] = []
    if yaml_path is not None:
        path = Path(yaml_path)
        try:
            config = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise DataError(f"{path}: not plain YAML ({error}); use a registered task name instead") from None
        if not isinstance(config, dict):
            raise DataError(f"{path}: not an lm-eval task config (a mapping with 'task')")
        config = _absolute_data_files(config, path.parent)
        specs: list = [config]  # an inline config: no temporary files
        files = [path, *_local_files(config.get("dataset_kwargs", {}).get("data_files"))]
        name = config.get("task")
    elif data_dir and name:
        specs, files = _registered_configs(manager, name, Path(data_dir))
    else:
        specs = [name]
    task_logger = logging.getLogger("lm_eval.api.task")  # it warns at every custom_dataset; hegui chose it
    level = task_logger.level
    task_logger.setLevel(max(level, logging.ERROR))
    try:
        leaves = list(manager.load(specs)["tasks"].values())
    except DataError:
        raise
    except Exception as error:  # lm-eval raises several types for unknown or unloadable tasks
        raise DataError(f"lm-eval could not load task {name!r}: {type(error).__name__}: {error}") from None
    finally:
        task_logger.setLevel(level)
    from lm_eval.api import task as task_module

    bar = task_module.tqdm
    task_module.tqdm = functools.partial(bar, disable=True)  # building a plan is not the audit's progress
    try:
        for task in leaves:
            if num_fewshot is not None:
                task.set_config(key="num_fewshot", value=num_fewshot)
            task.build_all_requests(limit=limit, rank=0, world_size=1)
    finally:
        task_module.tqdm = bar
    return leaves, tuple(files)


def policy_dir(check: ProbeCheck) -> Path | None:
    """The folder of the policy file the check's rule came from, where the audit tells the probe
    (``ProbeCheck.base_dir``); None where it does not."""
    base = check.base_dir
    return Path(base) if base is not None else None


def resolve_policy_path(check: ProbeCheck, value: str, what: str) -> Path:
    """A path named in a rule's params, relative to the policy file's folder (as ``suite`` is)."""
    path = Path(value).expanduser()
    if path.is_absolute():
        return path
    base = policy_dir(check)
    if base is None:
        raise DataError(f"rule {check.rule_id}: {what} {value!r} is relative, and this audit does not tell the probe "
                        "which folder the policy file is in (ProbeCheck.base_dir); give an absolute path")
    return (base / path).resolve()


class BenchmarkProbe(Probe):
    name = "benchmark"
    description = "An lm-eval task (by name or YAML path), scored by lm-eval, thresholded on one metric."
    metrics = {  # the task reports its metrics and their direction; these are the ones a policy may name
        "acc": MetricSpec("accuracy", better="higher"),
        "acc_norm": MetricSpec("length-normalised accuracy", better="higher"),
        "exact_match": MetricSpec("exact match", better="higher"),
        "f1": MetricSpec("F1", better="higher"),
    }
    Params = BenchmarkParams
    example = {"suite": "benchmarks/lmeval/hegui_law_zh.yaml", "metric": "acc", "threshold": {"min": 0.5},
               "params": {"limit": 4}}
    needs_suite = False

    def _tasks(self, check: ProbeCheck) -> tuple[list, tuple[Path, ...]]:
        params: BenchmarkParams = check.params
        # The task YAML (the rule's suite).
        yaml_path = next((str(s) for s in check.suites if s.suffix in (".yaml", ".yml")), None)
        if yaml_path is None and not params.task:
            raise DataError(f"rule {check.rule_id}: the benchmark probe needs a suite (task YAML) or params.task")
        if yaml_path is not None and params.data_dir:
            raise DataError(f"rule {check.rule_id}: data_dir is for a registered task (params.task); "
                            "a task YAML names its own data_files")
        data_dir = str(resolve_policy_path(check, params.data_dir, "data_dir")) if params.data_dir else None
        return _load_tasks(yaml_path, params.task, params.limit, params.num_fewshot, data_dir)

    def cases(self, check: ProbeCheck) -> list[Case]:
        """One case per document of each task; it carries the task and the document's lm-eval instances.
        Every local file the tasks read joins the check's suites, so the manifest hashes it."""
        out = []
        tasks, files = self._tasks(check)
        check.reads(files)
        for task in tasks:
            by_doc: dict[int, list] = defaultdict(list)
            for inst in sorted(task.instances, key=lambda i: (i.doc_id, i.idx)):
                by_doc[inst.doc_id].append(inst)
            out.extend(Case(f"{task.config.task}:{doc_id}", {"task": task, "instances": instances})
                       for doc_id, instances in sorted(by_doc.items()))
        return out

    def ask(self, check: ProbeCheck, case: Case, earlier: Answers) -> dict[str, Request]:
        chat = check.params.chat
        out: dict[str, Request] = {}
        for inst in case["instances"]:
            context = inst.args[0]
            messages = user(context) if chat else raw(context)
            if inst.request_type == "loglikelihood":
                out[str(inst.idx)] = LoglikelihoodRequest(messages, inst.args[1], chat=chat)
            elif inst.request_type == "generate_until":
                kwargs = inst.args[1]
                until = kwargs.get("until") or []
                out[str(inst.idx)] = GenerationRequest(
                    messages, max_new_tokens=int(kwargs.get("max_gen_toks", 256)),
                    stop=tuple([until] if isinstance(until, str) else until), chat=chat,
                )
            else:
                raise DataError(f"rule {check.rule_id}: lm-eval request type {inst.request_type!r} is not supported")
        return out

    @staticmethod
    def _lm_eval_response(result: Any) -> Any:
        return (result.logprob, result.greedy) if isinstance(result, LogLik) else result.text if isinstance(result, Text) else result

    def measure(self, check: ProbeCheck, cases: list[Case], answers: Mapping[str, Answers]) -> Measurement:
        values: list[float] = []
        samples: list[Sample] = []
        per_task: dict[str, list[float]] = defaultdict(list)
        by_task: dict[int, list[Case]] = defaultdict(list)
        tasks = {}
        for case in cases:
            tasks[id(case["task"])] = case["task"]
            by_task[id(case["task"])].append(case)
            for inst in case["instances"]:
                inst.resps = [self._lm_eval_response(answers[case.id][str(inst.idx)])]
        better = "higher"
        for key, task in tasks.items():
            task.apply_filters()
            better = "higher" if task.higher_is_better().get(check.metric, True) else "lower"
            for case in by_task[key]:
                doc_instances = case["instances"]
                filter_key = next(iter(doc_instances[0].filtered_resps))
                doc = doc_instances[0].doc
                metrics = task.process_results(doc, [inst.filtered_resps[filter_key] for inst in doc_instances])
                if check.metric not in metrics:
                    raise DataError(f"task {task.config.task!r} has no metric {check.metric!r} (it reports: {', '.join(metrics)})")
                value = float(metrics[check.metric])
                values.append(value)
                per_task[task.config.task].append(value)
                if len(samples) < 200:
                    samples.append(Sample(
                        id=case.id, prompt=doc_instances[0].args[0],
                        response=str(doc_instances[0].filtered_resps[filter_key]) if doc_instances[0].request_type == "generate_until"
                        else f"target: {task.doc_to_target(doc)}",
                        label=f"{check.metric}={value:g}", counts_against=value < 1.0,
                    ))
        n = len(values)
        mean = sum(values) / n if n else None
        if all(v in (0.0, 1.0) for v in values):
            interval = exact_interval(int(sum(values)), n)
        else:  # graded scores: a bootstrap over documents, never narrower than n binomial trials
            interval = at_least_exact(bootstrap_interval(values, lambda xs: sum(xs) / len(xs)), mean or 0.0, n)
        groups = [proportion_group(f"task={t}", int(sum(v)), len(v)) for t, v in sorted(per_task.items())]
        return Measurement(metric=check.metric, value=mean, n=n, interval=interval, groups=groups, samples=samples, better=better,
                           unit="document")
