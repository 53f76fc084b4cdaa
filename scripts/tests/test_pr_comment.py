"""Offline tests of scripts/pr-comment.py and of the CI recipes in docs/ci/ that call it.

The result folders are real: a tiny experiment run by the built normlab (NORMLAB_BIN, else
.build/release/normlab, else .build/debug/normlab) on a base and a changed head. The APIs are
fakes (fake_forge.py) seeded with fixtures/github-comments.json and fixtures/gitlab-notes.json.
The workflow tests run the `run:` steps of docs/ci/github-workflow.yml and the `script:` of
docs/ci/gitlab-ci.yml themselves, with the expressions and variables the CI service would
give them, in a scratch git repository: what is tested is the file users copy.

    python3 -m unittest discover -s scripts/tests -v      (needs: pip install pyyaml)
"""

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

import fake_forge  # noqa: E402

import importlib.util  # noqa: E402

spec = importlib.util.spec_from_file_location("pr_comment", os.path.join(ROOT, "scripts", "pr-comment.py"))
pr_comment = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pr_comment)

GITHUB_WORKFLOW = os.path.join(ROOT, "docs", "ci", "github-workflow.yml")
GITLAB_PIPELINE = os.path.join(ROOT, "docs", "ci", "gitlab-ci.yml")
MARKER = "<!-- normlab-pr-comment -->"


def normlab_binary():
    for candidate in [os.environ.get("NORMLAB_BIN"), os.path.join(ROOT, ".build/release/normlab"), os.path.join(ROOT, ".build/debug/normlab")]:
        if candidate and os.access(candidate, os.X_OK):
            return os.path.abspath(candidate)
    raise unittest.SkipTest("build normlab first (swift build), or set NORMLAB_BIN")


def fixture(name):
    with open(os.path.join(HERE, "fixtures", name), encoding="utf-8") as f:
        return json.load(f)


