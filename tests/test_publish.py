"""Publishing: the GitHub Actions workflow that tests the book and deploys it to GitHub Pages.

The workflow is checked here, where it can fail before a push: actionlint (from its PyPI
wheel) finds syntax, expression and action-input mistakes, and the tests below check that the
site it publishes is built with the README's own commands, and deployed only from main.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW = WORKFLOWS / "book.yml"
# actionlint's own checks only: shellcheck and pyflakes, when installed, would make the
# result depend on the machine.
ACTIONLINT_ARGS = ["-no-color", "-shellcheck=", "-pyflakes="]


def actionlint(*paths: Path) -> subprocess.CompletedProcess:
    binary = Path(sys.executable).parent / "actionlint"
    if not binary.exists():
        pytest.fail(f"{binary} is missing: make test installs requirements-dev.txt")
    return subprocess.run([str(binary), *ACTIONLINT_ARGS, *map(str, paths)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def readme_commands() -> list[str]:
    """The commands of the README's table "The two commands" and its other targets."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"`(make [a-z]+)`", text)


def _runs(job: dict) -> list[str]:
    return [step["run"].strip() for step in job["steps"] if "run" in step]


def _uses(job: dict, action: str) -> list[dict]:
    return [s for s in job.get("steps", []) if s.get("uses", "").startswith(action + "@")]


def test_workflows_pass_actionlint():
    files = sorted(WORKFLOWS.glob("*.y*ml"))
    assert WORKFLOW in files
    result = actionlint(*files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_a_broken_workflow(tmp_path):
    """The check above can fail: a typo in an expression and a missing runner are caught."""
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    steps:\n"
                      "      - run: echo ${{ github.refname }}\n", encoding="utf-8")
    result = actionlint(broken)
    assert result.returncode == 1
    assert "runs-on" in result.stdout and "refname" in result.stdout


def test_the_published_site_is_built_with_the_readme_commands():
    """What readers get is what `make test` checked: the README's commands, in that order."""
    jobs = workflow()["jobs"]
    uploading = [job for job in jobs.values() if _uses(job, "actions/upload-pages-artifact")]
    assert len(uploading) == 1, "exactly one job uploads the site"
    job = uploading[0]
    runs = _runs(job)
    documented = readme_commands()
    assert runs[:2] == ["make test", "make book"], runs
    assert all(run in documented for run in runs), (runs, documented)
    upload = _uses(job, "actions/upload-pages-artifact")[0]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert upload["with"]["path"] == "_build/html" and "_build/html" in makefile
    # The upload comes after every build step, and only on a push to main.
    assert job["steps"].index(upload) == len(job["steps"]) - 1
    assert "refs/heads/main" in upload["if"] and "push" in upload["if"]


def test_only_main_is_deployed_with_the_pages_permissions():
    wf = workflow()
    triggers = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"] and "pull_request" in triggers
    assert wf["permissions"] == {"contents": "read"}, "least privilege by default"
    jobs = wf["jobs"]
    deploying = [name for name, job in jobs.items() if _uses(job, "actions/deploy-pages")]
    assert len(deploying) == 1
    deploy = jobs[deploying[0]]
    builder = next(n for n, j in jobs.items() if _uses(j, "actions/upload-pages-artifact"))
    assert deploy["needs"] in (builder, [builder])
    assert "refs/heads/main" in deploy["if"] and "push" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    # One deployment at a time, and a running one is never cancelled half way.
    assert deploy["concurrency"]["cancel-in-progress"] is False


def test_readme_explains_how_a_fork_publishes():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Publishing", 1)
    assert len(section) == 2, "README.md needs a Publishing section"
    body = section[1].split("\n## ", 1)[0]
    for needed in ("GitHub Actions", "Settings", "repository:", "url:", "book.yml", "make pdf"):
        assert needed in body, needed
