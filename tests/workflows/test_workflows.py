"""The GitHub workflows: they parse, pass zizmor and actionlint with zero findings, pin every action to a
commit, grant least privilege, and do what issue 6 promises a contributor."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from atlas.paths import REPO_ROOT

WORKFLOWS = REPO_ROOT / ".github" / "workflows"
WORKFLOW_FILES = sorted(WORKFLOWS.glob("*.yml"))
BIN = Path(sys.executable).parent
SHA_PIN = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<action>[\w.-]+/[\w./-]+)@(?P<ref>\S+)(?:\s+#\s*(?P<comment>.*))?$")


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def step_named(path: Path, name: str) -> dict:
    for _, step in steps(load(path)):
        if step.get("name") == name:
            return step
    raise AssertionError(f"{path.name} has no step named {name!r}")


def tool(name: str) -> str:
    found = BIN / name if (BIN / name).exists() else shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed: run `make test` (it installs the test extra of pyproject.toml)")
    return str(found)


def test_the_three_workflows_exist_and_parse():
    assert [p.name for p in WORKFLOW_FILES] == ["ci.yml", "pages.yml", "refresh-287g.yml"]
    for path in WORKFLOW_FILES:
        data = load(path)
        assert data["name"] and data["jobs"], path.name


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version(path):
    uses = [line for line in path.read_text().splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
    assert uses, f"{path.name} uses no action"
    for line in uses:
        m = SHA_PIN.match(line)
        assert m, f"{path.name}: cannot read {line.strip()!r}"
        if m["action"].startswith("./"):
            continue
        assert re.fullmatch(r"[0-9a-f]{40}", m["ref"]), f"{path.name}: {m['action']} is not pinned to a commit SHA"
        assert m["comment"] and re.match(r"v\d+(\.\d+)*$", m["comment"].strip()), \
            f"{path.name}: {m['action']}@{m['ref']} needs its version in a comment (# v1.2.3)"


def test_a_pinned_action_has_the_same_sha_everywhere():
    pins: dict[str, set[str]] = {}
    for path in WORKFLOW_FILES:
        for line in path.read_text().splitlines():
            m = SHA_PIN.match(line)
            if m:
                pins.setdefault(m["action"], set()).add(f"{m['ref']} {m['comment']}")
    assert {a: len(v) for a, v in pins.items() if len(v) > 1} == {}


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_least_privilege_and_no_untrusted_code_or_input(path):
    data = load(path)
    assert "pull_request_target" not in data["on"] and "workflow_run" not in data["on"]
    assert data.get("permissions") in ({}, {"contents": "read"}), "the default token must be read-only"
    allowed_writes = {
        ("pages.yml", "deploy"): {"pages", "id-token"},
        ("refresh-287g.yml", "refresh"): {"contents", "pull-requests"},
    }
    for job_id, job in data["jobs"].items():
        assert "permissions" in job, f"{path.name}:{job_id} must state its permissions"
        writes = {k for k, v in job["permissions"].items() if v == "write"}
        assert writes == allowed_writes.get((path.name, job_id), set()), f"{path.name}:{job_id} writes {writes}"
    for job_id, step in steps(data):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False, f"{path.name}:{job_id} keeps the token on disk"
        # No expression is expanded inside a script: values reach scripts through env only.
        assert "${{" not in step.get("run", ""), f"{path.name}:{job_id}:{step.get('name')} interpolates into run:"


def test_zizmor_offline_reports_no_finding():
    # .github/ holds the workflows and dependabot.yml (which keeps the pinned SHAs current).
    result = subprocess.run([tool("zizmor"), "--offline", "--persona=pedantic", "--format=json",
                             str(REPO_ROOT / ".github")],
                            capture_output=True, text=True, timeout=120)
    assert json.loads(result.stdout) == [], result.stdout
    assert result.returncode == 0, result.stderr


def test_actionlint_reports_no_finding():
    files = [str(p) for p in WORKFLOW_FILES]
    result = subprocess.run([tool("actionlint"), "-no-color", *files], capture_output=True, text=True, timeout=120,
                            cwd=REPO_ROOT)
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr


def test_the_linters_do_fail_on_a_bad_workflow(tmp_path):
    """Guard against a linter that silently checks nothing: an unpinned action with an injectable title fails both."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: pull_request_target\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: echo \"${{ github.event.pull_request.title }}\"\n")
    lint = subprocess.run([tool("actionlint"), "-no-color", str(bad)], capture_output=True, text=True, timeout=120)
    assert lint.returncode == 1 and "github.event.pull_request.title" in lint.stdout
    audit = subprocess.run([tool("zizmor"), "--offline", "--format=json", str(bad)], capture_output=True, text=True,
                           timeout=120)
    idents = {f["ident"] for f in json.loads(audit.stdout)}
    assert {"dangerous-triggers", "template-injection", "unpinned-uses"} <= idents


