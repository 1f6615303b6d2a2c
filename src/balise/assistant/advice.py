"""What the assistant returns: advice shaped like the law engine's findings.

Each piece of advice has a `code` (under the `objectives.` prefix, never one of the law spec's
own codes), a `severity` (`advice` or `warning`), the `field` it is about, its `message` in
French or English, and a `suggestion` when a rewrite can be derived from the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from typing import Any, Literal

from balise.assistant.messages import MESSAGES

Severity = Literal["advice", "warning"]
ADVICE: Severity = "advice"
WARNING: Severity = "warning"


@dataclass(frozen=True)
class Advice:
    """One way to make the objectives better.

    `field` is the objective's field (`title`, `indicators`...) for advice on one objective,
    `objectives[2].title` once placed in a list, and `objectives` for advice on the set.
    """

    code: str
    severity: Severity
    field: str
    params: Mapping[str, Any] = dataclass_field(default_factory=dict, compare=False, hash=False)
    suggestion: str | None = dataclass_field(default=None, compare=False, hash=False)

    def message(self, lang: str = "fr") -> str:
        return MESSAGES[self.code](self.params, lang)

    def to_dict(self, lang: str = "fr") -> dict[str, str]:
        """`code`, `severity`, `field` and `message`, as the law engine's findings; plus
        `suggestion` when there is one."""
        data = {
            "code": self.code,
            "severity": self.severity,
            "field": self.field,
            "message": self.message(lang),
        }
        if self.suggestion:
            data["suggestion"] = self.suggestion
        return data

    def placed(self, index: int) -> Advice:
        """This advice on the objective at `index` of a list."""
        return replace(self, field=f"objectives[{index}].{self.field}")

    @property
    def is_warning(self) -> bool:
        return self.severity == WARNING

    @property
    def sort_key(self) -> tuple[str, tuple[Any, ...]]:
        return (self.code, _natural_key(self.field))


def _natural_key(path: str) -> tuple[Any, ...]:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path))
