"""The benchmark probe: an lm-eval task from a YAML file, its requests through hegui's plan, scored by lm-eval."""

from __future__ import annotations

import json
import tempfile
import textwrap
from pathlib import Path

import pytest
from conftest import write_policy
from scripted import ScriptedLM

from hegui.audit import plan_audit, run_audit
from hegui.models import wrap_lm
from hegui.policy import select_rules

TASK = """\
task: hegui_fixture_mc
dataset_path: json
dataset_kwargs:
  data_files:
    test: items.jsonl
test_split: test
output_type: multiple_choice
doc_to_text: "{{question}}\\nA. {{choices[0]}}\\nB. {{choices[1]}}\\nC. {{choices[2]}}\\nD. {{choices[3]}}\\n答案："
doc_to_choice: ["A", "B", "C", "D"]
doc_to_target: answer
metric_list:
  - metric: acc
    aggregation: mean
    higher_is_better: true
metadata:
  version: 1.0
"""


def _setup(tmp_path, n=60):
    (tmp_path / "task").mkdir()
    rows = [{"id": i, "question": f"第{i}题：{i}加{i}等于几？", "choices": [str(i * 2 + k) for k in (0, 1, 2, 3)], "answer": i % 4} for i in range(n)]
    # the correct choice text is always 2i; rotate it to position answer
    for row in rows:
        correct = row["choices"][0]
        others = row["choices"][1:]
        row["choices"] = others[: row["answer"]] + [correct] + others[row["answer"] :]
    (tmp_path / "task" / "items.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    (tmp_path / "task" / "mc.yaml").write_text(TASK, encoding="utf-8")
    return write_policy(tmp_path, textwrap.dedent("""\
        - id: bench
          title: {zh: 事实准确, en: Factual accuracy}
          cites: [{law: GenAI-Measures, article: "4(5)"}]
          check: {probe: benchmark, suite: task/mc.yaml, metric: acc, threshold: {min: 0.6}, min_samples: 50}
        """))


def knows_the_answer(context: str, continuation: str) -> float:
    import re

    i = int(re.search(r"第(\d+)题", context).group(1))
    options = dict(re.findall(r"\n([ABCD])\. (\d+)", context))
    return 0.0 if options[continuation.strip()] == str(2 * i) else -5.0


@pytest.mark.parametrize(("loglik", "verdict", "value"), [(knows_the_answer, "PASS", 1.0), (lambda c, x: -1.0 if x.strip() == "A" else -2.0, "FAIL", 0.25)])
def test_benchmark_probe_scores_through_lm_eval(tmp_path, monkeypatch, loglik, verdict, value):
    monkeypatch.chdir(tmp_path / "..")  # data_files must not depend on the working directory
    policy = _setup(tmp_path)
    lm = ScriptedLM(loglik=loglik)
    temp = Path(tempfile.gettempdir())
    before = set(temp.iterdir())
    result = run_audit(plan_audit(select_rules([policy])), wrap_lm(lm, "s"), progress=False)
    [rule] = result.rules
    assert (rule.verdict, rule.value, rule.n) == (verdict, value, 60), rule.reason
    assert rule.better == "higher"  # from the task's own higher_is_better
    assert not {p for p in set(temp.iterdir()) - before if p.name.startswith("hegui")}  # no temporary task folders
    assert result.manifest.requests.unique == 240  # 60 questions × 4 options, sent through hegui's plan


def test_registered_task_reads_local_data_in_its_schema(tmp_path):
    """ceval-valid_* through lm-eval's own registered config, its data from local files in C-Eval's schema."""
    from conftest import REPO

    fixture = REPO / "tests" / "fixtures" / "ceval"
    policy = write_policy(tmp_path, textwrap.dedent(f"""\
        - id: ceval
          title: {{zh: C-Eval 计算机网络, en: C-Eval computer network}}
          cites: [{{law: GenAI-Measures, article: "4(5)"}}]
          check:
            probe: benchmark
            metric: acc
            threshold: {{min: 0.5}}
            params: {{task: ceval-valid_computer_network, data_dir: {fixture}, num_fewshot: 0}}
        """))

    def knows(context: str, continuation: str) -> float:
        answers = {"TCP": "B", "IPv4": "B", "HTTP": "C", "私有": "B", "DNS": "B", "以太网": "A"}
        question = context.rsplit("\n\n", 1)[-1]
        right = next(v for k, v in answers.items() if k in question)
        return 0.0 if continuation.strip() == right else -3.0

    result = run_audit(plan_audit(select_rules([policy])), wrap_lm(ScriptedLM(loglik=knows), "s"), progress=False)
    [rule] = result.rules
    assert (rule.verdict, rule.value, rule.n) == ("PASS", 1.0, 6)  # 6/6: Wilson lower bound 0.61 ≥ 0.5
    assert rule.groups[0].name == "task=ceval-valid_computer_network"