def test_ci_gives_annotations_a_summary_with_the_diff_and_a_preview():
    ci = load(WORKFLOWS / "ci.yml")
    assert {"pull_request", "push"} <= set(ci["on"])
    runs = "\n".join(step.get("run", "") for _, step in steps(ci))
    for command in (".venv/bin/atlas validate --format github", ".venv/bin/atlas diff", "GITHUB_STEP_SUMMARY",
                    "make test", "make site", "-c requirements.lock"):
        assert command in runs, command
    python = next(s for _, s in steps(ci) if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["cache"] == "pip"
    upload = next(s for _, s in steps(ci) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/"


def test_pages_deploys_main_with_the_pages_actions():
    pages = load(WORKFLOWS / "pages.yml")
    assert pages["on"]["push"]["branches"] == ["main"] and "workflow_dispatch" in pages["on"]
    uses = [s.get("uses", "").split("@")[0] for _, s in steps(pages)]
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses
    assert pages["jobs"]["deploy"]["environment"]["name"] == "github-pages"


# ---- the refresh workflow's pull-request step, run for real against a local "origin" -------------

def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A clone of a tiny repository (SYNTHETIC package from tests/diff) with a bare local origin."""
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    seed = tmp_path / "seed"
    shutil.copytree(REPO_ROOT / "tests" / "diff" / "fixtures" / "base", seed / "datapackage")
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(seed, "init", "-q", "-b", "main")
    git(seed, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git(seed, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "seed")
    git(seed, "push", "-q", str(origin), "main")
    git(tmp_path, "clone", "-q", str(origin), str(work))
    (work / ".venv").symlink_to(Path(sys.prefix))
    (work / ".git" / "info" / "exclude").write_text(".venv\n")
    return work


def run_pr_step(work: Path, tmp_path: Path) -> tuple[subprocess.CompletedProcess, list[str]]:
    step = step_named(WORKFLOWS / "refresh-287g.yml", "Open or update the pull request when the data changed")
    runner_temp, fake_bin = tmp_path / "runner", tmp_path / "bin"
    runner_temp.mkdir(exist_ok=True)
    fake_bin.mkdir(exist_ok=True)
    (runner_temp / "import-report.txt").write_text("SYNTHETIC import report\n")
    (runner_temp / "validation.txt").write_text("SYNTHETIC validation report\n")
    gh_log = tmp_path / "gh.log"
    gh = fake_bin / "gh"  # records its arguments instead of calling GitHub
    gh.write_text(f'#!/bin/sh\necho "$*" >> "{gh_log}"\n')
    gh.chmod(0o755)
    env = {"PATH": f"{fake_bin}:/usr/bin:/bin", "HOME": str(tmp_path), "RUNNER_TEMP": str(runner_temp),
           "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"), "BRANCH": "refresh/ice-287g",
           "BASE_BRANCH": "main", "GH_TOKEN": "not-a-token",
           "GIT_AUTHOR_DATE": "2026-01-05T06:17:00Z", "GIT_COMMITTER_DATE": "2026-01-05T06:17:00Z"}
    result = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", step["run"]], cwd=work, env=env,
                            capture_output=True, text=True, timeout=120)
    return result, gh_log.read_text().splitlines() if gh_log.exists() else []


def test_refresh_opens_no_pull_request_when_nothing_changed(clone, tmp_path):
    result, gh_calls = run_pr_step(clone, tmp_path)
    assert result.returncode == 0, result.stderr
    assert gh_calls == []
    assert "no pull request" in (tmp_path / "summary.md").read_text()
    assert git(clone, "ls-remote", "origin").count("refs/heads/") == 1


def test_refresh_pushes_a_branch_and_opens_a_pull_request_with_report_and_diff(clone, tmp_path):
    csv_path = clone / "datapackage" / "data" / "detainer_policies.csv"
    csv_path.write_text(csv_path.read_text().replace("honors_detainers", "declines_detainers"))
    result, gh_calls = run_pr_step(clone, tmp_path)
    assert result.returncode == 0, result.stderr
    assert gh_calls[0] == "auth setup-git"
    assert gh_calls[-1].startswith("pr create --base main --head refresh/ice-287g --title Refresh ICE 287(g) lists")
    assert "refs/heads/refresh/ice-287g" in git(clone, "ls-remote", "origin")
    body = (tmp_path / "runner" / "body.md").read_text()
    assert "SYNTHETIC import report" in body and "SYNTHETIC validation report" in body
    assert "- `99001-2020-01-01`: policy `honors_detainers` → `declines_detainers`" in body

    # The next week, with the same change already on the open branch: nothing is pushed, no new pull request.
    git(clone, "switch", "-q", "main")
    csv_path.write_text(csv_path.read_text().replace("honors_detainers", "declines_detainers"))
    again, calls_again = run_pr_step(clone, tmp_path)
    assert again.returncode == 0, again.stderr
    assert "already has these changes" in again.stdout
    assert calls_again == gh_calls + ["auth setup-git"]


# ---- the CI summary step, run against a pull request that adds one detainer-policy row -----------

def test_ci_summary_shows_validation_and_the_data_diff_of_a_pull_request(clone, tmp_path):
    base_sha = git(clone, "rev-parse", "HEAD").strip()
    csv_path = clone / "datapackage" / "data" / "detainer_policies.csv"
    with csv_path.open("a", encoding="utf-8") as fh:
        fh.write("99005-2026-01-15,99005,declines_detainers,2026-01-15,SYNTHETIC: new row.,synthetic-news-2020,,"
                 "2026-11-28,synthetic test row\n")
    # The step calls .venv/bin/atlas: validation is stubbed (it has its own tests); diff is the real command.
    (clone / ".venv").unlink()
    (clone / ".venv" / "bin").mkdir(parents=True)
    wrapper = clone / ".venv" / "bin" / "atlas"
    wrapper.write_text(f'#!/bin/sh\nif [ "$1" = validate ]; then echo "SYNTHETIC validation report"; exit 0; fi\n'
                       f'exec "{BIN / "atlas"}" "$@"\n')
    wrapper.chmod(0o755)
    step = step_named(WORKFLOWS / "ci.yml", "Write the job summary (validation report and data diff)")
    summary = tmp_path / "summary.md"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "GITHUB_STEP_SUMMARY": str(summary),
           "PR_BASE_SHA": base_sha, "PUSH_BEFORE_SHA": ""}
    result = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", step["run"]], cwd=clone, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    text = summary.read_text()
    assert "## Validation\n\n```text\nSYNTHETIC validation report\n```" in text
    assert "| detainer_policies | 3 | 4 | 1 | 0 | 0 | 0 | 0 |" in text
    assert "- `99005-2026-01-15`: county_fips `99005`; policy `declines_detainers`" in text
    assert "site-preview" in text

    # A push that creates a branch has no earlier revision (all zeros): the summary says so instead of failing.
    summary.unlink()
    env.update(PR_BASE_SHA="", PUSH_BEFORE_SHA="0" * 40)
    result = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", step["run"]], cwd=clone, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "No earlier revision to compare with" in summary.read_text()
