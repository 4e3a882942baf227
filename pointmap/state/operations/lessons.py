"""Operations on lessons: the built-in ones and a person's own (made from a meridian, a protocol or chosen
points; edited step by step; deleted; shared in a file like the rest of their own content). Each writing
function is one transaction in core, then ``user.announce``; it returns the ``Edit`` the undo stack keeps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from pointmap.core import lessons as rules
from pointmap.core import sharing
from pointmap.core.lessons import Lesson, LessonStep
from pointmap.core.reference import Reference
from pointmap.core.sequences import Sequence
from pointmap.core.userdata import lessons as stored
from pointmap.core.userdata import own
from pointmap.state.operations.own import _edit, _store
from pointmap.state.undo import Edit
from pointmap.state.userdata import UserData

LESSON = "lesson"  # a sequence kind: key the lesson's uid ('builtin:…' or an own lesson's)


def all_lessons(user: UserData, reference: Reference) -> list[Lesson]:
    """The built-in lessons, then the person's own in the order they were made."""
    mine = stored.lessons(user.store) if user.store is not None else []
    return [*reference.lessons, *mine]


def lesson(user: UserData, reference: Reference, uid: str) -> Lesson | None:
    return next((x for x in all_lessons(user, reference) if x.uid == uid), None)


def _of(user: UserData, uid: str) -> own.Snapshot:
    return own.take(_store(user).conn, lessons=[uid])


def create(user: UserData, reference: Reference, made: Lesson) -> tuple[Lesson, Edit]:
    """Save a new own lesson (from ``rules.from_meridian``, ``from_protocol``, ``from_codes``, or a copy)."""
    rules.check_lesson(made, reference)
    saved = stored.create_lesson(_store(user), made, user.clock())
    edit = _edit(user, f"New lesson '{saved.title}'", own.Snapshot(lessons={saved.uid: None}), _of(user, saved.uid))
    assert edit is not None
    return saved, edit


def copy_builtin(user: UserData, reference: Reference, uid: str) -> tuple[Lesson, Edit]:
    """A built-in lesson as the start of one's own (the built-in stays as it is)."""
    found = lesson(user, reference, uid)
    if found is None:
        raise rules.UserDataError("There is no such lesson to copy.")
    title = f"{found.title} (my copy)"[: rules.MAX_TITLE]
    return create(user, reference, replace(found, title=title, based_on=found.uid if found.builtin else None))


def save(user: UserData, reference: Reference, edited: Lesson, what: str = "Edit") -> Edit | None:
    """Save an own lesson as edited (title, summary, steps in order); None when nothing changed."""
    rules.check_lesson(edited, reference)
    before = _of(user, edited.uid)
    saved = stored.update_lesson(_store(user), edited, user.clock())
    return _edit(user, f"{what} lesson '{saved.title}'", before, _of(user, edited.uid))


def set_note(user: UserData, reference: Reference, uid: str, index: int, note: str) -> Edit | None:
    """The trainer's note on step ``index`` (from 0), as typed."""
    found = lesson(user, reference, uid)
    if found is None or found.builtin or not 0 <= index < len(found.steps):
        return None
    steps = list(found.steps)
    steps[index] = replace(steps[index], note=note)
    return save(user, reference, found.with_steps(steps), "Edit note in")


def move_step(user: UserData, reference: Reference, uid: str, index: int, to: int) -> Edit | None:
    found = lesson(user, reference, uid)
    if found is None or found.builtin or not 0 <= index < len(found.steps):
        return None
    steps = list(found.steps)
    step = steps.pop(index)
    steps.insert(max(0, min(to, len(steps))), step)
    return save(user, reference, found.with_steps(steps), "Reorder")


def add_step(user: UserData, reference: Reference, uid: str, step: LessonStep, at: int | None = None) -> Edit | None:
    found = lesson(user, reference, uid)
    if found is None or found.builtin:
        return None
    steps = list(found.steps)
    steps.insert(len(steps) if at is None else max(0, min(at, len(steps))), step)
    return save(user, reference, found.with_steps(steps), "Add a step to")


def remove_step(user: UserData, reference: Reference, uid: str, index: int) -> Edit | None:
    found = lesson(user, reference, uid)
    if found is None or found.builtin or not 0 <= index < len(found.steps):
        return None
    steps = list(found.steps)
    del steps[index]
    return save(user, reference, found.with_steps(steps), "Remove a step from")


def delete(user: UserData, uid: str) -> Edit | None:
    before = _of(user, uid)
    gone = stored.delete_lesson(_store(user), uid)
    if gone is None:
        return None
    return _edit(user, f"Delete lesson '{gone.title}'", before, _of(user, uid))


def lesson_lookup(user: UserData, reference: Reference) -> Callable[[str], Sequence | None]:
    """For ``AppState.add_sequence_source(LESSON, …)``: a lesson's points as a Sequence."""

    def lookup(uid: str) -> Sequence | None:
        found = lesson(user, reference, uid)
        return None if found is None else Sequence(LESSON, uid, found.title, found.codes)

    return lookup


# -- a lesson file ------------------------------------------------------------------------------------------


def export_lessons(user: UserData, path: Path, uids: list[str]) -> dict:
    """Write these own lessons (only them) to a file others can import (with File → Import, or
    ``operations.own.plan_import`` and ``apply_import``: checked first, shown, one transaction); the data."""
    data = sharing.export_data(
        _store(user), user.clock(), notes=False, favourites=False, protocol_uids=[], lesson_uids=uids
    )
    sharing.write_export(path, data)
    return data
