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
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from ..errors import DataError
from ..measurement import Measurement, Sample
from ..plan import GenerationRequest, LoglikelihoodRequest, Request, raw, user
from ..stats import bootstrap_interval, wilson_interval
from . import register
from .base import MetricSpec, Probe, ProbeCheck


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
    whose machines cannot reach the dataset hub."""
    import difflib

    from lm_eval.tasks._yaml_loader import load_yaml

    entry = manager._entry(name)
    if entry is None or entry.yaml_path is None:
        close = difflib.get_close_matches(name, list(manager.all_tasks), n=1)
        raise DataError(f"lm-eval has no task {name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    config = load_yaml(entry.yaml_path, resolve_func=True, recursive=True)
    members = config.get("task") if "group" in config else [name]
    configs = []
    for member in members if isinstance(members, list) else [members]:
        member_entry = manager._entry(member) if isinstance(member, str) else None
        if member_entry is None or member_entry.yaml_path is None:
            continue
        member_config = load_yaml(member_entry.yaml_path, resolve_func=True, recursive=True)
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
    """The leaf tasks with their requests built (cached: plan and measure both need them)."""
    from lm_eval.tasks import TaskManager

    if yaml_path is not None:
        path = Path(yaml_path)
        try:
            config = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise DataError(f"{path}: not plain YAML ({error}); use a registered task name instead") from None
        include = Path(tempfile.mkdtemp(prefix="hegui-task-"))
        (include / path.name).write_text(yaml.safe_dump(_absolute_data_files(config, path.parent), allow_unicode=True), encoding="utf-8")
        manager, name = TaskManager(include_path=str(include), include_defaults=False), config["task"]
    else:
        manager = TaskManager()
    specs: list = _registered_configs(manager, name, Path(data_dir)) if data_dir and name else [name]
    try:
        leaves = list(manager.load(specs)["tasks"].values())
    except Exception as error:  # lm-eval raises several types for unknown or unloadable tasks
        raise DataError(f"lm-eval could not load task {name!r}: {type(error).__name__}: {error}") from None
    for task in leaves:
        if num_fewshot is not None:
            task.set_config(key="num_fewshot", value=num_fewshot)
        task.build_all_requests(limit=limit, rank=0, world_size=1)
    return leaves


@register
class BenchmarkProbe(Probe):
    name = "benchmark"
    description = "An lm-eval task (by name or YAML path), scored by lm-eval, thresholded on one metric."
    metrics = {
        "acc": MetricSpec("accuracy"),
        "acc_norm": MetricSpec("length-normalised accuracy"),
        "exact_match": MetricSpec("exact match"),
        "f1": MetricSpec("F1"),
    }
    Params = BenchmarkParams
    needs_suite = False

    def _tasks(self, check: ProbeCheck) -> list:
        params: BenchmarkParams = check.params  # type: ignore[assignment]
        if not check.suites and not params.task:
            raise DataError(f"rule {check.rule_id}: the benchmark probe needs a suite (task YAML) or params.task")
        yaml_path = str(check.suites[0]) if check.suites else None
        data_dir = str((check.suites[0].parent if check.suites else Path.cwd()) / params.data_dir) if params.data_dir else None
        return _load_tasks(yaml_path, params.task, params.limit, params.num_fewshot, data_dir)

    def _instances(self, check: ProbeCheck) -> list:
        return [inst for task in self._tasks(check) for inst in sorted(task.instances, key=lambda i: (i.doc_id, i.idx))]

    def requests(self, check: ProbeCheck) -> list[Request]:
        chat = check.params.chat  # type: ignore[attr-defined]
        out: list[Request] = []
        for inst in self._instances(check):
            context = inst.args[0]
            messages = user(context) if chat else raw(context)
            if inst.request_type == "loglikelihood":
                out.append(LoglikelihoodRequest(messages, inst.args[1], chat=chat))
            elif inst.request_type == "generate_until":
                kwargs = inst.args[1]
                until = kwargs.get("until") or []
                out.append(GenerationRequest(
                    messages, max_new_tokens=int(kwargs.get("max_gen_toks", 256)),
                    stop=tuple([until] if isinstance(until, str) else until), chat=chat,
                ))
            else:
                raise DataError(f"rule {check.rule_id}: lm-eval request type {inst.request_type!r} is not supported")
        return out

    def measure(self, check: ProbeCheck, responses: Sequence[tuple[Request, Any]]) -> Measurement:
        position = 0
        values: list[float] = []
        samples: list[Sample] = []
        per_task: dict[str, list[float]] = defaultdict(list)
        for task in self._tasks(check):
            instances = sorted(task.instances, key=lambda i: (i.doc_id, i.idx))
            for inst in instances:
                _, response = responses[position]
                position += 1
                inst.resps = [tuple(response) if isinstance(response, list) else response]
            task.apply_filters()
            by_doc = defaultdict(list)
            for inst in instances:
                by_doc[inst.doc_id].append(inst)
            key = next(iter(instances[0].filtered_resps)) if instances else "none"
            for doc_id, doc_instances in sorted(by_doc.items()):
                doc = doc_instances[0].doc
                metrics = task.process_results(doc, [inst.filtered_resps[key] for inst in doc_instances])
                if check.metric not in metrics:
                    raise DataError(f"task {task.config.task!r} has no metric {check.metric!r} (it reports: {', '.join(metrics)})")
                value = float(metrics[check.metric])
                values.append(value)
                per_task[task.config.task].append(value)
                if len(samples) < 200:
                    samples.append(Sample(
                        id=f"{task.config.task}:{doc_id}", prompt=doc_instances[0].args[0],
                        response=str(doc_instances[0].filtered_resps[key]) if doc_instances[0].request_type == "generate_until"
                        else f"target: {task.doc_to_target(doc)}",
                        label=f"{check.metric}={value:g}", counts_against=value < 1.0,
                    ))
        n = len(values)
        mean = sum(values) / n if n else None
        if all(v in (0.0, 1.0) for v in values):
            interval = wilson_interval(int(sum(values)), n)
        else:
            interval = bootstrap_interval(values, lambda xs: sum(xs) / len(xs))
        from ..measurement import proportion_group

        groups = [proportion_group(f"task={t}", int(sum(v)), len(v)) for t, v in sorted(per_task.items())]
        return Measurement(metric=check.metric, value=mean, n=n, interval=interval, groups=groups, samples=samples)
