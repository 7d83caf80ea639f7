"""Each reader's document in each format: the reader's pure function builds it from the
report, and the format's renderer turns it into text.

A handout is never made for a therapist who crossed a boundary or with whom the client felt
unsafe: asking for one raises :class:`HandoutWithheld`, whatever the format.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from therapylog.data.errors import JournalError
from therapylog.data.safetext import json_text
from therapylog.report.readers.handout import Handout, build_handout, handout_json, refusal
from therapylog.report.readers.record import ConsultationRecord, build_record, record_json

if TYPE_CHECKING:
    from therapylog.report.model import Report
    from therapylog.report.readers import ExportOptions


class HandoutWithheld(JournalError):
    """No handout for this therapist; the message says why and what to use instead."""


def handout(report: Report, options: ExportOptions) -> Handout:
    reason = refusal(report, options)
    if reason is not None:
        raise HandoutWithheld(reason)
    return build_handout(report, options)


def record(report: Report, options: ExportOptions) -> ConsultationRecord:
    return build_record(report, options)


def render_md(report: Report, options: ExportOptions) -> str:
    if options.reader == "therapist":
        from therapylog.report.renderers.handout_md import render_handout_markdown

        return render_handout_markdown(handout(report, options))
    if options.reader == "consultation":
        from therapylog.report.renderers.record_md import render_record_markdown

        return render_record_markdown(record(report, options))
    from therapylog.report.renderers.markdown import render_markdown

    return render_markdown(report, notes=options.notes)


def render_html(report: Report, options: ExportOptions) -> str:
    if options.reader == "therapist":
        from therapylog.report.renderers.handout_html import render_handout_html

        return render_handout_html(handout(report, options))
    if options.reader == "consultation":
        from therapylog.report.renderers.record_html import render_record_html

        return render_record_html(record(report, options))
    from therapylog.report.renderers.html import render_html as render_review

    return render_review(report, notes=options.notes)


def json_document(report: Report, options: ExportOptions) -> dict[str, Any]:
    """The document as data; ``"reader"`` says who it was made for."""
    if options.reader == "therapist":
        return handout_json(handout(report, options))
    if options.reader == "consultation":
        return record_json(record(report, options))
    from therapylog.report.renderers.json import summary_document

    return {**summary_document(report, notes=options.notes), "reader": "me"}


def render_json(report: Report, options: ExportOptions) -> str:
    return json_text(json_document(report, options)) + "\n"
