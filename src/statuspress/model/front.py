"""The base of every front-matter model: the file format, frozen, strict, and able
to say why a key is refused or required."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from pydantic import ConfigDict

from statuspress.model.config import StrictModel


class FrontMatter(StrictModel):
    """What a file says, and nothing the loader adds (id, body, line marks live on
    the loaded objects). Frozen: nothing downstream can change what a file said."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: Keys another type (or the loader) uses, each with the sentence that says why
    #: this one refuses it and what to write instead; ``{field}`` is the key's path.
    refused: ClassVar[Mapping[str, str]] = {}
    #: Required keys whose absence deserves more than "is required": why it is needed.
    required_because: ClassVar[Mapping[str, str]] = {}
