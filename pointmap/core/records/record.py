"""One session's record, assembled for reading: the session as stored, its number in the client's
course, the flags its screening raised (judged on the day of the session), its checklist runs,
and the words of the questions and checklist items it refers to. ``text`` writes it as plain text
(the history view, ``pointmap sessions show``, the PDF), ``plain`` as data for JSON.

Everything typed by a person is kept exactly as typed: these are strings, never markup."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from pointmap.core.reference import Reference
from pointmap.core.screening import raised_flags
from pointmap.core.userdata import sessions as rec
from pointmap.core.userdata.history import course_label, line
from pointmap.core.userdata.hygiene import ChecklistRun
from pointmap.core.userdata.sessions import Session
from pointmap.core.userdata.store import UserStore

DETAIL_WORDS = {
    "needle_gauge": "gauge",
    "needle_length": "length",
    "needle_brand": "brand",
    "needle_lot": "lot",
    "needle_expiry": "expiry",
}
ANSWER_WORDS = {"yes": "yes", "no": "no", "unsure": "not sure"}
INCIDENT_WORDS = {"needle-unaccounted": "Needle unaccounted for", "count-mismatch": "Counts did not match"}


@dataclass(frozen=True)
class Checklist:
    """The words of a checklist a run refers to (from the reference data of this PointMap)."""

    title: str
    items: Mapping[int, str]


@dataclass(frozen=True)
class Record:
    session: Session
    number: int  # among the client's sessions, oldest first
    runs: tuple[ChecklistRun, ...] = ()
    raised: tuple[str, ...] = ()  # sentences: the flags the screening answers raised that day
    questions: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # id -> (question, answer kind)
    checklists: Mapping[str, Checklist] = field(default_factory=dict)
    raised_by: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # question id -> its flags' sentences

    @property
    def course(self) -> str:
        return course_label(self.number, self.session.course_planned)

    @property
    def day(self) -> str:
        return self.session.started_at[:10]

    def outcome(self) -> str:
        return {"complete": "complete", "incident": "closed with an incident"}.get(
            self.session.outcome or "", "open (not closed yet)"
        )

    def title(self) -> str:
        return f"Client {self.session.client_ref} · session {self.course}"


def _day(stamp: str) -> date | None:
    try:
        return datetime.fromisoformat(stamp).date()
    except (TypeError, ValueError):
        return None


def load(store: UserStore, reference: Reference | None, session_id: int) -> Record:
    """The record of session ``session_id`` (SessionError with a sentence when there is none)."""
    session = rec.get(store, session_id)
    return _assemble(store, reference, session, line(store, session_id).number)


def load_many(store: UserStore, reference: Reference | None, ids: Iterable[int]) -> list[Record]:
    return [load(store, reference, session_id) for session_id in ids]


def _assemble(store: UserStore, reference: Reference | None, session: Session, number: int) -> Record:
    runs = tuple(rec.checklist_runs(store, session.id))
    questions: dict[str, tuple[str, str]] = {}
    checklists: dict[str, Checklist] = {}
    raised: tuple[str, ...] = ()
    raised_by: dict[str, tuple[str, ...]] = {}
    if reference is not None:
        questions = {q.id: (q.question, q.answer_kind) for q in reference.screening}
        wanted = {run.checklist_id for run in runs}
        checklists = {
            c.id: Checklist(c.title, {item.position: item.text for item in c.items})
            for c in reference.checklists
            if c.id in wanted
        }
        day = _day(session.started_at)
        if day is not None and session.answers:
            flags = raised_flags(reference, session.answers, day)
            raised = tuple(r.sentence for r in flags)
            for r in flags:
                raised_by[r.question_id] = (*raised_by.get(r.question_id, ()), r.sentence)
    return Record(session, number, runs, raised, questions, checklists, raised_by)


# -- as text ---------------------------------------------------------------------------------------


def when(stamp: str | None, day: str = "") -> str:
    """A recorded time as people read it: HH:MM on the session's own day, else the date too."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.date().isoformat() == day:
        return moment.strftime("%H:%M")
    return moment.strftime("%Y-%m-%d %H:%M")


