"""The Study tab: choose a deck and how to be asked, then one question at a time (its prompt, a field
for a name, the options of a facts question), the verdict with the point's details, and Next. The
panel shows and reports; ui/modes/study.py decides what happens."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pointmap.core.study.scheduler import KIND_TITLES, KINDS
from pointmap.core.userdata.study import PROMPT_TITLES, PROMPTS, StudySettings

VERDICT_STYLE = {
    "correct": "color: #2e7d32; font-weight: 700;",
    "close": "color: #ef6c00; font-weight: 700;",
    "wrong": "color: #c62828; font-weight: 700;",
}
SETUP, QUESTION, EMPTY = range(3)


def _label(text: str = "", *, bold: bool = False, size: float | None = None, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # everything shown comes from the data: text, never markup
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # wraps; never widens the dock
    if name:
        label.setAccessibleName(name)
    font = label.font()
    if bold:
        font.setBold(True)
    if size:
        font.setPointSizeF(size)
    label.setFont(font)
    return label


class OptionButton(QPushButton):
    """A multiple-choice answer: a button whose text wraps over as many lines as it needs."""

    def __init__(self, number: int, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.option = text
        self.label = QLabel(f"{number}.  {text}", self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 5, 8, 5)
        layout.addWidget(self.label)
        self.setAccessibleName(f"Answer {number}: {text}")
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(28, self.label.heightForWidth(max(40, width - 16)) + 12)

    def sizeHint(self):
        hint = super().sizeHint()
        hint.setHeight(self.heightForWidth(self.width() if self.width() > 50 else 300))
        return hint


class StudyPanel(QWidget):
    start_requested = Signal()
    stop_requested = Signal()
    name_answered = Signal(str)
    option_chosen = Signal(int)
    give_up_requested = Signal()
    next_requested = Signal()
    pick_requested = Signal()
    progress_requested = Signal()
    exam_requested = Signal()
    anki_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("studyPanel")
        self.pages = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.addWidget(self.pages)
        self._build_setup()
        self._build_question()
        self._build_empty()
        self.option_buttons: list[OptionButton] = []
        self.answered = False

    # -- the first page: deck and options -----------------------------------------------------------

    def _build_setup(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.due_label = _label(bold=True, name="Cards due")
        layout.addWidget(self.due_label)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.deck = QComboBox(accessibleName="Deck")
        self.deck.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.deck.setMinimumContentsLength(16)
        self.deck.currentIndexChanged.connect(self._deck_changed)
        form.addRow("Deck", self.deck)
        self.pick = QPushButton("Choose the points of your set…")
        self.pick.clicked.connect(self.pick_requested)
        form.addRow("", self.pick)
        kinds = QWidget()
        row = QHBoxLayout(kinds)
        row.setContentsMargins(0, 0, 0, 0)
        self.kind_boxes: dict[str, QCheckBox] = {}
        for kind in KINDS:
            box = QCheckBox(KIND_TITLES[kind])
            box.setAccessibleName(f"Ask {KIND_TITLES[kind].lower()} questions")
            row.addWidget(box)
            self.kind_boxes[kind] = box
        form.addRow("Questions", kinds)
        self.prompt = QComboBox(accessibleName="Name the point by")
        for key in PROMPTS:
            self.prompt.addItem(PROMPT_TITLES[key], key)
        form.addRow("Name points by", self.prompt)
        self.new_per_day = QSpinBox(accessibleName="New cards per day", minimum=0, maximum=1000)
        form.addRow("New cards a day", self.new_per_day)
        self.correct_cun = QDoubleSpinBox(
            accessibleName="Correct within (cun)", minimum=0.05, maximum=5, singleStep=0.1
        )
        self.correct_cun.setSuffix(" cun")
        self.close_cun = QDoubleSpinBox(accessibleName="Close within (cun)", minimum=0.1, maximum=10, singleStep=0.1)
        self.close_cun.setSuffix(" cun")
        form.addRow("Correct within", self.correct_cun)
        form.addRow("Close within", self.close_cun)
        layout.addLayout(form)
        self.setup_note = _label(name="About the deck")
        layout.addWidget(self.setup_note)
        self.start = QPushButton("Start")
        self.start.setDefault(True)
        self.start.setToolTip("Ask the cards of this deck that are due, then new ones (Ctrl+Shift+Y)")
        self.start.clicked.connect(self.start_requested)
        layout.addWidget(self.start)
        more = QHBoxLayout()
        for text, signal, tip in (
            ("Progress", self.progress_requested, "Your progress per meridian and region, and over time"),
            ("Exam sheet…", self.exam_requested, "A PDF of this deck: blank diagrams with numbered markers, and a key"),
            ("Anki deck…", self.anki_requested, "This deck as an Anki package (.apkg) with an image per card"),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(signal)
            more.addWidget(button)
        layout.addLayout(more)
        layout.addStretch(1)
        self.pages.addWidget(page)

    def _deck_changed(self) -> None:
        data = self.deck.currentData()
        self.pick.setVisible(bool(data) and data[0] == "picked")

    def show_setup(
        self, choices: list[tuple[str, str, str]], chosen: StudySettings, due_today: int, note: str = ""
    ) -> None:
        self.deck.blockSignals(True)
        self.deck.clear()
        for kind, key, title in choices:
            self.deck.addItem(title, (kind, key))
        index = next((n for n, (k, key, _t) in enumerate(choices) if (k, key) == chosen.deck), 0)
        self.deck.setCurrentIndex(index)
        self.deck.blockSignals(False)
        self._deck_changed()
        for kind, box in self.kind_boxes.items():
            box.setChecked(kind in chosen.kinds)
        self.prompt.setCurrentIndex(max(0, self.prompt.findData(chosen.prompt)))
        self.new_per_day.setValue(chosen.new_per_day)
        self.correct_cun.setValue(chosen.correct_cun)
        self.close_cun.setValue(chosen.close_cun)
        self.show_due(due_today)
        self.setup_note.setText(note)
        self.setup_note.setVisible(bool(note))
        self.pages.setCurrentIndex(SETUP)

    def show_due(self, due_today: int) -> None:
        self.due_label.setText(
            f"{due_today} card{'s' if due_today != 1 else ''} due today" if due_today else "Nothing due today"
        )

    def chosen(self, base: StudySettings) -> StudySettings:
        """The settings as the page shows them now (checked when they are kept)."""
        data = self.deck.currentData() or base.deck
        return StudySettings(
            correct_cun=round(self.correct_cun.value(), 2),
            close_cun=round(self.close_cun.value(), 2),
            new_per_day=self.new_per_day.value(),
            prompt=self.prompt.currentData() or base.prompt,
            kinds=tuple(k for k, box in self.kind_boxes.items() if box.isChecked()),
            deck=(data[0], data[1]),
            picked=base.picked,
        )

    # -- a question ----------------------------------------------------------------------------------

    def _build_question(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.header = _label(name="Deck and cards left")
        self.header.setStyleSheet("color: palette(placeholder-text);")  # quieter than the prompt, still readable
        layout.addWidget(self.header)
        self.prompt_label = _label(bold=True, size=15, name="Question")
        layout.addWidget(self.prompt_label)
        self.hint = _label(name="What to do")
        layout.addWidget(self.hint)
        self.name_field = QLineEdit(accessibleName="Your answer")
        self.name_field.setPlaceholderText("Code, pinyin (tones optional) or English name")
        self.name_field.setMaxLength(200)
        self.name_field.returnPressed.connect(self._name_entered)
        layout.addWidget(self.name_field)
        self.options_box = QWidget()
        self.options_layout = QVBoxLayout(self.options_box)
        self.options_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.options_box)
        buttons = QHBoxLayout()
        self.answer_button = QPushButton("Answer")
        self.answer_button.clicked.connect(self._name_entered)
        self.give_up = QPushButton("Show me")
        self.give_up.setToolTip("Show the answer (it counts as not known)")
        self.give_up.clicked.connect(self.give_up_requested)
        self.next_button = QPushButton("Next")
        self.next_button.setToolTip("The next question (Enter)")
        self.next_button.clicked.connect(self.next_requested)
        for button in (self.answer_button, self.give_up, self.next_button):
            button.setAutoDefault(True)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.note = _label(name="Note")
        self.note.setStyleSheet("color: #ef6c00;")
        layout.addWidget(self.note)
        self.verdict = _label(size=12, name="Verdict")
        layout.addWidget(self.verdict)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        layout.addWidget(line)
        self.details = _label(name="The point")
        self.details.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.details)
        layout.addWidget(scroll, 1)
        stop = QPushButton("Stop studying")
        stop.setToolTip("Back to browsing: labels, names and panels come back")
        stop.clicked.connect(self.stop_requested)
        layout.addWidget(stop)
        self.line = line
        self.pages.addWidget(page)

    def _name_entered(self) -> None:
        if not self.answered:
            self.name_answered.emit(self.name_field.text())

    def show_question(self, header: str, prompt: str, kind: str, hint: str, options: tuple[str, ...] = ()) -> None:
        self.answered = False
        self.header.setText(header)
        self.prompt_label.setText(prompt)
        self.hint.setText(hint)
        self.name_field.clear()
        self.name_field.setReadOnly(False)
        self.name_field.setVisible(kind == "name")
        self.answer_button.setVisible(kind == "name")
        for button in self.option_buttons:
            button.deleteLater()
        self.option_buttons = []
        for n, text in enumerate(options):
            button = OptionButton(n + 1, text)
            button.setShortcut(str(n + 1))
            button.setToolTip(f"Choose this answer ({n + 1})")
            button.clicked.connect(partial(self._option, n))
            self.options_layout.addWidget(button)
            self.option_buttons.append(button)
        self.options_box.setVisible(bool(options))
        self.give_up.setVisible(True)
        self.give_up.setEnabled(True)
        self.next_button.setVisible(False)
        self.note.clear()
        self.note.setVisible(False)
        self.verdict.clear()
        self.details.clear()
        self.line.setVisible(False)
        self.pages.setCurrentIndex(QUESTION)
        if kind == "name":
            self.name_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _option(self, n: int, _checked: bool = False) -> None:
        if not self.answered:
            self.option_chosen.emit(n)

    def show_note(self, text: str) -> None:
        """A remark about the answer being given (a click off the diagram), shown until the next question."""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def show_verdict(self, outcome: str, verdict: str, details: str, right_option: int | None = None) -> None:
        self.answered = True
        self.verdict.setText(verdict)
        self.verdict.setStyleSheet(VERDICT_STYLE.get(outcome, ""))
        self.details.setText(details)
        self.line.setVisible(True)
        self.name_field.setReadOnly(True)
        self.answer_button.setVisible(False)
        self.give_up.setVisible(False)
        for n, button in enumerate(self.option_buttons):
            button.setEnabled(n == right_option)
        self.next_button.setVisible(True)
        self.next_button.setDefault(True)
        self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- nothing to ask -------------------------------------------------------------------------------

    def _build_empty(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.empty_title = _label(bold=True, size=13, name="Nothing to ask")
        self.empty_text = _label(name="Why")
        layout.addWidget(self.empty_title)
        layout.addWidget(self.empty_text)
        back = QPushButton("Choose another deck")
        back.clicked.connect(self.stop_requested)
        layout.addWidget(back)
        layout.addStretch(1)
        self.pages.addWidget(page)

    def show_empty(self, title: str, text: str) -> None:
        self.empty_title.setText(title)
        self.empty_text.setText(text)
        self.pages.setCurrentIndex(EMPTY)

    @property
    def page(self) -> int:
        return self.pages.currentIndex()
