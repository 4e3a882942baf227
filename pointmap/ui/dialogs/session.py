"""Dialogs of a treatment session: starting one (client reference, course, needles, screening),
counting the needles out, recording an adverse event, and the missing-needle incident that closes
a session whose needles do not reconcile. Everything typed is plain text; nothing is a name."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pointmap.core import sessions as rules
from pointmap.core.errors import PointMapError
from pointmap.core.reference import Checklist, Reference
from pointmap.core.userdata.sessions import NEEDLE_DETAILS
from pointmap.ui.richtext import plain_tooltip

DETAIL_LABELS = {
    "needle_gauge": "Gauge",
    "needle_length": "Length",
    "needle_brand": "Brand",
    "needle_lot": "Lot number",
    "needle_expiry": "Expiry",
}


def _label(text: str, *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class _Checked(QDialog):
    """A dialog that checks its fields when OK is pressed and says what is wrong, in place."""

    def __init__(self, title: str, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.problem = _label("")
        self.problem.setStyleSheet("color: #c62828; font-weight: 600;")
        self.problem.setAccessibleName("What to correct")
        self.problem.hide()

    def check(self) -> None:  # overridden: raise PointMapError with a sentence
        return None

    def accept(self) -> None:
        try:
            self.check()
        except PointMapError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        super().accept()


class StartSessionDialog(_Checked):
    """Who (a client reference, never a name), the planned course, the needles used and the
    screening answers, before the first needle."""

    def __init__(self, reference: Reference, last_details: dict[str, str], parent: QWidget | None = None):
        super().__init__("New treatment session", parent)
        self.reference = reference
        self.client = QLineEdit(accessibleName="Client reference")
        self.client.setPlaceholderText("e.g. C-104 or JS")
        self.client.setMaxLength(rules.CLIENT_REF_MAX)
        privacy = _label(
            "Use your clinic's own reference: a number or initials. PointMap stores no patient names; "
            "sessions with the same reference form that client's history."
        )
        privacy.setStyleSheet("color: palette(placeholder-text);")
        self.course = QSpinBox(accessibleName="Sessions planned in the course", minimum=0, maximum=100)
        self.course.setSpecialValueText("no course planned")
        self.details = {
            key: QLineEdit(last_details.get(key, ""), accessibleName=DETAIL_LABELS[key]) for key in NEEDLE_DETAILS
        }
        for edit in self.details.values():
            edit.setMaxLength(80)
        who = QFormLayout()
        who.addRow("Client reference:", self.client)
        who.addRow(privacy)
        who.addRow("Course:", self.course)
        needles = QGroupBox("Needles (kept from the last session)")
        needle_form = QFormLayout(needles)
        for key, edit in self.details.items():
            needle_form.addRow(f"{DETAIL_LABELS[key]}:", edit)
        layout = QVBoxLayout(self)
        layout.addLayout(who)
        layout.addWidget(needles)
        self.answers: dict[str, tuple[QButtonGroup, QWidget]] = {}
        questions = list(getattr(reference, "screening", ()) or ())
        if questions:
            layout.addWidget(self._screening(questions), 1)
        layout.addWidget(self.problem)
        layout.addWidget(_buttons(self, "Start session"))
        self.resize(560, 720 if questions else 360)

    def _screening(self, questions) -> QWidget:
        box = QGroupBox("Screening before needling (ask each question)")
        inner = QWidget()
        form = QVBoxLayout(inner)
        today = QDate.currentDate()
        for question in questions:
            row = QWidget()
            row_layout = QVBoxLayout(row)
            row_layout.setContentsMargins(0, 4, 0, 4)
            row_layout.addWidget(_label(question.question))
            choices = QHBoxLayout()
            group = QButtonGroup(row)
            dated = question.answer_kind == "date"
            options = ((("no", "Never, or long ago"), ("yes", "On")) if dated else (("no", "No"), ("yes", "Yes"))) + (
                ("unsure", "Not sure"),
            )
            detail: QWidget
            for value, text in options:
                button = QRadioButton(text)
                button.setProperty("answer", value)
                button.setAccessibleName(f"{question.question} {text}")
                group.addButton(button)
                choices.addWidget(button)
                if dated and value == "yes":
                    detail = QDateEdit(today, accessibleName=f"{question.question} date")
                    detail.setMaximumDate(today)
                    detail.setCalendarPopup(True)
                    detail.setDisplayFormat("yyyy-MM-dd")
                    choices.addWidget(detail)
            if not dated:
                detail = QLineEdit(accessibleName=f"{question.question} details")
                detail.setPlaceholderText(question.detail_prompt or "details (optional)")
                detail.setMaxLength(400)
                detail.setVisible(question.answer_kind == "yes-no-detail")
                choices.addWidget(detail, 1)
            choices.addStretch(0 if not dated else 1)
            row_layout.addLayout(choices)
            form.addWidget(row)
            self.answers[question.id] = (group, detail)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        outer = QVBoxLayout(box)
        outer.addWidget(scroll)
        return box

    def values(self) -> dict:
        answers = {}
        for question_id, (group, detail) in self.answers.items():
            chosen = group.checkedButton()
            if chosen is None:
                continue
            value = chosen.property("answer")
            if isinstance(detail, QDateEdit):
                text = detail.date().toString("yyyy-MM-dd") if value == "yes" else ""
            else:
                text = detail.text()
            answers[question_id] = (value, text)
        return {
            "client_ref": self.client.text(),
            "course_planned": self.course.value() or None,
            "details": {key: edit.text() for key, edit in self.details.items()},
            "answers": answers,
        }

    def check(self) -> None:
        rules.client_ref(self.client.text())
        unanswered = [qid for qid, (group, _d) in self.answers.items() if group.checkedButton() is None]
        if unanswered:
            raise PointMapError(f"Answer every screening question first ({len(unanswered)} left).")


class AllOutDialog(_Checked):
    """ "All out": how many needles the practitioner holds, counted, against how many are marked in."""

    def __init__(self, expected: int, parent: QWidget | None = None):
        super().__init__("All needles out", parent)
        self.expected = expected
        self.counted = QSpinBox(accessibleName="Needles in your hand", minimum=0, maximum=999)
        self.counted.setSpecialValueText("0")
        layout = QVBoxLayout(self)
        layout.addWidget(
            _label(
                f"{expected} needle{'s are' if expected != 1 else ' is'} still marked in. Remove them, put them "
                "on the tray, and count the needles you hold."
            )
        )
        form = QFormLayout()
        form.addRow("Needles in your hand:", self.counted)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(_buttons(self, "Record the count"))


class AdverseEventDialog(_Checked):
    """Bruising, bleeding, pain, fainting or other; at a site or not; the action taken; notes."""

    def __init__(self, sites: list[str], parent: QWidget | None = None):
        super().__init__("Adverse event", parent)
        self.kind = QComboBox(accessibleName="What happened")
        for kind in rules.ADVERSE_KINDS:
            self.kind.addItem(kind.capitalize(), kind)
        self.site = QComboBox(accessibleName="Where")
        self.site.addItem("Not at a needle site", None)
        for label in sites:
            self.site.addItem(label, label)
        self.action = QPlainTextEdit(accessibleName="Action taken")
        self.notes = QPlainTextEdit(accessibleName="Notes")
        for edit in (self.action, self.notes):
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(80)
        form = QFormLayout()
        form.addRow("What:", self.kind)
        form.addRow("Where:", self.site)
        form.addRow("Action taken:", self.action)
        form.addRow("Notes:", self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(_buttons(self, "Record"))

    def check(self) -> None:
        rules.text(self.action.toPlainText(), "action taken")
        rules.text(self.notes.toPlainText(), "notes")


class IncidentDialog(_Checked):
    """Closing a session whose needles do not reconcile: the missing-needle procedure from the
    incident checklist, then what happened, where, when it was discovered and the action taken."""

    def __init__(
        self,
        reason: str,
        procedure: Checklist | None,
        ticked: set[int],
        now: datetime,
        parent: QWidget | None = None,
    ):
        super().__init__("Needle unaccounted for", parent)
        self.procedure = procedure
        heading = _label(f"This session cannot close as complete: {reason}")
        heading.setStyleSheet("color: #c62828; font-weight: 600;")
        self.steps = QListWidget(accessibleName="Missing-needle procedure")
        self.steps.setWordWrap(True)
        if procedure is not None:
            for item in procedure.items:
                row = QListWidgetItem(item.text)
                row.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                row.setCheckState(Qt.CheckState.Checked if item.position in ticked else Qt.CheckState.Unchecked)
                row.setToolTip(plain_tooltip(f"Why: {item.reason}"))
                row.setData(Qt.ItemDataRole.UserRole, item.position)
                self.steps.addItem(row)
        self.what = QLineEdit(accessibleName="What happened")
        self.what.setText(reason)
        self.where = QLineEdit(accessibleName="Where it was found")
        self.where.setPlaceholderText("e.g. found on the couch; not found")
        self.discovered = QDateTimeEdit(QDateTime(now), accessibleName="When it was discovered")
        self.discovered.setMaximumDateTime(QDateTime(now))
        self.discovered.setCalendarPopup(True)
        self.action = QPlainTextEdit(accessibleName="Action taken")
        self.action.setTabChangesFocus(True)
        self.action.setMaximumHeight(90)
        form = QFormLayout()
        form.addRow("What happened:", self.what)
        form.addRow("Where:", self.where)
        form.addRow("Discovered:", self.discovered)
        form.addRow("Action taken:", self.action)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        if procedure is not None:
            layout.addWidget(_label(f"{procedure.title}: work through it, ticking as you go."))
            layout.addWidget(self.steps, 1)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(_buttons(self, "Record the incident and close"))
        self.resize(620, 640)

    def discovered_at(self) -> datetime:
        return self.discovered.dateTime().toPython().astimezone()

    def check(self) -> None:
        if not rules.text(self.what.text(), "description of the incident"):
            raise PointMapError("Say what happened: the incident record needs a description.")
        rules.text(self.action.toPlainText(), "action taken")
