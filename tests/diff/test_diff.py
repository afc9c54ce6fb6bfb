"""`atlas diff` on SYNTHETIC fixture pairs: what a reviewer reads in a pull request's summary."""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from atlas.cli import cli
from atlas.diff import diff_packages, diff_resource, render_diff
from atlas.problems import AtlasError

FIXTURES = Path(__file__).parent / "fixtures"
BASE, HEAD = FIXTURES / "base", FIXTURES / "head"


def copy_base(tmp_path: Path, name: str = "head") -> Path:
    out = tmp_path / name
    shutil.copytree(BASE, out)
    return out


def write_csv(path: Path, rows: list[dict[str, str]], fields: list[str] | None = None) -> None:
    fields = fields or list(rows[0])
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# ---- the committed pair: one pull request with every kind of change ------------------------------

def test_fixture_pair_counts_rows_by_primary_key():
    result = diff_packages(str(BASE), str(HEAD))
    counts = {r.name: (len(r.added), len(r.removed), len(r.changed), len(r.rekeyed)) for r in result.resources}
    assert counts == {"sources": (1, 0, 0, 0), "detainer_policies": (1, 0, 2, 1), "enforcement_stats": (0, 1, 1, 0)}


def test_changed_row_lists_each_changed_field_old_to_new():
    policies = diff_packages(str(BASE), str(HEAD)).resource("detainer_policies")
    first = policies.changed[0]
    assert first.key == ("99001-2020-01-01",)
    assert [(c.field, c.old, c.new) for c in first.changes] == [
        ("policy", "honors_detainers", "declines_detainers"),
        ("summary", "SYNTHETIC: the jail honors detainers.", "SYNTHETIC: the jail declines detainers."),
    ]


def test_key_change_is_one_rekeyed_row_not_a_removal_and_an_addition():
    policies = diff_packages(str(BASE), str(HEAD)).resource("detainer_policies")
    assert [(k.old_key, k.new_key) for k in policies.rekeyed] == [(("99003-2018-03-15",), ("99003-2018-03-01",))]
    assert [r["id"] for r in policies.removed] == []


def test_schema_changes_are_named():
    result = diff_packages(str(BASE), str(HEAD))
    assert result.resource("detainer_policies").schema_changes == [
        "field policy: allowed values added: limited_by_offense"]
    assert result.resource("sources").schema_changes == ["field retrieved added (date)"]
    assert result.resource("enforcement_stats").schema_changes == []


def test_reviewer_callouts_on_the_fixture_pair():
    callouts = [(c.id, c.resource, c.key) for c in diff_packages(str(BASE), str(HEAD)).callouts]
    assert callouts == [
        ("source-without-url", "sources", ("synthetic-statement-2025",)),
        ("source-without-date", "sources", ("synthetic-statement-2025",)),
        ("fact-changed-without-source", "detainer_policies", ("99001-2020-01-01",)),
        ("fact-changed-without-source", "enforcement_stats", ("99001", "2021", "removals", "synthetic-data-2021")),
        ("fact-row-removed", "enforcement_stats", ("99001", "2020", "removals", "synthetic-data-2021")),
    ]


def test_markdown_report_shows_summary_table_callouts_and_old_to_new():
    md = render_diff(diff_packages(str(BASE), str(HEAD)), "markdown")
    assert "| detainer_policies | 3 | 4 | 1 | 0 | 2 | 1 | 1 |" in md
    assert "### For the reviewer (5)" in md
    assert "- `99001-2020-01-01`: policy `honors_detainers` → `declines_detainers`;" in md
    assert "- `99003-2018-03-15` → `99003-2018-03-01`" in md
    assert "| enforcement_stats | 2 | 1 | 0 | 1 | 1 | 0 | 0 |" in md


def test_json_report_round_trips_with_every_row():
    data = json.loads(render_diff(diff_packages(str(BASE), str(HEAD)), "json"))
    assert data["changed"] is True
    policies = next(r for r in data["resources"] if r["name"] == "detainer_policies")
    assert policies["added"][0]["id"] == "99004-2025-02-01"
    assert policies["changed"][1] == {"key": ["99002-2019-07-01"], "changes": [
        {"field": "notes", "old": "synthetic test row", "new": "synthetic test row; note edited"}]}
    assert [c["id"] for c in data["callouts"]].count("fact-changed-without-source") == 2


# ---- single changes built from base/ --------------------------------------------------------------

def test_identical_packages_have_no_changes(tmp_path):
    result = diff_packages(str(BASE), str(copy_base(tmp_path)))
    assert result.is_empty and result.callouts == []
    assert "No changes to the data package." in render_diff(result, "markdown")


