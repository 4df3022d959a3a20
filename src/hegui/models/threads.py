"""How many intra-op threads torch gets: the cores this process may really use, not the machine's count.

torch starts one thread per core it sees. On a shared CI runner or a laptop busy with other work that
oversubscribes the cores: measured here, torch with 2 threads on 2 busy cores ran about 14× slower than
with 1 (``benchmarks/perf/threads_busy.py``). So the count is chosen from what is available:

- the CPU affinity mask (``taskset``, container cpusets),
- the cgroup CPU quota (v2 ``cpu.max``, v1 ``cpu.cfs_quota_us``/``cpu.cfs_period_us``; Docker ``--cpus``),
- how busy the cores are now: the cores busy over a half-second sample of ``/proc/stat``. The 1-minute load
  average lags both ways (a job that just started is not in it yet; one that just ended still is: an idle
  machine right after ``pip install`` read 0.5 and the audit ran on one thread of two), so it is used only
  where there is no ``/proc/stat``. A core counts as taken when other work keeps it at least 70 % busy.

An explicit choice wins, in this order: ``hegui audit --threads N``, ``HEGUI_THREADS``, ``OMP_NUM_THREADS``
(then torch's own reading of it is left alone). The choice and its reason go into the manifest.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

ENV_THREADS = "HEGUI_THREADS"
BUSY_CORE = 0.7  # a core other work keeps this busy (or more) is not ours to take
CGROUP_ROOT = Path("/sys/fs/cgroup")


@dataclass(frozen=True)
class ThreadChoice:
    """The thread count torch is given and why (as the manifest records it)."""

    threads: int
    reason: str

    def __str__(self) -> str:
        return f"{self.threads} ({self.reason})"


def cgroup_cpu_limit(root: Path = CGROUP_ROOT) -> float | None:
    """CPUs the cgroup quota allows (e.g. 1.5), or None when there is no quota."""
    candidates = [root / "cpu.max"]
    try:
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            parts = line.split(":", 2)
            if len(parts) == 3 and parts[0] == "0":  # cgroup v2: the process's own group
                candidates.insert(0, root / parts[2].lstrip("/") / "cpu.max")
    except OSError:
        pass
    for path in candidates:
        try:
            quota, period = path.read_text().split()[:2]
        except (OSError, ValueError):
            continue
        if quota != "max" and float(period) > 0:
            return float(quota) / float(period)
        return None
    try:
        quota_v1 = float((root / "cpu" / "cpu.cfs_quota_us").read_text())
        period_v1 = float((root / "cpu" / "cpu.cfs_period_us").read_text())
    except (OSError, ValueError):
        return None
    return quota_v1 / period_v1 if quota_v1 > 0 and period_v1 > 0 else None


def available_cpus(root: Path = CGROUP_ROOT) -> tuple[int, str]:
    """Cores this process may run on (affinity, then quota), and a phrase saying where the number came from."""
    try:
        cpus = len(os.sched_getaffinity(0))
        source = f"{cpus} cpus in affinity"
    except (AttributeError, OSError):  # pragma: no cover - macOS, Windows
        cpus = os.cpu_count() or 1
        source = f"{cpus} cpus"
    limit = cgroup_cpu_limit(root)
    if limit is not None and math.ceil(limit) < cpus:
        cpus = max(1, math.ceil(limit))
        source = f"cgroup quota {limit:g} cpus"
    return cpus, source


def choose_threads(requested: int | None = None, *, load: float | None = None, root: Path = CGROUP_ROOT) -> ThreadChoice:
    """The thread count for this run: an explicit request, else the available cores less those other work keeps busy."""
    if requested is not None:
        return ThreadChoice(max(1, int(requested)), "--threads")
    for name in (ENV_THREADS, "OMP_NUM_THREADS"):
        value = os.environ.get(name, "").strip()
        if value.isdigit() and int(value) > 0:
            return ThreadChoice(int(value), name)
    cpus, source = available_cpus(root)
    if load is None:
        load = current_load()
    busy = min(cpus - 1, int(load + 1 - BUSY_CORE)) if load > 0 else 0
    threads = max(1, cpus - busy)
    return ThreadChoice(threads, f"auto: {source}, load {load:.1f}")


def _cpu_times() -> tuple[float, float] | None:
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()
    except (OSError, IndexError):
        return None
    values = [float(v) for v in fields[1:9]]
    return sum(values), values[3] + values[4]  # total, idle + iowait


def own_share_of_load_average() -> float:
    """How much of the 1-minute load average is this process itself (planning, loading) rather than other work.

    The load average counts our own runnable threads too, so an audit that planned for 15 s would see itself as
    "other work" and take one thread fewer. Estimated as this process's CPU use over its life (at most one core:
    planning is single-threaded), weighted by how far the exponential average has caught up with it."""
    import math
    import time

    try:
        stat = Path("/proc/self/stat").read_text()
        ticks = os.sysconf("SC_CLK_TCK")
        started = float(stat.rsplit(")", 1)[1].split()[19]) / ticks  # field 22: start time since boot
        uptime = float(Path("/proc/uptime").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0
    age = max(uptime - started, 1e-3)
    cpu = time.process_time()
    return min(1.0, cpu / age) * (1 - math.exp(-age / 60))


def current_load(sample_s: float = 0.5) -> float:
    """Cores other work keeps busy now: a short /proc/stat sample taken while we sleep (the 1-minute load
    average, less our own share, where /proc/stat is missing)."""
    import time

    before = _cpu_times()
    if before is not None:
        time.sleep(sample_s)
        after = _cpu_times()
        if after is not None and after[0] > before[0]:
            busy_share = 1 - (after[1] - before[1]) / (after[0] - before[0])
            return busy_share * (os.cpu_count() or 1)
    try:
        return max(0.0, os.getloadavg()[0] - own_share_of_load_average())
    except OSError:  # pragma: no cover - no load average on this system
        return 0.0


def apply_threads(requested: int | None = None) -> ThreadChoice:
    """Set torch's intra-op thread count to the choice, and return the choice."""
    import torch

    choice = choose_threads(requested)
    if choice.reason == "OMP_NUM_THREADS" and torch.get_num_threads() == choice.threads:
        return choice
    torch.set_num_threads(choice.threads)
    return choice
