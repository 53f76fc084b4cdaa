#!/usr/bin/env python3
"""One pull-request comment with normlab's results, kept up to date.

    pr-comment.py body --root ARTIFACT [--artifact-url URL] [--image-base URL]
                       [--head SHA] [--base REF] > comment.md
    pr-comment.py post github --body comment.md --pr NUMBER [--repo OWNER/NAME]
    pr-comment.py post gitlab --body comment.md [--project ID] [--mr IID]

`body` writes the comment's Markdown from an artifact folder laid out as the CI recipes in
docs/ci/ lay it out:

    ARTIFACT/reports/NAME/     `normlab run` reports of the change (metrics.json, charts/)
    ARTIFACT/compare/NAME/     `normlab compare BASE HEAD --out` (comparison.md, charts/)

one section per experiment: the metric table of `compare` (its changes beyond seed noise
counted as better or worse), the expect: clauses that failed, and the overlay charts; an
experiment the base lacks shows its own charts. With --image-base the charts are inline
images at IMAGE_BASE/<path in the artifact> (GitLab serves artifact files at
$CI_JOB_URL/artifacts/raw/...); without it they are links to --artifact-url (GitHub serves an
artifact only as a zip). The body starts with a hidden marker.

`post` finds the comment holding the marker among the pull request's (merge request's)
comments, following every page, and updates it, or creates it when there is none; it
writes nothing when the comment already says the same. So each push updates one comment.

    GitHub: GITHUB_API_URL (default https://api.github.com), GITHUB_REPOSITORY, GITHUB_TOKEN
    GitLab: CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID, NORMLAB_GITLAB_TOKEN
            (a project access token with the `api` scope; CI_JOB_TOKEN cannot write notes)

Exits 0 on success, 1 when the API refuses or cannot be reached, 2 on bad arguments.
"""

import argparse
import glob
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

MARKER = "<!-- normlab-pr-comment -->"
# GitHub refuses comments longer than 65536 characters; GitLab notes allow 1,000,000.
MAX_BODY = 65000


class Failure(Exception):
    def __init__(self, message, code=1):
        super().__init__(message)
        self.code = code


# MARK: the body

def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def failed_clauses(report):
    path = os.path.join(report, "metrics.json")
    if not os.path.isfile(path):
        return []
    with open(path, encoding="utf-8") as f:
        metrics = json.load(f)
    return [e for e in metrics.get("expectations", []) if not e.get("passed", True)]


def chart_markdown(relative, alt, image_base, artifact_url):
    if image_base:
        url = image_base.rstrip("/") + "/" + urllib.parse.quote(relative)
        return f"![{alt}]({url})"
    if artifact_url:
        return f"[{alt}]({artifact_url}) (in the artifact: `{relative}`)"
    return f"`{relative}`"


def section(root, name, image_base, artifact_url):
    """One experiment's part of the comment, and its count of changes beyond seed noise."""
    report = os.path.join(root, "reports", name)
    compare = os.path.join(root, "compare", name)
    lines = []
    better = worse = 0
    comparison = os.path.join(compare, "comparison.md")
    if os.path.isfile(comparison):
        text = read(comparison)
        # compare's last column: "✅ yes, better (...)" or "⚠️ yes, worse (...)".
        rows = [line for line in text.splitlines() if line.startswith("|")]
        better = sum(1 for line in rows if "✅ yes" in line)
        worse = sum(1 for line in rows if "⚠️ yes" in line)

        def image(match):
            relative = os.path.relpath(os.path.join(compare, match.group(2)), root).replace(os.sep, "/")
            return chart_markdown(relative, match.group(1), image_base, artifact_url)

        # Demote compare's headings below the experiment's, and point its charts at the artifact.
        text = re.sub(r"^(#+) ", lambda m: "#" * min(len(m.group(1)) + 1, 6) + " ", text, flags=re.M)
        text = re.sub(r"!\[([^\]]*)\]\((charts/[^)]+)\)", image, text)
        lines.append(text.strip())
    else:
        lines.append("New experiment: the base branch has no report to compare with.")
        charts = sorted(glob.glob(os.path.join(report, "charts", "*.png")))
        for chart in charts[:4]:
            relative = os.path.relpath(chart, root).replace(os.sep, "/")
            lines.append(chart_markdown(relative, os.path.basename(chart)[:-4], image_base, artifact_url))
    failed = failed_clauses(report)
    if failed:
        lines.append("**expect: clauses that failed**\n\n" + "\n".join(
            f"- ❌ `{e['clause']}`" + (f" ({e['message']})" if e.get("message") else "") for e in failed))
    if failed:
        status = "❌ expect failed"
    elif worse:
        status = f"⚠️ {worse} worse, {better} better beyond seed noise"
    elif better:
        status = f"✅ {better} better beyond seed noise"
    else:
        status = "no change beyond seed noise"
    opened = " open" if failed or worse or better else ""
    return (f"<details{opened}>\n<summary><b>{name}</b>: {status}</summary>\n\n" + "\n\n".join(lines) + "\n\n</details>",
            (better, worse), len(failed))


