"""The codes of the assistant's advice, grouped by the SMART quality they are about.

All under the `objectives.` prefix, and none of them a code of the law spec
(`objectives.missing`, `objectives.no_competency`, `objectives.not_measurable`).
"""

# Specific
VAGUE_VERB = "objectives.vague_verb"
NO_ACTION_VERB = "objectives.no_action_verb"
NO_DELIVERABLE = "objectives.no_deliverable"
# Measurable
NO_INDICATOR = "objectives.no_indicator"
VAGUE_INDICATOR = "objectives.vague_indicator"
# Achievable
HOURS_EXCEED_PRESENCE = "objectives.hours_exceed_presence"
TOO_MANY = "objectives.too_many"
# Relevant
NOT_RELEVANT = "objectives.not_relevant"
# Time-bound
NO_TARGET_DATE = "objectives.no_target_date"
TARGET_OUTSIDE = "objectives.target_outside"
# Exactly one main objective
NO_MAIN = "objectives.no_main"
SEVERAL_MAIN = "objectives.several_main"

CODES = (
    VAGUE_VERB,
    NO_ACTION_VERB,
    NO_DELIVERABLE,
    NO_INDICATOR,
    VAGUE_INDICATOR,
    HOURS_EXCEED_PRESENCE,
    TOO_MANY,
    NOT_RELEVANT,
    NO_TARGET_DATE,
    TARGET_OUTSIDE,
    NO_MAIN,
    SEVERAL_MAIN,
)
