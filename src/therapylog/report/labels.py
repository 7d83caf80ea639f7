"""The names of appointment statuses and incident categories in the report's tables and lists,
said once for every reader (the consultation record words statuses for a third party in
:mod:`therapylog.report.readers.record_words`)."""

from __future__ import annotations

from therapylog.data.catalogue import Category, Status

STATUS_LABELS: dict[str, str] = {
    Status.ATTENDED: "attended",
    Status.THERAPIST_CANCELLED: "cancelled by the therapist",
    Status.THERAPIST_NO_SHOW: "therapist did not come",
    Status.DOUBLE_BOOKED: "double-booked",
    Status.THERAPIST_RESCHEDULED: "moved at short notice",
    Status.CLIENT_CANCELLED: "cancelled by me",
    Status.CLIENT_NO_SHOW: "I did not go",
}
#: The same, spoken to the client (the terminal report) rather than in their voice.
STATUS_LABELS_TO_CLIENT: dict[str, str] = {
    **STATUS_LABELS,
    Status.CLIENT_CANCELLED: "cancelled by you",
    Status.CLIENT_NO_SHOW: "you did not go",
}

CATEGORY_LABELS: dict[str, str] = {
    Category.EMPATHIC_FAILURE: "Empathic failure",
    Category.BOUNDARY: "Boundary",
    Category.SAFETY: "Felt unsafe",
    Category.COMPETENCE: "Competence",
    Category.TREATMENT: "Treatment and communication",
    Category.PRACTICAL: "Practical",
}
