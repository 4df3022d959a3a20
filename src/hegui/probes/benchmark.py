"""``benchmark``: any lm-eval task, by registered name or by YAML path, thresholded on one of its metrics.

lm-eval builds the task's requests and scores the answers (its ``process_results`` and filters); hegui
sends the requests through its own plan, so a benchmark's calls are deduplicated, batched and resumable
like every other probe's, and one model load serves the whole audit.

A YAML task's relative ``data_files`` are made absolute against the YAML's own folder (lm-eval resolves
them against the working directory). YAML tasks must be plain YAML (no ``!function``); use a registered
task name for those.
"""

from __future__ import annotations

import functools
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


class BenchmarkParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    task: str | None = Field(default=None, description="a registered lm-eval task or group (when no suite is given)")
    limit: int | None = Field(default=None, ge=1, description="only the first N documents of each task")
    chat: bool = Field(default=False, description="wrap each prompt as a chat turn (chat models)")
    num_fewshot: int | None = Field(default=None, ge=0)
    data_dir: str | None = Field(
        default=None,
        description="local copies of a registered task's data: <dataset_name>_<split>.jsonl or .csv (e.g. C-Eval, CMMLU)",
    )


def _absolute_data_files(config: dict, folder: Path) -> dict:
    files = config.get("dataset_kwargs", {}).get("data_files")
    if isinstance(files, dict):
        config["dataset_kwargs"]["data_files"] = {k: str((folder / v).resolve()) for k, v in files.items()}
    elif isinstance(files, str):
        config["dataset_kwargs"]["data_files"] = str((folder / files).resolve())
    return config


def _registered_configs(manager, name: str, data_dir: Path) -> list[dict]:
    """A registered task (or group) with its data read from local files in the same schema, for users
    whose machines cannot reach the dataset hub. Built from the task index's configs (lm-eval's public
    ``task_index``) and handed back to ``TaskManager.load`` as inline configs."""
    entry = manager.task_index.get(name)
    if entry is None or entry.cfg is None:
        raise DataError(f"lm-eval has no task {name!r}{did_you_mean(name, list(manager.all_tasks))}")
    members = entry.cfg.get("task") if "group" in entry.cfg else [name]
    configs = []
    for member in members if isinstance(members, list) else [members]:
        member_entry = manager.task_index.get(member) if isinstance(member, str) else None
        if member_entry is None or member_entry.cfg is None:
            continue
        member_config = {k: v for k, v in member_entry.cfg.items() if k not in ("tag", "group")}
        subset = member_config.get("dataset_name") or member
        files, kind = {}, "json"
        for key in ("training_split", "validation_split", "test_split", "fewshot_split"):
            split = member_config.get(key)
            for suffix, loader in ((".jsonl", "json"), (".csv", "csv")):
                candidate = data_dir / f"{subset}_{split}{suffix}"
                if split and candidate.exists():
                    files[split], kind = str(candidate.resolve()), loader
        if not files:
            raise DataError(f"{data_dir}: no local data for {member} (looked for {subset}_<split>.jsonl or .csv)")
        member_config.update(dataset_path=kind, dataset_name=None, dataset_kwargs={"data_files": files})
        configs.append(member_config)
    return configs


@functools.cache
def _load_tasks(
    yaml_path: str | None, name: str | None, limit: int | None, num_fewshot: int | None, data_dir: str | None = None
) -> list:
    """The leaf tasks with their requests built (cached: rules that share a task load it once)."""
    from lm_eval.tasks import TaskManager

    manager = TaskManager(include_defaults=yaml_path is None)  # an inline config needs no index
    if yaml_path is not None:
        path = Path(yaml_path)
        try:
            config = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise DataError(f"{path}: not plain YAML ({error}); use a registered task name instead") from None
        specs: list = [_absolute_data_files(config, path.parent)]  # an inline config: no temporary files
        name = config.get("task")
    elif data_dir and name:
        specs = _registered_configs(manager, name, Path(data_dir))
    else:
        specs = [name]
    try:
        leaves = list(manager.load(specs)["tasks"].values())
    except Exception as error:  # lm-eval raises several types for unknown or unloadable tasks
        raise DataError(f"lm-eval could not load task {name!r}: {type(error).__name__}: {error}") from None
    for task in leaves:
        if num_fewshot is not None:
            task.set_config(key="num_fewshot", value=num_fewshot)
        task.build_all_requests(limit=limit, rank=0, world_size=1)
    return leaves


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

    def _tasks(self, check: ProbeCheck) -> list:
        params: BenchmarkParams = check.params
        if not check.suites and not params.task:
            raise DataError(f"rule {check.rule_id}: the benchmark probe needs a suite (task YAML) or params.task")
        yaml_path = str(check.suites[0]) if check.suites else None
        data_dir = str((check.suites[0].parent if check.suites else Path.cwd()) / params.data_dir) if params.data_dir else None
        return _load_tasks(yaml_path, params.task, params.limit, params.num_fewshot, data_dir)

    def cases(self, check: ProbeCheck) -> list[Case]:
        """One case per document of each task; it carries the task and the document's lm-eval instances."""
        out = []
        for task in self._tasks(check):
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