def _minutes(first: str | None, last: str | None) -> int | None:
    try:
        return int((datetime.fromisoformat(last) - datetime.fromisoformat(first)).total_seconds() // 60)
    except (TypeError, ValueError):
        return None


def _site(point_code: str | None, side: str | None) -> str:
    if not point_code:
        return ""
    return point_code if side in (None, "", "midline") else f"{point_code} ({side})"


def _answered(record: Record, question_id: str, answer) -> tuple[str, str]:
    """A screening answer's question and what was answered, in words."""
    words, kind = record.questions.get(question_id, (question_id, ""))
    if kind == "date":
        said = f"on {answer.detail}" if answer.answer == "yes" and answer.detail else "never, or long ago"
        if answer.answer == "unsure":
            said = "not sure"
    else:
        said = ANSWER_WORDS.get(answer.answer, answer.answer) + (f": {answer.detail}" if answer.detail else "")
    return words, said


def _screening_summary(record: Record) -> tuple[list[str], list[str], list[str], int]:
    """The screening in short: the questions not answered no, each with the flags it raised, and
    one line for the rest; the flags no listed question accounts for; the questions answered no,
    in one paragraph (kept for the end of the record: it shows what was asked); how many those are."""
    s, day = record.session, record.day
    lines: list[str] = []
    shown: set[str] = set()
    noes = []
    for question_id, answer in s.answers.items():
        words, said = _answered(record, question_id, answer)
        if answer.answer == "no":
            noes.append((words, when(answer.at, day)))
            continue
        lines.append(f"{words} — {said} ({when(answer.at, day)})")
        for sentence in record.raised_by.get(question_id, ()):
            lines.append(f"  ! {sentence}")
            shown.add(sentence)
    if noes and lines:
        lines.append(f"All other {len(noes)} screening question{'s' if len(noes) != 1 else ''} answered no.")
    times = {at for _words, at in noes}
    if len(times) == 1:
        asked = [f"Answered no at {times.pop()}: " + " · ".join(words for words, _at in noes)] if noes else []
    else:
        asked = ["Answered no: " + " · ".join(f"{words} ({at})" for words, at in noes)] if noes else []
    return lines, [sentence for sentence in record.raised if sentence not in shown], asked, len(noes)


def sections(record: Record, summary: bool = False) -> list[tuple[str, list[str]]]:
    """The record as (heading, lines) in reading order; the first heading is the title. Empty
    sections are left out, except where an absence is itself worth saying (no needles, no answers).

    ``summary`` (the PDF): the screening lists only the questions not answered no, with the flags
    each raised, and one line for the others; the questions answered no close the record, in one
    paragraph, so that the needles, adverse events and notes come first."""
    s, day = record.session, record.day
    tally = s.tally()
    head = [f"Started {when(s.started_at)}" + (f", closed {when(s.closed_at, day)}" if s.closed_at else "")]
    head.append(f"Outcome: {record.outcome()}")
    details = [f"{DETAIL_WORDS[key]} {value}" for key, value in s.details.items() if value]
    head.append("Needles used: " + (", ".join(details) if details else "not recorded"))
    if s.alert_minutes:
        head.append(f"Retention alert: after {s.alert_minutes} minutes")
    head.append(f"Needle count: {tally.inserted} in, {tally.removed} out, {tally.in_place} still marked in")
    first, _last_in = s.first_and_last_in()
    outs = [n.removed_at for n in s.needles if n.removed_at]
    if first:
        span = _minutes(first, max(outs)) if outs and tally.in_place == 0 else None
        retained = f"; last out {when(max(outs), day)} ({span} min after the first went in)" if span is not None else ""
        head.append(f"First needle in {when(first, day)}{retained}")
    head.append(f"Record number {s.id} in this user database")
    out: list[tuple[str, list[str]]] = [(record.title(), head)]

    asked: list[str] = []
    if summary:
        screening, raised, asked, noes = _screening_summary(record)
        if noes and not screening and not raised:  # all answered no: one line, no heading of its own
            every = f"all {noes} questions" if noes > 1 else "the one question"
            head.insert(-1, f"Screening: {every} answered no (listed at the end of the record)")
    else:
        screening, raised = [], list(record.raised)
        for question_id, answer in s.answers.items():
            words, said = _answered(record, question_id, answer)
            screening.append(f"{words} — {said} ({when(answer.at, day)})")
    if screening or not asked:
        out.append(("Screening", screening or ["No screening answers were recorded."]))
    if raised:
        out.append(("Flags the answers raised", [f"! {sentence}" for sentence in raised]))

    needles = []
    for n in s.needles:
        parts = [f"{n.site.label()}: in {when(n.inserted_at, day)}"]
        if n.confirmed_caution:
            parts.append("placed after a second confirmation (screening caution)")
        if n.voided_at:
            parts.append(f"mark undone {when(n.voided_at, day)} (a mistake, not counted)")
        elif n.removed_at:
            parts.append(f"out {when(n.removed_at, day)}")
        else:
            parts.append("still marked in" + (" when the session closed" if s.closed_at else ""))
        needles.append(", ".join(parts))
    out.append((f"Needles in and out ({tally.inserted} in, {tally.removed} out)", needles or ["No needles marked."]))
    if s.removal_counts:
        out.append(
            (
                "Counts of the needles in hand (all out)",
                [
                    f"{when(at, day)}: {counted} counted, {expected} expected"
                    for expected, counted, at, *_marks in s.removal_counts
                ],
            )
        )
    if s.adverse_events:
        lines = []
        for e in s.adverse_events:
            where = _site(e.point_code, e.side)
            line_ = f"{when(e.at, day)} {e.kind}" + (f" at {where}" if where else "")
            if e.action_taken:
                line_ += f"; action taken: {e.action_taken}"
            if e.notes:
                line_ += f"; notes: {e.notes}"
            lines.append(line_)
        out.append(("Adverse events", lines))
    if s.incidents:
        lines = []
        for i in s.incidents:
            lines.append(f"{INCIDENT_WORDS.get(i.kind, 'Incident')}: {i.what}")
            if i.where_found:
                lines.append(f"  Where: {i.where_found}")
            lines.append(f"  Discovered {when(i.discovered_at, day)}; recorded {when(i.at, day)}")
            if i.action_taken:
                lines.append(f"  Action taken: {i.action_taken}")
        out.append(("Incidents", lines))
    if s.notes:
        out.append(("Notes", s.notes.splitlines()))
    if s.amendments:
        out.append(("Amendments (added later; the record above is as it was closed)", []))
        for at, words in s.amendments:
            out[-1][1].append(f"{when(at, day)}: {words}")
    for run in record.runs:
        checklist = record.checklists.get(run.checklist_id, Checklist(run.checklist_id, {}))
        ended = f", ended {when(run.ended_at, day)}" if run.ended_at else ""
        lines = []
        history: dict[int, list[str]] = {}
        for event in run.events:
            history.setdefault(event.position, []).append(
                f"{'ticked' if event.checked else 'unticked'} {when(event.at, day)}"
            )
        for position in sorted(set(checklist.items) | set(history)):
            mark = "[x]" if position in run.ticked else "[ ]"
            words = checklist.items.get(position, f"item {position}")
            lines.append(f"{mark} {words}" + (f" ({', '.join(history[position])})" if position in history else ""))
        out.append((f"Checklist: {checklist.title} (started {when(run.started_at, day)}{ended})", lines))
    if asked:
        out.append(("Screening questions asked and answered no", asked))
    return out


def text(record: Record) -> str:
    """The whole record as plain text, headings underlined."""
    chunks = []
    for n, (heading, lines) in enumerate(sections(record)):
        rule = "=" if n == 0 else "-"
        chunks.append("\n".join([heading, rule * min(len(heading), 72), *lines]))
    return "\n\n".join(chunks) + "\n"


# -- as data ---------------------------------------------------------------------------------------


def plain(record: Record) -> dict:
    """The record as plain data (JSON): the stored values, unchanged, and what was derived from them."""
    s = record.session
    tally = s.tally()
    return {
        "id": s.id,
        "client_ref": s.client_ref,
        "number": record.number,
        "course_planned": s.course_planned,
        "course": record.course,
        "started_at": s.started_at,
        "closed_at": s.closed_at,
        "outcome": s.outcome,
        "needle_details": dict(s.details),
        "alert_minutes": s.alert_minutes,
        "notes": s.notes,
        "counts": {"inserted": tally.inserted, "removed": tally.removed, "still_in": tally.in_place},
        "screening": [
            {
                "question_id": a.question_id,
                "question": record.questions.get(a.question_id, ("", ""))[0],
                "answer": a.answer,
                "detail": a.detail,
                "at": a.at,
            }
            for a in s.answers.values()
        ],
        "flags_raised": list(record.raised),
        "needles": [
            {
                "id": n.id,
                "point_code": n.site.point_code,
                "side": n.site.side,
                "site": n.site.site,
                "diagram": n.diagram,
                "inserted_at": n.inserted_at,
                "removed_at": n.removed_at,
                "voided_at": n.voided_at,
                "confirmed_caution": n.confirmed_caution,
            }
            for n in s.needles
        ],
        "removal_counts": [{"expected": e, "counted": c, "at": at} for e, c, at, *_marks in s.removal_counts],
        "adverse_events": [
            {
                "kind": e.kind,
                "point_code": e.point_code,
                "side": e.side,
                "action_taken": e.action_taken,
                "notes": e.notes,
                "at": e.at,
            }
            for e in s.adverse_events
        ],
        "incidents": [
            {
                "kind": i.kind,
                "what": i.what,
                "where_found": i.where_found,
                "discovered_at": i.discovered_at,
                "action_taken": i.action_taken,
                "at": i.at,
            }
            for i in s.incidents
        ],
        "amendments": [{"at": at, "text": words} for at, words in s.amendments],
        "checklist_runs": [
            {
                "checklist_id": run.checklist_id,
                "title": record.checklists[run.checklist_id].title if run.checklist_id in record.checklists else "",
                "stage": run.stage,
                "started_at": run.started_at,
                "ended_at": run.ended_at,
                "ticked": sorted(run.ticked),
                "events": [{"position": e.position, "checked": e.checked, "at": e.at} for e in run.events],
            }
            for run in record.runs
        ],
    }
