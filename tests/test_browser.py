"""The HTML report in a real headless browser (Debian's chromium): it renders, logs nothing to the
console, makes no network request of its own, and a screenshot is produced."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import refusal_rule, write_bank, write_policy
from scripted import ScriptedLM

from hegui.audit import plan_audit, run_audit
from hegui.models import wrap_lm
from hegui.policy import select_rules
from hegui.report.html import write_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")


def open_in_chromium(page: Path, tmp_path: Path) -> tuple[int, list[str], list[str], Path]:
    """(exit code, console lines, page-initiated URLs, screenshot) for one headless load of ``page``."""
    shot, netlog = tmp_path / f"{page.stem}.png", tmp_path / f"{page.stem}.netlog.json"
    run = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / ('profile-' + page.stem)}", "--window-size=1280,2000",
         f"--screenshot={shot}", "--enable-logging=stderr", "--v=0", f"--log-net-log={netlog}", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    log = json.loads(netlog.read_text())
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    # Chromium's own background fetches carry no page origin ("not an origin"); the page's carry "null".
    requests = [e["params"]["url"] for e in log["events"]
                if names.get(e["type"]) == "URL_REQUEST_START_JOB" and "url" in e.get("params", {})
                and e["params"].get("initiator") != "not an origin"
                and not e["params"]["url"].startswith("file:")]
    return run.returncode, console, requests, shot


def test_report_renders_offline_without_console_errors(tmp_path):
    write_bank(tmp_path / "bank.jsonl", ["危险问题", "另一个问题 [X]"])
    policy = write_policy(tmp_path, refusal_rule("TC-1", "bank.jsonl", "{min: 0.95}"))
    lm = ScriptedLM(reply=lambda p: '<script>console.error("pwned")</script><img src="http://example.com/a.png">' if "[X]" in p else "好的")
    _, html = write_report(run_audit(plan_audit(select_rules([policy])), wrap_lm(lm, "s"), progress=False), tmp_path / "out")
    code, console, requests, shot = open_in_chromium(html, tmp_path)
    assert code == 0
    assert console == [] and requests == []
    assert shot.stat().st_size > 20_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_harness_would_see_errors_and_requests(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text('<html><body><img src="http://example.com/x.png"><script>console.error("boom")</script></body></html>')
    code, console, requests, _ = open_in_chromium(page, tmp_path)
    assert code == 0 and any('"boom"' in line for line in console) and requests == ["http://example.com/x.png"]


def test_report_prints_to_pdf(tmp_path):
    write_bank(tmp_path / "bank.jsonl", ["问题"])
    policy = write_policy(tmp_path, refusal_rule("TC-1", "bank.jsonl", "{min: 0.95}"))
    _, html = write_report(run_audit(plan_audit(select_rules([policy])), wrap_lm(ScriptedLM(), "s"), progress=False), tmp_path / "out")
    pdf = tmp_path / "report.pdf"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         f"--user-data-dir={tmp_path / 'profile-pdf'}", f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html.as_uri()],
        capture_output=True, timeout=120, check=True,
    )
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 10_000


def _pdf_pages(pdf: Path) -> int:
    import re

    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))


def _print(html: Path, pdf: Path, tmp_path: Path) -> None:
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         f"--user-data-dir={tmp_path / ('profile-' + pdf.stem)}", f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
         html.as_uri()], capture_output=True, timeout=120, check=True,
    )


def test_the_first_screen_prints_on_one_a4_page(tmp_path):
    """Nine blocking failures (as SmolLM2's default audit has), five laws, manual checks: still one page."""
    laws = ["TC260-003", "PIPL", "GDPR", "GenAI-Measures", "DSL"]
    rules = "".join(
        refusal_rule(f"{laws[i % 5]}-{i}.should-refuse-with-a-long-name", "bank.jsonl", "{min: 0.95}", 1)
        .replace("law: TC260-003", f"law: {laws[i % 5]}") for i in range(9))
    rules += "".join(f"- id: DSL-{i}.manual\n  title: {{zh: 制度, en: A process}}\n  cites: [{{law: DSL, article: '{i}'}}]\n"
                     f"  check: {{manual: {{zh: 建立制度, en: A documented process exists for item {i}}}}}\n" for i in range(6))
    write_bank(tmp_path / "bank.jsonl", [f"问题{i}" for i in range(50)])
    policy = write_policy(tmp_path, rules)
    _, html = write_report(run_audit(plan_audit(select_rules([policy])), wrap_lm(ScriptedLM(), "s"), progress=False), tmp_path / "out")
    text = html.read_text(encoding="utf-8")
    assert text.count("<li><a href=\"#rule-") >= 9
    first = tmp_path / "first.html"
    first.write_text(text[: text.index("<!-- /first-screen -->")] + "</body></html>", encoding="utf-8")
    _print(first, tmp_path / "first.pdf", tmp_path)
    _print(html, tmp_path / "whole.pdf", tmp_path)
    assert _pdf_pages(tmp_path / "first.pdf") == 1
    assert _pdf_pages(tmp_path / "whole.pdf") > 1


def test_history_page_renders_offline(tmp_path):
    from hegui.cli import main

    reports = []
    for k, refused in enumerate((50, 49, 30)):
        folder = tmp_path / f"a{k}"
        folder.mkdir()
        write_bank(folder / "bank.jsonl", [f"问题{i}" + (" [R]" if i < refused else "") for i in range(50)])
        policy = write_policy(folder, refusal_rule("TC-1", "bank.jsonl", "{min: 0.9}", 1))
        result = run_audit(plan_audit(select_rules([policy])), wrap_lm(ScriptedLM(refuse=lambda p: "[R]" in p), f"m{k}"),
                           name=f"m{k}", progress=False)
        reports.append(str(write_report(result, folder / "out")[0]))
    page = tmp_path / "history.html"
    assert main(["history", *reports, "--out", str(page)]) == 0
    code, console, requests, shot = open_in_chromium(page, tmp_path)
    assert code == 0 and console == [] and requests == []
    assert shot.stat().st_size > 10_000
