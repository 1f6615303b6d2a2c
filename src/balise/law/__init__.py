"""French internship law, checked: the pure core shared by the web app and `balise check`.

No Django here: dataclasses in, dataclasses out.

    >>> from balise.law import check
    >>> report = check(draft_dict)          # raises InputError when the draft is unusable
    >>> report.valid, report.to_dict("fr")
"""

from balise.law.checks import check, check_draft
from balise.law.draft import AgreementDraft, InputError, parse
from balise.law.report import Computed, Finding, Report

__all__ = [
    "AgreementDraft",
    "Computed",
    "Finding",
    "InputError",
    "Report",
    "check",
    "check_draft",
    "parse",
]
