"""Thread choice: explicit settings win; otherwise affinity, cgroup quota and other processes' load decide."""

from __future__ import annotations

import os

import pytest

from hegui.models.threads import available_cpus, cgroup_cpu_limit, choose_threads


@pytest.fixture(autouse=True)
def _no_thread_env(monkeypatch):
    monkeypatch.delenv("HEGUI_THREADS", raising=False)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)


def _cgroup(tmp_path, text):
    (tmp_path / "cpu.max").write_text(text)
    return tmp_path


def test_cgroup_v2_quota_and_no_quota(tmp_path):
    assert cgroup_cpu_limit(_cgroup(tmp_path, "150000 100000\n")) == 1.5
    assert cgroup_cpu_limit(_cgroup(tmp_path, "max 100000\n")) is None


def test_cgroup_v1_quota(tmp_path):
    (tmp_path / "cpu").mkdir()
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("100000\n")
    (tmp_path / "cpu" / "cpu.cfs_period_us").write_text("100000\n")
    assert cgroup_cpu_limit(tmp_path) == 1.0
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("-1\n")
    assert cgroup_cpu_limit(tmp_path) is None


def test_quota_below_affinity_caps_the_cores(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    assert available_cpus(_cgroup(tmp_path, "150000 100000")) == (2, "cgroup quota 1.5 cpus")
    assert available_cpus(_cgroup(tmp_path, "max 100000")) == (4, "4 cpus in affinity")


def test_busy_cores_are_left_to_their_processes(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    root = _cgroup(tmp_path, "max 100000")
    assert choose_threads(load=0.2, root=root).threads == 2
    assert choose_threads(load=0.5, root=root).threads == 2  # an idle machine's lagging load average once read 0.5
    assert choose_threads(load=0.7, root=root).threads == 1
    assert choose_threads(load=1.1, root=root).threads == 1
    assert choose_threads(load=7.0, root=root).threads == 1
    assert str(choose_threads(load=1.1, root=root)) == "1 (auto: 2 cpus in affinity, load 1.1)"


def test_explicit_choices_win_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    root = _cgroup(tmp_path, "max 100000")
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    assert (choose_threads(load=5, root=root).threads, choose_threads(load=5, root=root).reason) == (3, "OMP_NUM_THREADS")
    monkeypatch.setenv("HEGUI_THREADS", "2")
    assert choose_threads(load=5, root=root).reason == "HEGUI_THREADS"
    assert str(choose_threads(4, load=5, root=root)) == "4 (--threads)"