def body(root, artifact_url=None, image_base=None, head=None, base=None):
    names = sorted(
        {os.path.basename(os.path.dirname(p)) for p in glob.glob(os.path.join(root, "reports", "*", "metrics.json"))}
        | {os.path.basename(os.path.dirname(p)) for p in glob.glob(os.path.join(root, "compare", "*", "comparison.md"))})
    sections, better, worse, failed = [], 0, 0, 0
    for name in names:
        text, (b, w), e = section(root, name, image_base, artifact_url)
        sections.append(text)
        better += b
        worse += w
        failed += e
    head_text = f" of `{head[:12]}`" if head else ""
    base_text = f" against `{base}`" if base else ""
    summary = (f"{len(names)} experiment{'s' if len(names) != 1 else ''}{head_text}{base_text}: "
               f"{worse} metric{'s' if worse != 1 else ''} worse and {better} better beyond seed noise, "
               f"{failed} failed expect clause{'s' if failed != 1 else ''}.")
    parts = [MARKER, "## normlab results", summary]
    if artifact_url:
        parts.append(f"Reports, charts and metrics: [download the artifact]({artifact_url}).")
    if not names:
        parts.append("No report was written.")
    out = "\n\n".join(parts) + "\n"
    for text in sections:
        if len(out) + len(text) + 200 > MAX_BODY:
            out += "\n*More experiments are left out: the comment would be too long; see the artifact.*\n"
            break
        out += "\n" + text + "\n"
    return out


# MARK: the API

class API:
    """A small JSON client; `opener` is replaceable for tests."""

    def __init__(self, base, headers, opener=urllib.request.urlopen):
        self.base = base.rstrip("/")
        self.headers = headers
        self.opener = opener

    def request(self, method, path_or_url, payload=None):
        url = path_or_url if path_or_url.startswith("http") else self.base + path_or_url
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(url, data=data, method=method, headers=dict(self.headers))
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with self.opener(request, timeout=30) as response:
                text = response.read().decode("utf-8")
                return (json.loads(text) if text else None), response.headers
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace")[:300]
            raise Failure(f"{method} {url}: HTTP {error.code} {error.reason}: {detail}")
        except urllib.error.URLError as error:
            raise Failure(f"{method} {url}: {error.reason}")


def next_link(headers):
    """GitHub's (and GitLab's) `Link: <url>; rel="next"`."""
    for part in (headers.get("Link") or "").split(","):
        match = re.match(r'\s*<([^>]+)>;\s*rel="next"', part)
        if match:
            return match.group(1)
    return None


class GitHub:
    def __init__(self, api, repo, number):
        self.api, self.repo, self.number = api, repo, number

    def comments(self):
        url = f"/repos/{self.repo}/issues/{self.number}/comments?per_page=100"
        while url:
            page, headers = self.api.request("GET", url)
            yield from page
            url = next_link(headers)

    def update(self, comment, text):
        return self.api.request("PATCH", f"/repos/{self.repo}/issues/comments/{comment['id']}", {"body": text})[0]

    def create(self, text):
        return self.api.request("POST", f"/repos/{self.repo}/issues/{self.number}/comments", {"body": text})[0]