def test_notes_only_change_needs_no_new_source(tmp_path):
    head = copy_base(tmp_path)
    rows = read_csv(head / "data/detainer_policies.csv")
    rows[0]["notes"] = "clarified wording"
    rows[0]["verified"] = "2026-11-01"
    write_csv(head / "data/detainer_policies.csv", rows)
    result = diff_packages(str(BASE), str(head))
    assert len(result.resource("detainer_policies").changed) == 1
    assert result.callouts == []


def test_fact_change_with_a_new_source_is_not_called_out(tmp_path):
    head = copy_base(tmp_path)
    sources = read_csv(head / "data/sources.csv")
    sources.append({"id": "synthetic-news-2026", "title": "SYNTHETIC follow-up", "url": "https://example.org/2026",
                    "published": "2026-02-02", "kind": "news-report", "notes": "synthetic test row"})
    write_csv(head / "data/sources.csv", sources)
    rows = read_csv(head / "data/detainer_policies.csv")
    rows[0].update(policy="declines_detainers", source_id="synthetic-news-2026")
    write_csv(head / "data/detainer_policies.csv", rows)
    assert diff_packages(str(BASE), str(head)).callouts == []


def test_fact_change_whose_cited_source_entry_was_updated_is_not_called_out(tmp_path):
    head = copy_base(tmp_path)
    sources = read_csv(head / "data/sources.csv")
    sources[0]["url"] = "https://example.org/news/2020-updated"
    write_csv(head / "data/sources.csv", sources)
    rows = read_csv(head / "data/detainer_policies.csv")
    rows[0]["policy"] = "unknown"
    write_csv(head / "data/detainer_policies.csv", rows)
    assert diff_packages(str(BASE), str(head)).callouts == []


def test_primary_key_change_in_schema_is_reported_and_rows_match_by_new_key(tmp_path):
    head = copy_base(tmp_path)
    schema_path = head / "schemas/enforcement_stats.json"
    schema = json.loads(schema_path.read_text())
    schema["primaryKey"] = ["county_fips", "fiscal_year", "metric"]
    schema_path.write_text(json.dumps(schema))
    rd = diff_packages(str(BASE), str(head)).resource("enforcement_stats")
    assert rd.schema_changes == ['primary key changed from ["county_fips", "fiscal_year", "metric", "source_id"] '
                                 'to ["county_fips", "fiscal_year", "metric"]']
    assert rd.primary_key == ["county_fips", "fiscal_year", "metric"]
    assert (rd.added, rd.removed, rd.changed) == ([], [], [])


def test_field_removed_and_type_changed(tmp_path):
    head = copy_base(tmp_path)
    schema_path = head / "schemas/enforcement_stats.json"
    schema = json.loads(schema_path.read_text())
    schema["fields"][3]["type"] = "number"
    schema_path.write_text(json.dumps(schema))
    sources_schema = json.loads((head / "schemas/sources.json").read_text())
    sources_schema["fields"] = [f for f in sources_schema["fields"] if f["name"] != "notes"]
    (head / "schemas/sources.json").write_text(json.dumps(sources_schema))
    result = diff_packages(str(BASE), str(head))
    assert result.resource("enforcement_stats").schema_changes == ["field value: type changed from integer to number"]
    assert result.resource("sources").schema_changes == ["field notes removed"]


def test_resource_added_to_the_package(tmp_path):
    head = copy_base(tmp_path)
    descriptor = json.loads((head / "datapackage.json").read_text())
    descriptor["resources"].append({"name": "metrics", "path": "data/metrics.csv", "schema": {
        "fields": [{"name": "id", "type": "string"}], "primaryKey": ["id"]}})
    descriptor["version"] = "0.0.2"
    (head / "datapackage.json").write_text(json.dumps(descriptor))
    write_csv(head / "data/metrics.csv", [{"id": "removals"}])
    result = diff_packages(str(BASE), str(head))
    assert result.package_changes == ['version changed from "0.0.1" to "0.0.2"', "resource metrics added"]
    assert result.resource("metrics").status == "added"
    assert result.resource("metrics").added == [{"id": "removals"}]


def test_duplicate_keys_in_a_draft_never_hide_a_row(tmp_path):
    head = copy_base(tmp_path)
    rows = read_csv(head / "data/detainer_policies.csv")
    write_csv(head / "data/detainer_policies.csv", rows + [dict(rows[0], summary="SYNTHETIC duplicate")])
    rd = diff_packages(str(BASE), str(head)).resource("detainer_policies")
    assert [r["summary"] for r in rd.added] == ["SYNTHETIC duplicate"]


def test_long_sections_are_cut_in_markdown_but_not_in_json(tmp_path):
    head = copy_base(tmp_path)
    rows = [{"county_fips": "99001", "fiscal_year": str(2000 + i), "metric": "removals", "value": str(i),
             "source_id": "synthetic-data-2021"} for i in range(150)]
    write_csv(head / "data/enforcement_stats.csv", rows)
    result = diff_packages(str(BASE), str(head))
    assert "- … and 48 more (see `atlas diff --format json`)" in render_diff(result, "markdown")
    assert len(json.loads(render_diff(result, "json"))["resources"][2]["added"]) == 148


