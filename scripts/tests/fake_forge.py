"""A stateful fake of the GitHub and GitLab comment APIs on 127.0.0.1, for offline tests.

It serves a pull request's (merge request's) comments in pages of `page_size` (GitHub's
`Link: rel="next"`, GitLab's `X-Next-Page`), creates and updates them, checks the token, and
records every request.
"""

import json
import re
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "t0ken"


class FakeForge:
    def __init__(self, kind, comments, page_size=2, repo="acme/nets", number=7, project="17"):
        self.kind = kind
        self.comments = [dict(c) for c in comments]
        self.page_size = page_size
        self.repo, self.number, self.project = repo, number, project
        self.requests = []
        self.next_id = 9000
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self):
        host, port = self.server.server_address
        root = f"http://{host}:{port}"
        return root if self.kind == "github" else root + "/api/v4"

    def writes(self):
        return [(m, p) for m, p, _ in self.requests if m != "GET"]

    def marked(self):
        return [c for c in self.comments if "<!-- normlab-pr-comment -->" in c["body"]]

    def _handler(self):
        forge = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def reply(self, status, payload, headers=None):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def authorised(self):
                if forge.kind == "github":
                    return self.headers.get("Authorization") == f"Bearer {TOKEN}"
                return self.headers.get("PRIVATE-TOKEN") == TOKEN

            def handle_any(self, method):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None
                parsed = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(parsed.query)
                forge.requests.append((method, parsed.path, body))
                if not self.authorised():
                    return self.reply(401, {"message": "Bad credentials" if forge.kind == "github" else "401 Unauthorized"})
                if forge.kind == "github":
                    base = f"/repos/{forge.repo}"
                    list_path = f"{base}/issues/{forge.number}/comments"
                    item = re.fullmatch(re.escape(base) + r"/issues/comments/(\d+)", parsed.path)
                else:
                    base = f"/api/v4/projects/{forge.project}/merge_requests/{forge.number}"
                    list_path = f"{base}/notes"
                    item = re.fullmatch(re.escape(base) + r"/notes/(\d+)", parsed.path)
                if method == "GET" and parsed.path == list_path:
                    page = int(query.get("page", ["1"])[0])
                    start = (page - 1) * forge.page_size
                    items = forge.comments[start:start + forge.page_size]
                    headers = {}
                    if start + forge.page_size < len(forge.comments):
                        if forge.kind == "github":
                            host, port = forge.server.server_address
                            headers["Link"] = (f'<http://{host}:{port}{list_path}?per_page=100&page={page + 1}>; rel="next", '
                                               f'<http://{host}:{port}{list_path}?per_page=100&page=99>; rel="last"')
                        else:
                            headers["X-Next-Page"] = str(page + 1)
                    elif forge.kind == "gitlab":
                        headers["X-Next-Page"] = ""
                    return self.reply(200, items, headers)
                if method == "POST" and parsed.path == list_path:
                    forge.next_id += 1
                    comment = {"id": forge.next_id, "body": body["body"], "system": False}
                    forge.comments.append(comment)
                    return self.reply(201, comment)
                if method in ("PATCH", "PUT") and item and (method == "PATCH") == (forge.kind == "github"):
                    for comment in forge.comments:
                        if comment["id"] == int(item.group(1)):
                            comment["body"] = body["body"]
                            return self.reply(200, comment)
                    return self.reply(404, {"message": "Not Found"})
                return self.reply(404, {"message": f"no route for {method} {parsed.path}"})

            def do_GET(self):
                self.handle_any("GET")

            def do_POST(self):
                self.handle_any("POST")

            def do_PATCH(self):
                self.handle_any("PATCH")

            def do_PUT(self):
                self.handle_any("PUT")

        return Handler
