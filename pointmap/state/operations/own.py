"""Operations on a person's own content: notes on points, favourites, own protocols, and sharing them.

Each writing function is one user intent: one transaction in core, then ``user.announce`` of the tables it
touched, and it returns the ``Edit`` (before and after) that the undo stack keeps; None when nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from pointmap.core import sharing
from pointmap.core.errors import UserDataError
from pointmap.core.reference import Reference
from pointmap.core.sequences import (
    FAVOURITES_KEY,
    Sequence,
    favourites_sequence,
    own_protocol_sequence,
)
from pointmap.core.userdata import favourites as favs
from pointmap.core.userdata import notes as notes_
from pointmap.core.userdata import own
from pointmap.core.userdata import protocols as protos
from pointmap.core.userdata.notes import Note
from pointmap.core.userdata.protocols import Draft, OwnProtocol, Step
from pointmap.state.undo import Edit
from pointmap.state.userdata import Changes, UserData

NOTES = frozenset({own.NOTES})
FAVOURITES_TABLES = frozenset({own.FAVOURITES})
PROTOCOLS = frozenset({own.PROTOCOLS, own.PROTOCOL_POINTS})


def _store(user: UserData):
    if user.store is None:
        raise UserDataError(user.unavailable or "Your user database is not open yet; nothing was recorded.")
    return user.store


def _edit(user: UserData, text: str, before: own.Snapshot, after: own.Snapshot, key: str | None = None) -> Edit | None:
    if before == after:
        return None
    user.announce(Changes(after.tables | before.tables))
    return Edit(text, before, after, key)


# -- notes ------------------------------------------------------------------------------------------------


def note(user: UserData, code: str) -> Note | None:
    return notes_.note(user.store, code) if user.store is not None else None


def notes_by_code(user: UserData) -> dict[str, str]:
    """Every note's text by point code (for search)."""
    return {n.point_code: n.text for n in notes_.all_notes(user.store)} if user.store is not None else {}


def save_note(user: UserData, code: str, text: str, merge_key: str | None = None) -> Edit | None:
    """Save the note on a point as typed (empty: no note); on disk when this returns."""
    store = _store(user)
    before = own.take(store.conn, notes=[code])
    notes_.set_note(store, code, text, user.clock())
    return _edit(user, f"Edit note on {code}", before, own.take(store.conn, notes=[code]), merge_key)


# -- favourites -------------------------------------------------------------------------------------------


def favourites(user: UserData) -> list[str]:
    return favs.favourites(user.store) if user.store is not None else []


def is_favourite(user: UserData, code: str) -> bool:
    return user.store is not None and favs.is_favourite(user.store, code)


def set_favourite(user: UserData, code: str, on: bool) -> Edit | None:
    store = _store(user)
    before = own.take(store.conn, favourites=[code])
    favs.set_favourite(store, code, on, user.clock())
    text = f"Add {code} to favourites" if on else f"Remove {code} from favourites"
    return _edit(user, text, before, own.take(store.conn, favourites=[code]))


def toggle_favourite(user: UserData, code: str) -> Edit | None:
    return set_favourite(user, code, not is_favourite(user, code))


# -- own protocols ----------------------------------------------------------------------------------------


def own_protocols(user: UserData) -> list[OwnProtocol]:
    return protos.protocols(user.store) if user.store is not None else []


def own_protocol(user: UserData, uid: str) -> OwnProtocol | None:
    return protos.protocol(user.store, uid) if user.store is not None else None


def draft_from_builtin(reference: Reference, protocol_id: str) -> Draft:
    """A built-in protocol as the start of one's own (the built-in itself stays as it is)."""
    found = next((p for p in reference.protocols if p.id == protocol_id), None)
    if found is None:
        raise UserDataError(f"There is no built-in protocol '{protocol_id}' to copy.")
    steps = tuple(Step(s.point_code, s.note) for s in found.steps)
    title = f"{found.title} (my copy)"[: protos.MAX_TITLE]
    return Draft(title, found.region, found.purpose, found.notes, steps, based_on=found.id)


def draft_from_codes(reference: Reference, title: str, codes: Iterable[str]) -> Draft:
    """A new protocol of these points in this order (codes the data does not hold are left out)."""
    steps = tuple(Step(c) for c in dict.fromkeys(codes) if c in reference.points)
    regions = {reference.points[s.point_code].region for s in steps}
    return Draft(title, regions.pop() if len(regions) == 1 else "", steps=steps[: protos.MAX_STEPS])


