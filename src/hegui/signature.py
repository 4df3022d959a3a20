"""Signatures an auditor can trust: Ed25519 over an in-toto statement in a DSSE envelope.

A sha256 seal only catches accidental edits: anyone who edits a report can recompute it. A signature
cannot be recomputed without the private key. hegui signs with the keys an organisation already manages:
standard PEM files, an Ed25519 private key as ``openssl genpkey -algorithm ed25519`` writes it and its
public key as ``openssl pkey -pubout`` writes it.

The envelope is DSSE (https://github.com/secure-systems-lab/dsse): the signature covers
``PAE(payloadType, payload)``, so the payload's type cannot be swapped; the payload is an in-toto
Statement v1 whose subject is the report's results digest. Sigstore and in-toto tooling read this format.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .digest import canonical_json
from .errors import DataError

PAYLOAD_TYPE = "application/vnd.in-toto+json"
STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
SIGNOFF_PREDICATE = "https://hegui.dev/attestation/signoff/v1"
MAX_KEY_BYTES = 64 * 1024


def pae(payload_type: str, payload: bytes) -> bytes:
    """DSSE's pre-authentication encoding: what is actually signed."""
    kind = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(payload), payload)


def key_id(public: Ed25519PublicKey) -> str:
    """sha256 of the raw 32-byte public key: names a key without showing it."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def _read_pem(path: Path) -> bytes:
    if not path.is_file():
        raise DataError(f"{path}: key file not found (or not a regular file)")
    data = path.read_bytes()[: MAX_KEY_BYTES + 1]
    if len(data) > MAX_KEY_BYTES or b"-----BEGIN" not in data:
        raise DataError(f"{path}: not a PEM key file (expected '-----BEGIN ... KEY-----')")
    return data


def load_private_key(path: Path) -> Ed25519PrivateKey:
    data = _read_pem(path)
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except TypeError:
        raise DataError(f"{path}: the private key is encrypted; hegui reads unencrypted PEM keys") from None
    except (ValueError, binascii.Error, Exception) as error:  # cryptography raises several kinds on bad PEM
        raise DataError(f"{path}: not a PEM private key ({type(error).__name__})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise DataError(f"{path}: an {type(key).__name__.removeprefix('_')} key; hegui signs with Ed25519 "
                        "(openssl genpkey -algorithm ed25519 -out key.pem)")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """A PEM public key, or the public half of a PEM private key."""
    data = _read_pem(path)
    if b"PRIVATE KEY" in data:
        return load_private_key(path).public_key()
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, binascii.Error, Exception) as error:
        raise DataError(f"{path}: not a PEM public key ({type(error).__name__})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise DataError(f"{path}: not an Ed25519 public key (openssl pkey -in key.pem -pubout -out key.pub)")
    return key


def trusted_keys(paths: list[Path]) -> dict[str, Ed25519PublicKey]:
    return {key_id(key): key for key in (load_public_key(p) for p in paths)}


def statement(subject_name: str, results_sha256: str, predicate: dict[str, Any]) -> dict[str, Any]:
    return {
        "_type": STATEMENT_TYPE,
        "subject": [{"name": subject_name, "digest": {"sha256": results_sha256}}],
        "predicateType": SIGNOFF_PREDICATE,
        "predicate": predicate,
    }


def sign_envelope(payload: dict[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    body = canonical_json(payload).encode("utf-8")
    signature = key.sign(pae(PAYLOAD_TYPE, body))
    return {
        "payloadType": PAYLOAD_TYPE,
        "payload": base64.b64encode(body).decode("ascii"),
        "signatures": [{"keyid": key_id(key.public_key()), "sig": base64.b64encode(signature).decode("ascii")}],
    }


def open_envelope(envelope: Any, trusted: dict[str, Ed25519PublicKey]) -> tuple[dict[str, Any] | None, str]:
    """The signed statement and the key id that signed it, or (None, why not)."""
    if not isinstance(envelope, dict) or envelope.get("payloadType") != PAYLOAD_TYPE:
        return None, f"not a DSSE envelope of {PAYLOAD_TYPE}"
    try:
        body = base64.b64decode(envelope["payload"], validate=True)
        signatures = [(s["keyid"], base64.b64decode(s["sig"], validate=True)) for s in envelope["signatures"]]
    except (KeyError, TypeError, ValueError, binascii.Error):
        return None, "a malformed DSSE envelope"
    unknown = []
    for keyid, signature in signatures:
        key = trusted.get(keyid)
        if key is None:
            unknown.append(str(keyid)[:16])
            continue
        try:
            key.verify(signature, pae(PAYLOAD_TYPE, body))
        except InvalidSignature:
            return None, f"the signature by key {keyid[:16]} does not match the signed statement"
        try:
            return json.loads(body), keyid
        except ValueError:
            return None, "the signed payload is not JSON"
    return None, f"signed by no trusted key (key ids {', '.join(unknown) or 'none'})"
