"""What a check returns: findings, the figures computed, and their JSON shape."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from decimal import Decimal
from typing import Any, Literal

from balise.law.messages import MESSAGES

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"


@dataclass(frozen=True)
class Finding:
    """One rule broken by the draft.

    `field` is the dotted path of the input field concerned (`gratification.hourly_rate`,
    `objectives[0].competencies`); `params` holds the figures the message names.
    """

    code: str
    severity: Severity
    field: str
    params: Mapping[str, Any] = dataclass_field(default_factory=dict, compare=False, hash=False)

    def message(self, lang: str = "fr") -> str:
        """The full sentence, in French (`fr`) or English (`en`)."""
        return MESSAGES[self.code](self.params, lang)

    def to_dict(self, lang: str = "fr") -> dict[str, str]:
        return {
            "code": self.code,
            "severity": self.severity,
            "field": self.field,
            "message": self.message(lang),
        }

    @property
    def sort_key(self) -> tuple[str, tuple[Any, ...]]:
        """By code, then by field with list indices compared as numbers (2 before 10)."""
        return (self.code, _natural_key(self.field))


def _natural_key(path: str) -> tuple[Any, ...]:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path))


@dataclass(frozen=True)
class Computed:
    """The figures derived from the draft, rounded as the spec says.

    `presence_hours` is this agreement's own presence (earlier hours at the same host are not
    included), `presence_days` = ⌊presence_hours / 7⌋, `presence_months` = presence_days / 22.
    """

    presence_hours: Decimal
    presence_days: int
    presence_months: Decimal
    gratification_required: bool
    minimum_hourly_rate: Decimal
    minimum_total_gratification: Decimal

    def to_dict(self) -> dict[str, Any]:
        return {
            "presence_hours": float(self.presence_hours),
            "presence_days": self.presence_days,
            "presence_months": float(self.presence_months),
            "gratification_required": self.gratification_required,
            "minimum_hourly_rate": float(self.minimum_hourly_rate),
            "minimum_total_gratification": float(self.minimum_total_gratification),
        }


@dataclass(frozen=True)
class Report:
    findings: list[Finding]
    computed: Computed

    @property
    def valid(self) -> bool:
        """True when no finding is an error (warnings do not block the agreement)."""
        return not self.errors

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == WARNING]

    def with_findings(self, extra: Iterable[Finding]) -> Report:
        """This report with more findings, all sorted by code then field.

        `balise check` adds the objective writing assistant's warnings this way
        (`balise.assistant.for_check`); they have the same shape as a `Finding`: `code`,
        `severity`, `field`, `message(lang)`, `to_dict(lang)` and `sort_key`.
        """
        findings = [*self.findings, *extra]
        findings.sort(key=lambda finding: finding.sort_key)
        return replace(self, findings=findings)

    def to_dict(self, lang: str = "fr") -> dict[str, Any]:
        """The JSON output of `balise check`, messages in `lang`."""
        return {
            "valid": self.valid,
            "findings": [finding.to_dict(lang) for finding in self.findings],
            "computed": self.computed.to_dict(),
        }