def create_protocol(user: UserData, draft: Draft) -> tuple[OwnProtocol, Edit]:
    store = _store(user)
    made = protos.create_protocol(store, draft, user.clock())
    edit = _edit(user, f"New protocol '{made.title}'", own.Snapshot(protocols={made.uid: None}), _of(store, made.uid))
    assert edit is not None
    return made, edit


def _of(store, uid: str) -> own.Snapshot:
    return own.take(store.conn, protocols=[uid])


def save_protocol(user: UserData, uid: str, draft: Draft, what: str = "Edit", merge_key: str | None = None):
    """Save the protocol as edited (title, texts, points and their order); the Edit, or None if unchanged."""
    store = _store(user)
    before = _of(store, uid)
    saved = protos.update_protocol(store, uid, draft, user.clock())
    return _edit(user, f"{what} protocol '{saved.title}'", before, _of(store, uid), merge_key)


def move_step(user: UserData, uid: str, index: int, to: int) -> Edit | None:
    """Move the point at ``index`` (from 0) to place ``to``: reorder by keyboard or by drag."""
    found = own_protocol(user, uid)
    if found is None or not 0 <= index < len(found.steps):
        return None
    steps = list(found.steps)
    step = steps.pop(index)
    steps.insert(max(0, min(to, len(steps))), step)
    return save_protocol(user, uid, found.draft.with_steps(steps), "Reorder")


def delete_protocol(user: UserData, uid: str) -> Edit | None:
    store = _store(user)
    before = _of(store, uid)
    gone = protos.delete_protocol(store, uid)
    if gone is None:
        return None
    return _edit(user, f"Delete protocol '{gone.title}'", before, _of(store, uid))


# -- sequences --------------------------------------------------------------------------------------------


def own_protocol_lookup(user: UserData, reference: Reference) -> Callable[[str], Sequence | None]:
    """For ``AppState.add_sequence_source(OWN_PROTOCOL, …)``: an own protocol by uid as a Sequence."""

    def lookup(uid: str) -> Sequence | None:
        found = own_protocol(user, uid)
        return own_protocol_sequence(reference, found) if found is not None else None

    return lookup


def favourites_lookup(user: UserData, reference: Reference) -> Callable[[str], Sequence | None]:
    """For ``AppState.add_sequence_source(FAVOURITES, …)``: the favourites as a Sequence (a study deck too)."""

    def lookup(key: str) -> Sequence | None:
        return favourites_sequence(reference, favourites(user)) if key == FAVOURITES_KEY else None

    return lookup


# -- codes the reference renamed or retired ---------------------------------------------------------------


def follow_codes(user: UserData, reference: Reference) -> own.Followed:
    """Move records made under an old code onto the point's code now; list those that match no point."""
    followed = own.follow_codes(_store(user), own.code_resolver(reference))
    if followed.changed:
        user.announce(Changes(own.TABLES))
    return followed


def unmatched_sentence(followed: own.Followed) -> str:
    """'' when all is matched; else a sentence listing what names no point of this PointMap's data."""
    if not followed.unmatched:
        return ""
    listed = "; ".join(f"{u.code} ({u.where})" for u in followed.unmatched[:12])
    more = f"; and {len(followed.unmatched) - 12} more" if len(followed.unmatched) > 12 else ""
    return (
        f"Some of your records name points that PointMap's data does not hold (renamed or retired): {listed}{more}. "
        "They are kept as you wrote them; nothing was deleted."
    )


# -- sharing ----------------------------------------------------------------------------------------------


def export_to(
    user: UserData,
    path: Path,
    *,
    notes: bool = True,
    favourites: bool = True,
    protocol_uids: Iterable[str] | None = None,
) -> dict:
    """Write the chosen content to ``path`` (whole, or the old file untouched); the data written."""
    data = sharing.export_data(
        _store(user), user.clock(), notes=notes, favourites=favourites, protocol_uids=protocol_uids
    )
    sharing.write_export(path, data)
    return data


def plan_import(user: UserData, reference: Reference, path: Path) -> tuple[sharing.Shared, sharing.Plan]:
    """Read and check a file, and say what importing it would do (nothing is changed)."""
    shared = sharing.read_shared(path)
    return shared, sharing.plan(_store(user), shared, own.code_resolver(reference), user.clock(), reference.diagrams)


def apply_import(
    user: UserData, reference: Reference, shared: sharing.Shared, name: str
) -> tuple[sharing.Plan, Edit | None]:
    """Import all of it in one transaction (or nothing); what was done, and its Edit for undo."""
    done = sharing.apply(_store(user), shared, own.code_resolver(reference), user.clock(), reference.diagrams)
    return done, _edit(user, f"Import '{name}'", done.before, done.after)
