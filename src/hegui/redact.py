"""The last step before anything is written: mask personal data in every sample, unless asked not to.

Applied to the whole ``AuditResult`` at once, so every writer (JSON, HTML, JUnit, console) receives the
same masked evidence and none can forget to mask.

Secrets are another matter: they are never written, whatever ``--show-pii`` says. ``redact_args``,
``redact_url``, ``redact_command`` and ``scrub`` take API keys, tokens and passwords out of model
arguments, URLs (``http://user:pass@host``, ``?api_key=...``), the recorded command line and error text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .report.schema import AuditResult

MASK = "***"
# A name is secret when one of its words is one of these, or it ends in key / token (api_key, hf_token,
# access_token, apiKey) -- but not the tokenizer's special tokens (eos_token, add_bos_token).
_SECRET_WORDS = {"secret", "password", "passwd", "pwd", "authorization", "auth", "credential", "credentials",
                 "apikey", "header", "headers", "cookie"}
_SECRET_LAST = {"key", "token"}
_NOT_SECRET = {"bos_token", "eos_token", "pad_token", "unk_token", "sep_token", "cls_token", "mask_token",
               "add_bos_token", "add_eos_token", "custom_prefix_token", "eos_string", "think_end_token"}
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^:/@\s]*):(?P<password>[^@/\s]*)@")
_QUERY = re.compile(r"(?P<lead>[?&;])(?P<name>[^=&;#\s]+)=(?P<value>[^&;#\s]*)")
_PAIR = re.compile(r"(?P<lead>^|,)(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)=(?P<value>[^,]*)")
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{4,}")


def is_secret_name(name: str) -> bool:
    """``api_key``, ``auth_token``, ``hf_token``, ``OPENAI_API_KEY``, ``db_password``, ``apiKey``..."""
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower().lstrip("-").replace("-", "_")
    if snake in _NOT_SECRET or snake.endswith("_token_id"):
        return False
    words = [w for w in re.split(r"[_.]+", snake) if w]
    return bool(words) and (any(w in _SECRET_WORDS for w in words) or words[-1] in _SECRET_LAST)


def redact_url(text: str) -> str:
    """The password of ``scheme://user:password@host`` and secret query parameters become ``***``."""
    text = _USERINFO.sub(lambda m: f"{m['scheme']}{m['user']}:{MASK}@", text)
    text = _QUERY.sub(lambda m: f"{m['lead']}{m['name']}={MASK}" if is_secret_name(m["name"]) else m[0], text)
    return _BEARER.sub(lambda m: f"{m[1]} {MASK}", text)


def redact_args(args: Mapping[str, Any]) -> dict[str, Any]:
    """Model arguments as they may be recorded: secret-named values masked, URLs without passwords."""
    return {
        name: MASK if is_secret_name(name) else (redact_url(value) if isinstance(value, str) else value)
        for name, value in args.items()
    }


def _redact_pairs(text: str) -> str:
    """``k=v,k=v`` (lm-eval's --model-args) with secret-named values masked."""
    return _PAIR.sub(lambda m: f"{m['lead']}{m['name']}={MASK}" if is_secret_name(m["name"]) else m[0], text)


def redact_command(argv: Iterable[str]) -> list[str]:
    """The command line as recorded: secrets in ``k=v`` lists, ``--token X`` / ``--token=X`` flags and URLs masked."""
    out: list[str] = []
    hide_next = False
    for arg in map(str, argv):
        if hide_next:
            out.append(MASK)
            hide_next = False
            continue
        if arg.startswith("--"):
            flag, eq, value = arg.partition("=")
            if is_secret_name(flag[2:]):
                out.append(f"{flag}={MASK}" if eq else flag)
                hide_next = not eq
                continue
            if eq:
                out.append(f"{flag}={redact_url(_redact_pairs(value))}")
                continue
        out.append(redact_url(_redact_pairs(arg)))
    return out


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """Error or log text with the given secret values (and any URL password) replaced by ``***``."""
    for secret in sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return redact_url(text)


def secret_values(args: Mapping[str, Any]) -> list[str]:
    """The values that must never be printed: secret-named arguments and URL passwords."""
    values = [str(v) for k, v in args.items() if is_secret_name(k) and v not in (None, "")]
    for value in args.values():
        if isinstance(value, str):
            values += [m["password"] for m in _USERINFO.finditer(value) if m["password"]]
            values += [m["value"] for m in _QUERY.finditer(value) if is_secret_name(m["name"]) and m["value"]]
    return values


def redact_result(result: AuditResult) -> AuditResult:
    from .detectors.pii import PiiDetector
    from .detectors.pii.mask import mask_text

    detector = PiiDetector.shared()
    rules = []
    for rule in result.rules:
        if rule.measurement is None:
            rules.append(rule)
            continue
        samples = [
            sample.model_copy(
                update={"prompt": mask_text(sample.prompt, detector), "response": mask_text(sample.response, detector)}
            )
            for sample in rule.measurement.samples
        ]
        rules.append(rule.model_copy(update={"measurement": rule.measurement.model_copy(update={"samples": samples})}))
    return result.model_copy(update={"rules": rules})