def test_pipes_and_newlines_in_values_do_not_break_the_markdown(tmp_path):
    head = copy_base(tmp_path)
    rows = read_csv(head / "data/detainer_policies.csv")
    rows[1]["notes"] = "a | b\nc `d`"
    write_csv(head / "data/detainer_policies.csv", rows)
    md = render_diff(diff_packages(str(BASE), str(head)), "markdown")
    assert "notes `synthetic test row` → `a \\| b c 'd'`" in md


# ---- git revisions --------------------------------------------------------------------------------

def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def git_repo(tmp_path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(BASE, repo / "datapackage")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "base")
    shutil.rmtree(repo / "datapackage")
    shutil.copytree(HEAD, repo / "datapackage")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-am", "head")
    return repo


def test_two_git_revisions_are_read_without_a_checkout(git_repo):
    status_before = git(git_repo, "status", "--porcelain")
    result = diff_packages("HEAD~1", "HEAD", repo=git_repo)
    assert [len(r.added) for r in result.resources] == [1, 1, 0]
    assert (result.base, result.head) == ("HEAD~1", "HEAD")
    assert git(git_repo, "status", "--porcelain") == status_before


def test_revision_against_the_working_tree(git_repo):
    rows = read_csv(git_repo / "datapackage/data/enforcement_stats.csv")
    rows[0]["value"] = "14"
    write_csv(git_repo / "datapackage/data/enforcement_stats.csv", rows)
    result = diff_packages("HEAD", None, repo=git_repo)
    assert result.head == "working tree"
    assert [(c.field, c.old, c.new) for c in result.resource("enforcement_stats").changed[0].changes] == [
        ("value", "13", "14")]


def test_unknown_revision_is_an_error_the_cli_reports_with_exit_2():
    with pytest.raises(AtlasError, match="neither a folder"):
        diff_packages("no-such-revision-xyz", str(HEAD))
    result = CliRunner().invoke(cli, ["diff", "--", "--no-such-revision", str(HEAD)])
    assert result.exit_code == 2


def test_cli_markdown_and_fail_on_callouts():
    runner = CliRunner()
    ok = runner.invoke(cli, ["diff", str(BASE), str(HEAD)])
    assert ok.exit_code == 0 and ok.output.startswith("## Data changes")
    strict = runner.invoke(cli, ["diff", str(BASE), str(HEAD), "--fail-on-callouts"])
    assert strict.exit_code == 1
    same = runner.invoke(cli, ["diff", str(BASE), str(BASE), "--fail-on-callouts", "--format", "json"])
    assert same.exit_code == 0 and json.loads(same.output)["changed"] is False


# ---- properties -----------------------------------------------------------------------------------

SCHEMA = {"fields": [{"name": "id"}, {"name": "a"}, {"name": "b"}], "primaryKey": ["id"]}
row_strategy = st.fixed_dictionaries({"id": st.sampled_from("pqrstuvw"), "a": st.sampled_from(["", "1", "x"]),
                                      "b": st.text(alphabet="ab ,", max_size=3)})
table = st.lists(row_strategy, max_size=6, unique_by=lambda r: r["id"])


@settings(max_examples=150, deadline=None)
@given(base=table, head=table)
def test_diff_is_symmetric_and_accounts_for_every_row(base, head):
    forward = diff_resource("t", SCHEMA, SCHEMA, base, head)
    backward = diff_resource("t", SCHEMA, SCHEMA, head, base)
    assert sorted(r["id"] for r in forward.added) == sorted(r["id"] for r in backward.removed)
    assert len(forward.changed) == len(backward.changed)
    assert len(forward.rekeyed) == len(backward.rekeyed)
    # Every row of each side is matched, added/removed, or re-keyed: nothing is dropped.
    unchanged_or_changed = len(head) - len(forward.added) - len(forward.rekeyed)
    assert unchanged_or_changed == len(base) - len(forward.removed) - len(forward.rekeyed)
    if base == head:
        assert forward.is_empty


def test_a_stray_cell_beyond_the_header_shows_in_the_diff(tmp_path):
    head = copy_base(tmp_path)
    path = head / "data/enforcement_stats.csv"
    path.write_text(path.read_text().replace("99001,2021,removals,12,synthetic-data-2021",
                                             "99001,2021,removals,12,synthetic-data-2021,oops"))
    change = diff_packages(str(BASE), str(head)).resource("enforcement_stats").changed[0]
    assert [(c.field, c.old, c.new) for c in change.changes] == [("(cells beyond the header)", "", "oops")]
