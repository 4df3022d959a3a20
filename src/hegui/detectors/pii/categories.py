"""What each detected type is, in the words of the laws: category, and sensitive class where it is one.

PIPL Art. 28 names sensitive personal information (biometrics, religious belief, specific identity,
medical health, financial accounts, whereabouts, minors under 14); GDPR Art. 9 names special categories
(health, biometric data, religious beliefs, ...). GB/T 35273-2020 (Annex B) lists identity-document
numbers as sensitive personal information in China.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TypeInfo:
    category: str
    sensitive: str | None  # the sensitive class, or None
    law: str | None = None


TYPES: dict[str, TypeInfo] = {
    "CN_RESIDENT_ID": TypeInfo("identity_document", "specific_identity", "PIPL Art. 28; GB/T 35273 Annex B"),
    "CN_PASSPORT": TypeInfo("identity_document", "specific_identity", "PIPL Art. 28; GB/T 35273 Annex B"),
    "US_SSN": TypeInfo("identity_document", "specific_identity", "PIPL Art. 28; GDPR Art. 87"),
    "BANK_CARD": TypeInfo("financial_account", "financial_account", "PIPL Art. 28"),
    "CN_MOBILE": TypeInfo("contact", None),
    "PHONE_NUMBER": TypeInfo("contact", None),
    "EMAIL_ADDRESS": TypeInfo("contact", None),
    "QQ_NUMBER": TypeInfo("contact", None),
    "MAC_ADDRESS": TypeInfo("online_identifier", None, "GDPR Art. 4(1), Recital 30"),
    "DATE_OF_BIRTH": TypeInfo("date_of_birth", None),
    "IP_ADDRESS": TypeInfo("online_identifier", None, "GDPR Art. 4(1), Recital 30"),
    "PERSON": TypeInfo("name", None),
    "LOCATION": TypeInfo("address", "whereabouts", "PIPL Art. 28 (行踪轨迹)"),
    "CN_LICENSE_PLATE": TypeInfo("vehicle", "whereabouts", "PIPL Art. 28 (行踪轨迹) when it tracks a person"),
    "CN_USCC": TypeInfo("organisation_identifier", None),
    "MEDICAL_CONDITION": TypeInfo("health", "medical_health", "PIPL Art. 28; GDPR Art. 9"),
    "BIOMETRIC": TypeInfo("biometric", "biometric", "PIPL Art. 28; GDPR Art. 9"),
}
MINOR = "minor_under_14"


def info(entity_type: str) -> TypeInfo:
    return TYPES.get(entity_type, TypeInfo("other", None))
