"""Files and folders in the wrong place (issue 15, items 3 and 6): files the site never
loads are named as such, symbolic links out of the repository are refused unread,
and folder layouts that would publish or delete content are handled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from statuspress.load.site import content_files
from tests.support.builds import all_files, mkdocs_build
from tests.support.cli import statuspress
from tests.support.sites import incident_text, site_config_yaml, write_site

HOOKS = Path(__file__).parents[1] / "src/statuspress/templates/statuspress/init/pre-commit-config.yaml"
NOT_CONTENT = (
    "error: not a content file, so the site never loads it: statuspress reads the files ending in "
    "`.md` (lowercase) under the content folders, except README.md and names that start with `.` or `_` "
    "(`incidents/` and `postmortems/`)"
)
SECRET = "root:x:0:0:SECRET-PASSWD-LINE"


@pytest.mark.parametrize("name", [
    "incidents/2026-03-14-x.MD", "incidents/.2026-03-14-x.md", "incidents/_2026-03-14-x.md",
    "incidents/2026-03-14-x.markdown", "pages/2026-03-14-x.md", "incidents/README.md",
])
def test_a_file_the_site_never_loads_is_not_a_content_file(tmp_path: Path, name: str) -> None:
    write_site(tmp_path, incidents={"2026-03-14-api": incident_text()})
    (tmp_path / name).write_text(incident_text(), encoding="utf-8")
    run = statuspress(tmp_path, "validate", name)
    assert (run.code, run.out_lines) == (1, [f"{name}:1: {NOT_CONTENT}", "1 error in 1 file"])


def test_a_content_file_given_by_path_is_checked(tmp_path: Path) -> None:
    write_site(tmp_path, incidents={"2026-03-14-api": incident_text()})
    assert statuspress(tmp_path, "validate", "./incidents/../incidents/2026-03-14-api.md").out_lines == [
        "1 file OK"]


def test_the_pre_commit_hook_passes_exactly_the_files_the_loader_loads(tmp_path: Path) -> None:
    hook = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))["repos"][0]["hooks"][0]
    pattern = re.compile(hook["files"])
    names = [
        "incidents/a.md", "incidents/sub/a.md", "incidents/a.MD", "incidents/.a.md", "incidents/_a.md",
        "incidents/README.md", "incidents/readme.md", "incidents/sub/README.md", "incidents/a.markdown",
        "incidents/a.md.bak", "postmortems/b.md", "postmortems/_draft.md", "pages/a.md", "a.md",
        "incidents/.hidden/a.md", "incidents/readme.md.md",
    ]
    for name in names:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    loaded = {p.relative_to(tmp_path).as_posix()
              for folder in ("incidents", "postmortems") for p in content_files(tmp_path / folder)}
    hooked = {name for name in names if pattern.search(name)}
    assert hooked == loaded
    assert "incidents/sub/a.md" in loaded and "incidents/README.md" not in loaded


def _link_out(tmp_path: Path) -> tuple[Path, Path]:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "passwd").write_text(SECRET + "\n", encoding="utf-8")
    (outside / "valid.md").write_text(incident_text(title="Planted from outside"), encoding="utf-8")
    root = write_site(tmp_path / "site", incidents={"2026-03-14-api": incident_text()})
    (root / "incidents/2026-03-15-passwd.md").symlink_to(outside / "passwd")
    (root / "incidents/2026-03-16-valid.md").symlink_to(outside / "valid.md")
    return root, outside


LINK_REFUSED = (
    "error: is a symbolic link to a file outside the site's folder (or to nothing); statuspress does not "
    "follow such links: replace the link with the file itself"
)


def test_symlinks_out_of_the_repository_are_refused_and_never_read(tmp_path: Path) -> None:
    root, _ = _link_out(tmp_path)
    run = statuspress(root, "validate")
    assert (run.code, run.out_lines) == (1, [
        f"incidents/2026-03-15-passwd.md:1: {LINK_REFUSED}",
        f"incidents/2026-03-16-valid.md:1: {LINK_REFUSED}",
        "2 errors in 2 of 3 files",
    ])
    named = statuspress(root, "validate", "incidents/2026-03-15-passwd.md")
    assert named.out_lines == [f"incidents/2026-03-15-passwd.md:1: {LINK_REFUSED}", "1 error in 1 file"]
    built = statuspress(root, "build")
    assert built.code == 1
    for output in (run, named, built):
        assert "SECRET" not in output.out + output.err
        assert "Planted" not in output.out + output.err
    assert not (root / "site").exists()


def test_a_symlink_inside_the_repository_is_followed(tmp_path: Path) -> None:
    root = write_site(tmp_path, incidents={"2026-03-14-api": incident_text()})
    (root / "shared").mkdir()
    (root / "shared/web.md").write_text(incident_text(title="Web", started="2026-03-15T09:00:00Z",
                                                      resolved="2026-03-15T10:00:00Z"), encoding="utf-8")
    (root / "incidents/2026-03-15-web.md").symlink_to(root / "shared/web.md")
    assert statuspress(root, "validate").out_lines == ["2 files OK"]


def test_a_symlink_to_a_file_loaded_already_is_refused(tmp_path: Path) -> None:
    # The same incident would be published twice, under two ids (found by a trial).
    root = write_site(tmp_path, incidents={"2026/03/2026-03-14-api": incident_text()})
    (root / "incidents/2026-03-15-again.md").symlink_to(root / "incidents/2026/03/2026-03-14-api.md")
    (root / "incidents/2026-03-16-third.md").symlink_to("2026-03-15-again.md")
    run = statuspress(root, "validate")
    refused = ("is a symbolic link to `incidents/2026/03/2026-03-14-api.md`, which statuspress loads already: "
               "the same document would be published twice, under two ids; remove the link")
    assert (run.code, run.out_lines) == (1, [
        f"incidents/2026-03-15-again.md:1: error: {refused}",
        f"incidents/2026-03-16-third.md:1: error: {refused}",
        "2 errors in 2 of 3 files",
    ])
    assert statuspress(root, "build").code == 1
    assert not (root / "site").exists()


def test_a_linked_folder_is_not_followed_and_says_so(tmp_path: Path) -> None:
    # Its files were left out without a word (found by a trial): a reader of the
    # status page would never know an incident was missing.
    root = write_site(tmp_path, incidents={"2026-03-14-api": incident_text()})
    (root / "archive").mkdir()
    (root / "archive/2026-03-15-web.md").write_text(incident_text(title="Web"), encoding="utf-8")
    (root / "incidents/old").symlink_to(root / "archive", target_is_directory=True)
    warning = ("incidents/old:1: warning: is a symbolic link to a folder, which statuspress does not follow: the "
               "files in it are not loaded; move them into the content folder, or link each file")
    run = statuspress(root, "validate")
    assert (run.code, run.out_lines) == (0, [warning, "1 warning in 1 file"])
    built = statuspress(root, "build", "--audience", "public")
    assert (built.code, built.err_lines) == (0, [f"WARNING - {warning}"])
    assert (root / "site/incidents/2026-03-14-api/index.html").is_file()
    assert not (root / "site/incidents/2026-03-15-web").exists()
    assert statuspress(root, "build", "--audience", "public", "--strict").code == 1
    # A folder outside the site: a link to each of its files would be refused too.
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (root / "incidents/old").unlink()
    (root / "incidents/old").symlink_to(outside, target_is_directory=True)
    assert statuspress(root, "validate").out_lines == [
        "incidents/old:1: warning: is a symbolic link to a folder, which statuspress does not follow: the files in "
        "it are not loaded; it points outside the site's folder, so copy its files into the content folder",
        "1 warning in 1 file",
    ]


def test_a_content_folder_linked_out_of_the_repository_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "2026-03-14-api.md").write_text(incident_text(title="Planted"), encoding="utf-8")
    root = write_site(tmp_path / "site")
    (root / "incidents").rmdir()
    (root / "incidents").symlink_to(outside)
    run = statuspress(root, "validate")
    assert (run.code, run.out_lines) == (1, [
        "incidents:1: error: the content folder `incidents_dir: incidents` leads outside the site's folder "
        "through a symbolic link; statuspress does not follow it: keep the content inside the repository",
        "1 error in 1 file",
    ])


@pytest.mark.parametrize("folder", ["../incidents", "/etc", "incidents/../../x", "."])
def test_content_folders_stay_inside_the_site(tmp_path: Path, folder: str) -> None:
    write_site(tmp_path, incidents_dir=folder)
    run = statuspress(tmp_path, "validate")
    assert (run.code, run.err_lines) == (1, [
        f"mkdocs.yml:11: error: plugins.statuspress: `incidents_dir` is `{folder}`; a content folder is a path "
        "inside the site's folder (next to mkdocs.yml), like `incidents`, without `..`",
    ])


@pytest.mark.parametrize(("site_dir", "relation", "folder"), [
    ("incidents", "is", "incidents"), ("incidents/site", "is inside", "incidents"),
    ("out", "contains", "out/incidents"),
])
def test_a_site_dir_that_would_delete_content_is_refused(
    tmp_path: Path, site_dir: str, relation: str, folder: str,
) -> None:
    config = site_config_yaml(incidents_dir=folder) + f"site_dir: {site_dir}\n"
    root = write_site(tmp_path, config_text=config)
    (root / folder).mkdir(parents=True, exist_ok=True)
    (root / folder / "2026-03-14-api.md").write_text(incident_text(), encoding="utf-8")
    before = all_files(root / folder)
    message = (
        f"mkdocs.yml:21: error: `site_dir` ({site_dir}) {relation} the content folder `incidents_dir: {folder}`; "
        "every build empties site_dir, which would delete the content: build into another folder, such as `site`"
    )
    run = statuspress(root, "build")
    assert run.code == 1
    assert message in run.err_lines
    assert "Traceback" not in run.err
    assert all_files(root / folder) == before


def test_mkdocs_build_refuses_a_site_dir_that_is_a_content_folder(tmp_path: Path) -> None:
    from mkdocs.exceptions import Abort

    root = write_site(tmp_path, incidents={"2026-03-14-api": incident_text()})
    before = all_files(root / "incidents")
    with pytest.raises(Abort):
        mkdocs_build(root, at="2026-03-20T12:00:00Z", site_dir=root / "incidents")
    assert all_files(root / "incidents") == before


def test_a_docs_dir_inside_a_content_folder_is_refused(tmp_path: Path) -> None:
    config = site_config_yaml().replace("docs_dir: pages", "docs_dir: incidents/pages")
    root = write_site(tmp_path, incidents={"2026-03-14-api": incident_text(), "pages/about": "# About\n"},
                      config_text=config)
    run = statuspress(root, "build")
    assert run.code == 1
    assert (
        "mkdocs.yml:3: error: `docs_dir` (incidents/pages) is inside the content folder `incidents_dir: incidents`; "
        "its pages would be read as content files: keep the pages in a folder of their own"
    ) in run.err_lines


def test_validate_reports_what_mkdocs_would_refuse(tmp_path: Path) -> None:
    """Whatever validate accepts builds: MkDocs' own verdict on mkdocs.yml is part of it."""
    config = site_config_yaml().replace("theme:\n  name: material\n", "theme:\n  nme: material\n")
    write_site(tmp_path, incidents={"2026-03-14-api": incident_text()}, config_text=config)
    run = statuspress(tmp_path, "validate")
    assert (run.code, run.out_lines) == (1, ["mkdocs.yml:4: error: `theme`: No theme name set.", "1 error in 1 file"])