class GitLab:
    def __init__(self, api, project, iid):
        self.api, self.iid = api, iid
        self.project = urllib.parse.quote(str(project), safe="")

    def comments(self):
        page = "1"
        while page:
            notes, headers = self.api.request(
                "GET", f"/projects/{self.project}/merge_requests/{self.iid}/notes?per_page=100&sort=asc&order_by=created_at&page={page}")
            # System notes ("added 1 commit") are GitLab's, never ours.
            yield from (n for n in notes if not n.get("system"))
            page = headers.get("X-Next-Page") or None

    def update(self, comment, text):
        return self.api.request("PUT", f"/projects/{self.project}/merge_requests/{self.iid}/notes/{comment['id']}", {"body": text})[0]

    def create(self, text):
        return self.api.request("POST", f"/projects/{self.project}/merge_requests/{self.iid}/notes", {"body": text})[0]


def publish(forge, text):
    """Updates the first comment with the marker, or creates one. Returns (action, id)."""
    if MARKER not in text:
        text = MARKER + "\n" + text
    mine = next((c for c in forge.comments() if MARKER in (c.get("body") or "")), None)
    if mine is None:
        created = forge.create(text)
        return "created", created.get("id")
    if mine.get("body") == text:
        return "unchanged", mine.get("id")
    forge.update(mine, text)
    return "updated", mine.get("id")


def forge_from(args, env):
    def need(value, what):
        if not value:
            raise Failure(f"{what} is not set", code=2)
        return value

    if args.forge == "github":
        token = need(env.get("GITHUB_TOKEN"), "GITHUB_TOKEN")
        api = API(env.get("GITHUB_API_URL") or "https://api.github.com", {
            "Authorization": f"Bearer {token}", "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "normlab-pr-comment"})
        return GitHub(api, need(args.repo or env.get("GITHUB_REPOSITORY"), "--repo or GITHUB_REPOSITORY"), need(args.pr, "--pr"))
    token = need(env.get("NORMLAB_GITLAB_TOKEN"), "NORMLAB_GITLAB_TOKEN")
    api = API(need(env.get("CI_API_V4_URL"), "CI_API_V4_URL"), {"PRIVATE-TOKEN": token, "User-Agent": "normlab-pr-comment"})
    return GitLab(api, need(args.project or env.get("CI_PROJECT_ID"), "--project or CI_PROJECT_ID"),
                  need(args.mr or env.get("CI_MERGE_REQUEST_IID"), "--mr or CI_MERGE_REQUEST_IID"))


def main(argv=None, env=None):
    env = os.environ if env is None else env
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    b = commands.add_parser("body", help="write the comment's Markdown to stdout")
    b.add_argument("--root", required=True, help="the artifact folder (reports/, compare/)")
    b.add_argument("--artifact-url")
    b.add_argument("--image-base")
    b.add_argument("--head")
    b.add_argument("--base")
    p = commands.add_parser("post", help="create or update the pull request's comment")
    p.add_argument("forge", choices=["github", "gitlab"])
    p.add_argument("--body", required=True, help="the Markdown file written by `body`")
    p.add_argument("--repo")
    p.add_argument("--pr")
    p.add_argument("--project")
    p.add_argument("--mr")
    args = parser.parse_args(argv)
    try:
        if args.command == "body":
            if not os.path.isdir(args.root):
                raise Failure(f"{args.root}: no such folder", code=2)
            sys.stdout.write(body(args.root, args.artifact_url, args.image_base, args.head, args.base))
            return 0
        text = read(args.body)
        action, identifier = publish(forge_from(args, env), text)
        print(f"{action} comment {identifier}")
        return 0
    except Failure as failure:
        print(f"pr-comment: error: {failure}", file=sys.stderr)
        return failure.code
    except OSError as error:
        print(f"pr-comment: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
