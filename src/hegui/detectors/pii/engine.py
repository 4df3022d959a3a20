"""The PII detector: Presidio's analyzer, offline, with Chinese recognizers beside its English ones.

Presidio's default engine downloads a spaCy model; we give it blank spaCy pipelines instead (Chinese
segmented by jieba, so context words such as 身份证 are whole tokens) and use each token's text as its
lemma, which is what Presidio's context enhancer compares context words against.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, replace

from .categories import MINOR, info
from .validators import FULLWIDTH, is_resident_id

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")  # the email recognizer must not go online

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORDS = re.compile(r"[A-Za-z]{2,}(?:\s+[A-Za-z]{2,}){2}")
SCORE_THRESHOLD = 0.5
RENAMED = {"CREDIT_CARD": "BANK_CARD"}  # Presidio's name for what hegui calls a bank card
# When two findings overlap, the more specific (checksummed) type wins ties.
PRIORITY = ["CN_RESIDENT_ID", "CN_USCC", "BANK_CARD", "CN_MOBILE", "US_SSN", "CN_PASSPORT", "EMAIL_ADDRESS",
            "IP_ADDRESS", "MAC_ADDRESS", "DATE_OF_BIRTH", "QQ_NUMBER", "CN_LICENSE_PLATE", "PHONE_NUMBER", "LOCATION", "PERSON"]


_SURROGATE = re.compile("[\ud800-\udfff]")
WINDOW = 4000  # characters analysed at once (see PiiDetector.analyze)
OVERLAP = 400


@dataclass(frozen=True)
class Finding:
    type: str
    start: int
    end: int
    score: float
    text: str

    @property
    def category(self) -> str:
        return info(self.type).category

    @property
    def sensitive(self) -> list[str]:
        classes = [info(self.type).sensitive] if info(self.type).sensitive else []
        if self.type == "CN_RESIDENT_ID" and _is_minor(self.text):
            classes.append(MINOR)
        return classes


def _is_minor(resident_id: str) -> bool:
    """PIPL Art. 28 counts personal information of children under 14 as sensitive; the ID says the age."""
    import datetime as dt

    text = resident_id.translate(FULLWIDTH)
    if len(text) != 18 or not is_resident_id(text):
        return False
    born = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    today = dt.date.today()
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return age < 14


def _languages(text: str) -> list[str]:
    """Chinese text gets the Chinese recognizers; text that also holds English phrases (a mixed chat, a
    pasted English address) gets the English ones as well."""
    if not _CJK.search(text):
        return ["en"]
    return ["zh", "en"] if _LATIN_WORDS.search(text) else ["zh"]


def _build_analyzer():
    import spacy
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine
    from presidio_analyzer.predefined_recognizers import IpRecognizer, PhoneRecognizer

    from . import recognizers as r
    from .fields import FieldRecognizer

    class BlankSpacyEngine(SpacyNlpEngine):
        def load(self) -> None:
            import jieba

            jieba.setLogLevel(60)
            self.nlp = {
                "en": spacy.blank("en"),
                "zh": spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}}),
            }

        def _doc_to_nlp_artifact(self, doc, language: str) -> NlpArtifacts:
            lemmas = [token.text.lower() for token in doc]
            return NlpArtifacts(
                entities=[], tokens=doc, tokens_indices=[t.idx for t in doc], lemmas=lemmas,
                nlp_engine=self, language=language, scores=[],
            )

    engine = BlankSpacyEngine(models=[{"lang_code": "en", "model_name": "blank"}, {"lang_code": "zh", "model_name": "blank"}])
    engine.load()
    registry = RecognizerRegistry(supported_languages=["en", "zh"])
    for recognizer in r.table_recognizers():
        registry.add_recognizer(recognizer)
    registry.add_recognizer(IpRecognizer(supported_language="en"))
    for language in ("en", "zh"):
        registry.add_recognizer(FieldRecognizer(language))
    registry.add_recognizer(r.ChineseAddressRecognizer())
    registry.add_recognizer(r.ChineseNameRecognizer())
    # Chinese text holds English names, addresses and SSNs too (我同事Jennifer Gibson住在142 …, SSN是…).
    for language in ("en", "zh"):
        registry.add_recognizer(r.EnglishAddressRecognizer(language))
        registry.add_recognizer(r.EnglishNameRecognizer(language))
        registry.add_recognizer(r.ssn_recognizer(language))
    registry.add_recognizer(PhoneRecognizer(supported_language="en", supported_regions=("US", "GB", "CA")))
    return AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["en", "zh"])


class PiiDetector:
    """Find personal data in text. Thread-safe to share; building it takes a few seconds, so share it."""

    _shared: PiiDetector | None = None
    _lock = threading.Lock()

    def __init__(self, score_threshold: float = SCORE_THRESHOLD):
        self.score_threshold = score_threshold
        self._analyzer = _build_analyzer()

    @classmethod
    def shared(cls) -> PiiDetector:
        with cls._lock:
            if cls._shared is None:
                cls._shared = cls()
            return cls._shared

    def analyze(self, text: str, language: str | None = None) -> list[Finding]:
        """Findings in ``text``; a long text is read in overlapping windows.

        Presidio's context step grows with findings × tokens, so one 900 KB line took hours (measured:
        8,000 mixed characters 0.4 s, 32,000 3.4 s). Each window owns its middle and half of each overlap;
        a finding is kept by the window that owns its start, and is whole there when it is shorter than
        half the overlap (every entity hegui detects is).
        """
        if len(text) <= WINDOW:
            return self._analyze_window(text, language)
        findings: list[Finding] = []
        start = 0
        while True:
            end = min(len(text), start + WINDOW)
            if end < len(text):  # cut at a space or line end in the window's last tenth, when there is one
                cut = max(text.rfind(" ", end - WINDOW // 10, end), text.rfind("\n", end - WINDOW // 10, end))
                end = cut if cut > start + OVERLAP else end
            owned_from = start + OVERLAP // 2 if start else 0
            owned_to = end - OVERLAP // 2 if end < len(text) else end
            for finding in self._analyze_window(text[start:end], language):
                if owned_from <= start + finding.start < owned_to:
                    findings.append(replace(finding, start=start + finding.start, end=start + finding.end))
            if end == len(text):
                return findings
            start = end - OVERLAP

    def _analyze_window(self, text: str, language: str | None) -> list[Finding]:
        if not text or not text.strip():
            return []
        # Full-width digits map one-to-one onto ASCII, so offsets stay valid for the original text.
        # A lone surrogate (JSON's "\ud800") cannot be encoded; U+FFFD keeps every offset where it was.
        normalized = _SURROGATE.sub("\ufffd", text.translate(FULLWIDTH))
        languages = [language] if language else _languages(text)
        raw = [
            result
            for lang in languages
            for result in self._analyzer.analyze(normalized, language=lang, score_threshold=self.score_threshold)
        ]
        findings = [
            Finding(RENAMED.get(x.entity_type, x.entity_type), x.start, x.end, round(x.score, 3), text[x.start : x.end])
            for x in raw
        ]
        return _resolve_overlaps([f for f in findings if not _not_personal(f, text)])


# Numbers of the right shape that belong to no person: toll-free hotlines are an organisation's; a part,
# model or order number is a product's.
_TOLL_FREE = re.compile(r"^\+?1?[\s.-]?\(?8(?:00|33|44|55|66|77|88)\)?[\s.-]")
_PRODUCT_NUMBER = re.compile(r"(?:(?:part|model|sku|item|order|ref|serial|catalog|invoice|ticket|case|lot|batch|form)[ _]?(?:no\.?|number|#|id|ref)?"
                             r"|零件号?|型号|编号|料号|批号|单号|货号|表单号?|工单号?)\s*[:#=：]?\s*$", re.IGNORECASE)


def _not_personal(finding: Finding, text: str) -> bool:
    if finding.type == "PHONE_NUMBER" and (_TOLL_FREE.match(finding.text) or _not_geographic(finding.text)):
        return True
    if finding.type == "MAC_ADDRESS" and len(set(re.sub(r"[^0-9a-f]", "", finding.text.lower()))) == 1:
        return True  # ff:ff:ff:ff:ff:ff is broadcast, 00:00:… unset: no device's address
    if finding.type == "IP_ADDRESS" and (finding.text.find("/") > 0 or text[finding.end : finding.end + 1] == "/"):
        return True  # a prefix with its length (10.0.0.0/8, fe80::/64) is a network, not a host
    if finding.type == "IP_ADDRESS" and _build_number(finding, text):
        return True
    if finding.type == "EMAIL_ADDRESS" and _GIT_REMOTE.match(text, finding.end):
        return True  # git@github.com:org/repo.git is a repository's address, not a mailbox
    before = text[max(0, finding.start - 16) : finding.start]
    return finding.type in {"US_SSN", "PHONE_NUMBER", "BANK_CARD"} and _PRODUCT_NUMBER.search(before) is not None


_NANP = re.compile(r"^(?:\+?1[\s.-]?)?\(?(\d{3})\)?[\s.-]?(\d{3})[\s.-]\d{4}$")


def _not_geographic(number: str) -> bool:
    """A North American number no subscriber has: an area code or exchange starting with 0 or 1 does not exist,
    and exchange 555 is kept for fiction and directory services."""
    match = _NANP.match(number)
    if match is None:
        return False
    area, exchange = match.groups()
    return area[0] in "01" or exchange[0] in "01" or exchange == "555"


_GIT_REMOTE = re.compile(r":[\w~./-]")
# A dotted quad under a firmware/build/version key is a build number (固件 1.2.10.6, "firmware": "3.12.20.7").
_BUILD_KEY = re.compile(r"(?:(?<![A-Za-z])(?:firmware|fw|build|version|ver|release)|固件|版本|内核)[\s:：=\"'号]{0,4}$", re.IGNORECASE)
_DOTTED = re.compile(r"\d+(?:\.\d+){3}")


def _build_number(finding: Finding, text: str) -> bool:
    """An IPv4-shaped version: its key says firmware/build/version, or it stands in a table column whose
    header says so or whose other cells are 4-part builds no address could be (10.0.19045.3803)."""
    from .fields import cell_column

    if _BUILD_KEY.search(text[max(0, finding.start - 24) : finding.start]):
        return True
    column = cell_column(text, finding.start, finding.end)
    if column is None:
        return False
    header, values = column
    if header and _BUILD_KEY.search(header):
        return True
    return any(_DOTTED.fullmatch(v) and any(int(part) > 255 for part in v.split(".")) for v in values)


def _rank(finding: Finding) -> tuple:
    priority = PRIORITY.index(finding.type) if finding.type in PRIORITY else len(PRIORITY)
    return (-finding.score, priority, -(finding.end - finding.start))


def _resolve_overlaps(findings: list[Finding]) -> list[Finding]:
    kept: list[Finding] = []
    for finding in sorted(findings, key=_rank):
        if all(finding.end <= k.start or finding.start >= k.end for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, f.end))
