"""What the findings suggest, said once: a talk with the therapist first, then a second opinion.

The findings' explanations end with these sentences (docs/analysis.md shows them in place).
"""

TALK_FIRST = "Many difficulties in therapy can be worked out by naming them openly"
#: Where to turn in a crisis, for the findings about how the client feels.
IN_CRISIS = "If you feel unsafe, contact your doctor, a crisis line or emergency services now."
SECOND_OPINION = (
    "If talking does not change things, a consultation with another therapist can give you a "
    "second opinion"
)