EXPERIMENT = """name: tiny
title: Tiny comparison
seeds: [1, 2, 3, 4, 5]
data: {{ dataset: moons, samples: 160 }}
model: {{ layers: [6] }}
train: {{ epochs: 3, batch_size: 32, optimizer: {{ name: sgd, lr: {lr} }} }}
variants: {{ plain: {{}}, bn: {{ model.batch_norm: true }} }}
{expect}"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def run_normlab(args, cwd):
    env = dict(os.environ, NORMLAB_CACHE="off", SOURCE_DATE_EPOCH="1700000000")
    return subprocess.run([normlab_binary()] + args, cwd=cwd, env=env, capture_output=True, text=True)


def make_artifact(scratch):
    """scratch/artifact/{reports,compare}/tiny from a base (lr 0.1) and a head (lr 2.0) run,
    plus a new experiment `fresh` with a failing expect clause and no base."""
    write(os.path.join(scratch, "base/tiny.yaml"), EXPERIMENT.format(lr=0.1, expect=""))
    write(os.path.join(scratch, "head/tiny.yaml"), EXPERIMENT.format(lr=2.0, expect=""))
    write(os.path.join(scratch, "head/fresh.yaml"),
          EXPERIMENT.format(lr=0.5, expect="expect: [ \"bn.train_loss > 100 * plain.train_loss\" ]").replace("name: tiny", "name: fresh"))
    for args in (["run", "base/tiny.yaml", "--out", "base-reports"], ["run", "head/tiny.yaml", "--out", "artifact/reports"],
                 ["run", "head/fresh.yaml", "--out", "artifact/reports"],
                 ["compare", "base-reports/tiny", "artifact/reports/tiny", "--out", "artifact/compare/tiny"]):
        result = run_normlab(args + (["--no-progress"] if args[0] == "run" else []), scratch)
        if result.returncode not in (0, 1):
            raise AssertionError(f"normlab {' '.join(args)}: {result.stderr}")
    return os.path.join(scratch, "artifact")


class BodyTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.mkdtemp(prefix="pr-comment-")
        cls.artifact = make_artifact(cls.scratch)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.scratch, ignore_errors=True)

    def test_body_holds_the_comparison_charts_and_failed_clauses(self):
        text = pr_comment.body(self.artifact, artifact_url="https://ci.example/artifact", image_base="https://ci.example/raw/artifact",
                               head="0123456789abcdef0123", base="main")
        self.assertTrue(text.startswith(MARKER + "\n"))
        self.assertIn("2 experiments of `0123456789ab` against `main`", text)
        self.assertIn(", 1 failed expect clause.", text)
        self.assertIn("[download the artifact](https://ci.example/artifact)", text)
        with open(os.path.join(self.artifact, "compare/tiny/comparison.md"), encoding="utf-8") as f:
            comparison = f.read()
        # compare's table, as compare wrote it, under a demoted heading.
        table = [line for line in comparison.splitlines() if line.startswith("| plain | train_loss")]
        self.assertEqual(len(table), 1)
        self.assertIn(table[0], text)
        self.assertIn("### Metric changes: Tiny comparison", text)
        self.assertIn("`train.optimizer.lr` | 0.1 | 2 |", text)
        better = sum(1 for line in comparison.splitlines() if line.startswith("|") and "✅ yes, better" in line)
        worse = sum(1 for line in comparison.splitlines() if line.startswith("|") and "⚠️ yes, worse" in line)
        self.assertGreater(better + worse, 0, "lr 0.1 → 2.0 should move a metric beyond seed noise over 5 seeds")
        self.assertIn(f"{worse} metric{'s' if worse != 1 else ''} worse and {better} better beyond seed noise", text)
        status = f"⚠️ {worse} worse, {better} better" if worse else f"✅ {better} better"
        self.assertIn(f"<summary><b>tiny</b>: {status} beyond seed noise</summary>", text)
        # Overlay charts inline from the artifact, and the new experiment's own charts.
        self.assertIn("![compare_loss](https://ci.example/raw/artifact/compare/tiny/charts/compare_loss.png)", text)
        self.assertTrue(os.path.isfile(os.path.join(self.artifact, "compare/tiny/charts/compare_loss.png")))
        self.assertIn("New experiment: the base branch has no report to compare with.", text)
        self.assertIn("(https://ci.example/raw/artifact/reports/fresh/charts/", text)
        self.assertIn("- ❌ `bn.train_loss > 100 * plain.train_loss`", text)
        self.assertIn("<summary><b>fresh</b>: ❌ expect failed</summary>", text)
        for url in re.findall(r"!\[[^\]]*\]\(https://ci\.example/raw/artifact/([^)]+)\)", text):
            self.assertTrue(os.path.isfile(os.path.join(self.artifact, url)), f"{url} is not in the artifact")

    def test_without_an_image_host_charts_link_to_the_artifact(self):
        text = pr_comment.body(self.artifact, artifact_url="https://github.com/acme/nets/actions/runs/1/artifacts/2")
        self.assertNotIn("![", text)
        self.assertIn("[compare_loss](https://github.com/acme/nets/actions/runs/1/artifacts/2) (in the artifact: `compare/tiny/charts/compare_loss.png`)", text)

    def test_the_command_line_writes_the_body(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = pr_comment.main(["body", "--root", self.artifact, "--head", "abc"])
        self.assertEqual(status, 0)
        self.assertTrue(out.getvalue().startswith(MARKER))
        with contextlib.redirect_stderr(io.StringIO()):
            self.assertEqual(pr_comment.main(["body", "--root", os.path.join(self.scratch, "nowhere")]), 2)


class PostTests(unittest.TestCase):
    def post(self, forge, env, body="<!-- normlab-pr-comment -->\n## normlab results\n\nnew text\n", extra=()):
        scratch = tempfile.mkdtemp(prefix="pr-comment-")
        self.addCleanup(shutil.rmtree, scratch, True)
        path = os.path.join(scratch, "comment.md")
        write(path, body)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = pr_comment.main(["post", forge, "--body", path] + list(extra), env=env)
        return status, out.getvalue(), err.getvalue()

    def github_env(self, forge):
        return {"GITHUB_API_URL": forge.url, "GITHUB_REPOSITORY": "acme/nets", "GITHUB_TOKEN": fake_forge.TOKEN}

    def test_github_updates_the_marked_comment_found_on_a_later_page(self):
        with fake_forge.FakeForge("github", fixture("github-comments.json")) as forge:
            status, out, _ = self.post("github", self.github_env(forge), extra=["--pr", "7"])
            self.assertEqual(status, 0)
            self.assertEqual(out.strip(), "updated comment 1004")
            self.assertEqual(forge.writes(), [("PATCH", "/repos/acme/nets/issues/comments/1004")])
            self.assertEqual([m for m, _, _ in forge.requests].count("GET"), 2, "the marker is on page 2 of 3; the search stops there")
            self.assertEqual(len(forge.marked()), 1)
            self.assertIn("new text", forge.marked()[0]["body"])
            # The same body again writes nothing.
            status, out, _ = self.post("github", self.github_env(forge), extra=["--pr", "7"])
            self.assertEqual(out.strip(), "unchanged comment 1004")
            self.assertEqual(len(forge.writes()), 1)

    def test_github_creates_the_comment_when_there_is_none(self):
        comments = [c for c in fixture("github-comments.json") if MARKER not in c["body"]]
        with fake_forge.FakeForge("github", comments) as forge:
            status, out, _ = self.post("github", self.github_env(forge), body="## normlab results\n", extra=["--pr", "7"])
            self.assertEqual((status, out.strip()), (0, "created comment 9001"))
            self.assertEqual(forge.writes(), [("POST", "/repos/acme/nets/issues/7/comments")])
            self.assertTrue(forge.marked()[0]["body"].startswith(MARKER), "a body without the marker gets it")
            self.assertEqual(out.strip(), "created comment 9001")
            status, out, _ = self.post("github", self.github_env(forge), extra=["--pr", "7"])
            self.assertEqual(out.strip(), "updated comment 9001")
            self.assertEqual(len(forge.marked()), 1)

    def test_gitlab_skips_system_notes_and_updates_the_marked_note(self):
        with fake_forge.FakeForge("gitlab", fixture("gitlab-notes.json"), number=3) as forge:
            env = {"CI_API_V4_URL": forge.url, "CI_PROJECT_ID": "17", "CI_MERGE_REQUEST_IID": "3", "NORMLAB_GITLAB_TOKEN": fake_forge.TOKEN}
            status, out, _ = self.post("gitlab", env)
            self.assertEqual((status, out.strip()), (0, "updated comment 504"))
            self.assertEqual(forge.writes(), [("PUT", "/api/v4/projects/17/merge_requests/3/notes/504")])
        notes = [n for n in fixture("gitlab-notes.json") if MARKER not in n["body"]]
        with fake_forge.FakeForge("gitlab", notes, number=3) as forge:
            env = {"CI_API_V4_URL": forge.url, "CI_PROJECT_ID": "17", "CI_MERGE_REQUEST_IID": "3", "NORMLAB_GITLAB_TOKEN": fake_forge.TOKEN}
            status, out, _ = self.post("gitlab", env)
            self.assertEqual(forge.writes(), [("POST", "/api/v4/projects/17/merge_requests/3/notes")])

    def test_refusals_and_missing_settings_are_reported(self):
        with fake_forge.FakeForge("github", fixture("github-comments.json")) as forge:
            env = dict(self.github_env(forge), GITHUB_TOKEN="wrong")
            status, _, err = self.post("github", env, extra=["--pr", "7"])
            self.assertEqual(status, 1)
            self.assertIn("HTTP 401", err)
            self.assertIn("Bad credentials", err)
            self.assertEqual(forge.writes(), [])
        status, _, err = self.post("github", {"GITHUB_REPOSITORY": "acme/nets"}, extra=["--pr", "7"])
        self.assertEqual(status, 2)
        self.assertIn("GITHUB_TOKEN is not set", err)
        status, _, err = self.post("gitlab", {"NORMLAB_GITLAB_TOKEN": "x", "CI_API_V4_URL": "http://127.0.0.1:9"})
        self.assertEqual(status, 2)
        self.assertIn("CI_PROJECT_ID", err)


class Project:
    """A scratch git repository laid out as a user's project, with normlab's scripts and the
    built binary where the recipes expect them (NORMLAB_SRC=.)."""

    def __init__(self, root):
        self.root = root
        self.home = os.path.join(root, "home")
        self.work = os.path.join(root, "work")
        os.makedirs(self.home)
        os.makedirs(os.path.join(self.work, ".build/release"))
        os.symlink(os.path.join(ROOT, "scripts"), os.path.join(self.work, "scripts"))
        os.symlink(normlab_binary(), os.path.join(self.work, ".build/release/normlab"))
        write(os.path.join(self.work, ".gitignore"), "scripts\n.build/\n.normlab-cache/\nartifact/\nbase-reports/\ncomment.md\n")
        self.git("init", "-q", "-b", "main")

    def env(self):
        return dict(os.environ, HOME=self.home, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
                    GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com", GIT_CONFIG_NOSYSTEM="1")

    def git(self, *args):
        return subprocess.run(["git"] + list(args), cwd=self.work, env=self.env(), check=True, capture_output=True, text=True).stdout.strip()

    def commit(self, files, message):
        for path, text in files.items():
            write(os.path.join(self.work, path), text)
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD")

    def fresh_job(self):
        """A new CI job: the workspace as checked out, the run cache as restored."""
        for name in ("artifact", "base-reports", "comment.md"):
            path = os.path.join(self.work, name)
            shutil.rmtree(path, ignore_errors=True) if os.path.isdir(path) else (os.path.exists(path) and os.remove(path))
        temp = tempfile.mkdtemp(dir=self.root, prefix="runner-temp-")
        return temp


def substitute(text, expressions):
    def replace(match):
        expression = match.group(1).strip()
        if expression not in expressions:
            raise AssertionError(f"the workflow uses ${{{{ {expression} }}}}; give the test its value")
        return str(expressions[expression])
    return re.sub(r"\$\{\{(.*?)\}\}", replace, text)


def run_github_job(project, expressions, environment):
    """Runs the `run:` steps of the workflow's job as GitHub would (bash -e), skipping the
    installation and the build (done by the test) and the `uses:` actions (checkout: the
    project; caches: the workspace persists; upload: its URL is an expression)."""
    with open(GITHUB_WORKFLOW, encoding="utf-8") as f:
        workflow = yaml.safe_load(f)
    (job,) = workflow["jobs"].values()
    env = dict(project.env(), **{k: str(v) for k, v in workflow["env"].items()}, **environment)
    conditions = {"github.event_name == 'pull_request'": expressions["github.event_name"] == "pull_request", "always()": True}
    outcome = {}
    for step in job["steps"]:
        if "run" not in step or step["name"] in ("Install system packages", "Build normlab"):
            continue
        if "if" in step and not conditions[step["if"]]:
            continue
        step_env = dict(env, **{k: substitute(str(v), expressions) for k, v in step.get("env", {}).items()})
        result = subprocess.run(["bash", "-e", "-c", substitute(step["run"], expressions)], cwd=project.work, env=step_env,
                                capture_output=True, text=True)
        outcome[step["name"]] = result
        tolerated = substitute(str(step.get("continue-on-error", "false")), expressions) == "true"
        if result.returncode != 0 and not tolerated:
            break
    return outcome


class WorkflowTests(unittest.TestCase):
    def setUp(self):
        self.scratch = tempfile.mkdtemp(prefix="normlab-ci-")
        self.addCleanup(shutil.rmtree, self.scratch, True)
        self.project = Project(self.scratch)
        self.base = self.project.commit({"experiments/quickstart.yaml": EXPERIMENT.format(lr=0.1, expect="")}, "base")

    def test_the_github_workflow_keeps_one_comment_up_to_date(self):
        comments = [c for c in fixture("github-comments.json") if MARKER not in c["body"]]
        with fake_forge.FakeForge("github", comments) as forge:
            def job(head):
                temp = self.project.fresh_job()
                expressions = {
                    "github.event_name": "pull_request", "github.token": fake_forge.TOKEN,
                    "github.event.pull_request.base.sha": self.base, "github.event.pull_request.base.ref": "main",
                    "github.event.pull_request.head.sha": head, "github.event.pull_request.number": 7,
                    "github.event.pull_request.head.repo.fork": "false",
                    "steps.upload.outputs.artifact-url": "https://github.com/acme/nets/actions/runs/11/artifacts/22",
                }
                return run_github_job(self.project, expressions, {
                    "GITHUB_API_URL": forge.url, "GITHUB_REPOSITORY": "acme/nets", "RUNNER_TEMP": temp, "GITHUB_ACTIONS": "true"})

            head = self.project.commit({"experiments/quickstart.yaml": EXPERIMENT.format(lr=2.0, expect="")}, "faster")
            first = job(head)
            for name, result in first.items():
                self.assertEqual(result.returncode, 0, f"{name}: {result.stdout}{result.stderr}")
            self.assertIn("created comment 9001", first["Comment on the pull request"].stdout)
            self.assertIn("tiny: reused 0 of 10 runs from the run cache .normlab-cache", first["Compare with the base branch"].stdout)
            self.assertTrue(os.path.isfile(os.path.join(self.project.work, "artifact/compare/tiny/charts/compare_loss.png")))
            body = forge.marked()[0]["body"]
            self.assertIn("`train.optimizer.lr` | 0.1 | 2 |", body)
            self.assertIn("[compare_loss](https://github.com/acme/nets/actions/runs/11/artifacts/22)", body)
            self.assertIn(f"of `{head[:12]}` against `main`", body)

            # A second push: the same comment is updated; the base's runs come from the cache.
            later = self.project.commit({"experiments/quickstart.yaml": EXPERIMENT.format(
                lr=2.0, expect="expect: [ \"bn.train_loss > 100 * plain.train_loss\" ]")}, "claim")
            second = job(later)
            self.assertIn("tiny: reused 10 of 10 runs", second["Compare with the base branch"].stdout)
            self.assertIn("tiny: reused 10 of 10 runs", second["Run the experiments"].stdout, "only the expect clause changed")
            self.assertIn("updated comment 9001", second["Comment on the pull request"].stdout)
            self.assertEqual(second["Fail when an expect clause failed"].returncode, 1, "the job fails after commenting")
            self.assertEqual(len(forge.marked()), 1)
            self.assertEqual([m for m, _ in forge.writes()], ["POST", "PATCH"])
            self.assertIn("- ❌ `bn.train_loss > 100 * plain.train_loss`", forge.marked()[0]["body"])

            # Rerunning the job changes nothing: no API write.
            third = job(later)
            self.assertIn("unchanged comment 9001", third["Comment on the pull request"].stdout)
            self.assertEqual(len(forge.writes()), 2)

    def test_the_github_workflow_on_a_push_runs_without_comparing(self):
        temp = self.project.fresh_job()
        expressions = {"github.event_name": "push"}
        outcome = run_github_job(self.project, expressions, {"RUNNER_TEMP": temp})
        self.assertEqual(set(outcome), {"Run the experiments", "Prune the run cache", "Fail when an expect clause failed"})
        for name, result in outcome.items():
            self.assertEqual(result.returncode, 0, f"{name}: {result.stderr}")
        self.assertIn("removed 0 entries", outcome["Prune the run cache"].stdout)

    def test_the_gitlab_job_keeps_one_note_up_to_date(self):
        with open(GITLAB_PIPELINE, encoding="utf-8") as f:
            pipeline = yaml.safe_load(f)
        job = pipeline["normlab"]
        script = "\n".join(job["script"])
        notes = [n for n in fixture("gitlab-notes.json")]
        with fake_forge.FakeForge("gitlab", notes, number=3) as forge:
            def run(head):
                self.project.fresh_job()
                env = dict(self.project.env(), **{k: str(v) for k, v in pipeline["variables"].items()})
                env.update({
                    "CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_DIFF_BASE_SHA": self.base,
                    "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "CI_COMMIT_SHA": head,
                    "CI_JOB_URL": "https://gitlab.example.com/acme/nets/-/jobs/42", "CI_API_V4_URL": forge.url,
                    "CI_PROJECT_ID": "17", "CI_MERGE_REQUEST_IID": "3", "NORMLAB_GITLAB_TOKEN": fake_forge.TOKEN})
                return subprocess.run(["bash", "-e", "-c", script], cwd=self.project.work, env=env, capture_output=True, text=True)

            head = self.project.commit({"experiments/quickstart.yaml": EXPERIMENT.format(lr=2.0, expect="")}, "faster")
            result = run(head)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            self.assertIn("updated comment 504", result.stdout)
            self.assertEqual(forge.writes(), [("PUT", "/api/v4/projects/17/merge_requests/3/notes/504")])
            body = forge.marked()[0]["body"]
            self.assertIn("![compare_loss](https://gitlab.example.com/acme/nets/-/jobs/42/artifacts/raw/artifact/compare/tiny/charts/compare_loss.png)", body)
            self.assertIn("`train.optimizer.lr` | 0.1 | 2 |", body)
            again = run(head)
            self.assertIn("unchanged comment 504", again.stdout)
            self.assertIn("tiny: reused 10 of 10 runs", again.stdout)
            self.assertEqual(len(forge.writes()), 1)


if __name__ == "__main__":
    unittest.main()
