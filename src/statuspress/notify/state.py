"""The state file: which target has received which event.

A small JSON document, written again (atomically) after every successful delivery,
so that a run killed half-way loses at most the delivery in flight:

    {
      "version": 1,
      "targets": {
        "slack": {
          "since": "2026-03-14T09:00:00Z",
          "events": {
            "2026-03-14-api-errors/declared": {"at": "2026-03-14T09:20:00Z", "how": "sent"},
            "2026-01-02-db-slow/resolved": {"at": "2026-03-14T09:00:00Z", "how": "baseline"}
          }
        }
      }
    }

``since`` is when the target first appeared (its baseline); ``how`` is ``sent`` for
a delivery and ``baseline`` for an event recorded without sending. Keys are sorted
and the file is indented, so its history in git reads as a delivery log. It holds
target names and event ids only: never a URL or a message.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from statuspress.errors import StatuspressError
from statuspress.render.text import iso

VERSION = 1

How = Literal["sent", "baseline"]


class StateFileError(StatuspressError):
    """The state file exists but cannot be used; nothing is sent."""


class DeliveryState:
    """The state file in memory; ``record`` changes it, ``save`` writes it."""

    def __init__(self, path: Path, targets: dict[str, Any], *, existed: bool) -> None:
        self.path = path
        self.targets = targets
        #: False on the very first run (the file did not exist).
        self.existed = existed

    @classmethod
    def load(cls, path: Path) -> DeliveryState:
        """Read ``path``; a missing file is an empty state (every target new)."""
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path, {}, existed=False)
        except OSError as exc:
            raise StateFileError(f"{path}: cannot read the notify state file: {exc.strerror}") from None
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise _bad(path, f"it is not JSON (line {exc.lineno}: {exc.msg})") from None
        if not isinstance(data, dict) or data.get("version") != VERSION:
            raise _bad(path, f"it has no `\"version\": {VERSION}`")
        targets = data.get("targets")
        if not isinstance(targets, dict) or not all(
            isinstance(t, dict) and isinstance(t.get("events"), dict) for t in targets.values()
        ):
            raise _bad(path, "`targets` must map each target name to {\"since\", \"events\"}")
        return cls(path, targets, existed=True)

    def knows(self, target: str) -> bool:
        """Whether ``target`` has been seen before (else it gets its baseline)."""
        return target in self.targets

    def delivered(self, target: str, event_id: str) -> bool:
        """Whether ``event_id`` was sent (or baselined) to ``target``."""
        return event_id in self.targets.get(target, {}).get("events", {})

    def record(self, target: str, event_id: str, how: How, at: datetime) -> None:
        """Note that ``target`` has ``event_id`` (call ``save`` to keep it)."""
        entry = self.targets.setdefault(target, {"since": iso(at), "events": {}})
        entry["events"][event_id] = {"at": iso(at), "how": how}

    def introduce(self, target: str, at: datetime) -> None:
        """Start the record of a new target, even when it has nothing to record yet,
        so that its baseline happens only once."""
        self.targets.setdefault(target, {"since": iso(at), "events": {}})

    def save(self) -> None:
        """Write the state atomically: a reader sees the old file or the new one."""
        text = json.dumps({"version": VERSION, "targets": self.targets}, indent=1, sort_keys=True) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _bad(path: Path, why: str) -> StateFileError:
    return StateFileError(
        f"{path}: not a statuspress notify state file: {why}. Nothing was sent. Restore it from "
        "its branch's history, or delete it: the next run then records a new baseline "
        "(recent events are sent again)."
    )
