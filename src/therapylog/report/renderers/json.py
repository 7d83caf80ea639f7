"""The private review as JSON: the ``report --json`` document plus the period's entries, the
good news, the talking points and the questions, for scripts and for other tools to build on.
(:mod:`.documents` renders each reader's JSON.)"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from therapylog.report.highlights import good_news
from therapylog.report.readers import FORMAT_NAME, FORMAT_VERSION
from therapylog.report.talking.points import talking_points
from therapylog.report.talking.review import review_questions

if TYPE_CHECKING:
    from therapylog.report.model import Report


def summary_document(report: Report, *, notes: bool = True) -> dict[str, Any]:
    """``report.to_json(entries=True)`` with the summary's own keys added, never renamed."""
    points = talking_points(report)
    document = report.to_json(entries=True, notes=notes)
    document["format"] = FORMAT_NAME
    document["version"] = FORMAT_VERSION
    document["good_news"] = [
        {"headline": news.headline, "detail": news.detail or None}
        for news in good_news(report, first_person=True)
    ]
    document["talking_points"] = [
        {
            "rule": point.finding.rule,
            "severity": point.finding.severity.value,
            "therapist": point.finding.therapist,
            "title": point.finding.title,
            "heading": point.heading,
            "text": point.text,
            "details": list(point.details),
            "evidence": point.finding.evidence,
            "aside": point.aside,
            **({"ended": point.finding.ended.isoformat()} if point.finding.ended else {}),
        }
        for point in points
    ]
    document["questions"] = review_questions(report, points)
    return document
