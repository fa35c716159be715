"""Authoring: ``statuspress new``, ``update`` and ``init`` without the click layer.

Pure functions take the site config, an as-of time and the arguments, and return
the text of a file (validated with the same rules as ``statuspress validate``) or
raise ``AuthoringError`` with a one-line message:

* ``new``: ``new_incident``, ``new_maintenance``, ``new_postmortem`` and their
  ``*_text`` builders;
* ``update``: ``append_update``, a minimal text edit that keeps comments, key order,
  quoting, line endings and a byte-order mark;
* ``scaffold``: ``site_files`` and ``write_site`` for ``statuspress init``;
* ``checking``: arguments against the site config (severities, components, stages);
* ``files``: finding a file by id and writing atomically;
* ``yamltext``: YAML scalars and slugs written by hand, checked by parsing back.
"""

from __future__ import annotations

from statuspress.authoring.checking import pick_components, pick_severity, pick_stage
from statuspress.authoring.files import find_incident, write_atomic
from statuspress.authoring.new import (
    NewFile,
    incident_text,
    maintenance_text,
    new_incident,
    new_maintenance,
    new_notice,
    new_postmortem,
    notice_text,
    postmortem_text,
    timeline_rows,
)
from statuspress.authoring.scaffold import default_requirement, local_requirement, site_files, write_site
from statuspress.authoring.update import UpdateResult, append_update
from statuspress.authoring.yamltext import scalar, slugify

__all__ = [
    "NewFile",
    "UpdateResult",
    "append_update",
    "default_requirement",
    "find_incident",
    "incident_text",
    "local_requirement",
    "maintenance_text",
    "new_incident",
    "new_maintenance",
    "new_notice",
    "new_postmortem",
    "notice_text",
    "pick_components",
    "pick_severity",
    "pick_stage",
    "postmortem_text",
    "scalar",
    "site_files",
    "slugify",
    "timeline_rows",
    "write_atomic",
    "write_site",
]
