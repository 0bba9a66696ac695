"""A local stand-in for officielebekendmakingen: replays responses of the real shape from
127.0.0.1, and records what it was asked.

Responses keep the source's real absolute URLs; the server rewrites their origin to its
own when it serves them, so a client follows the same paths it would follow for real.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "officielebekendmakingen"
REAL_ORIGINS = ("https://repository.overheid.nl", "https://zoek.officielebekendmakingen.nl")


@dataclass
class Answer:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/xml; charset=utf-8"


class Replay:
    """Routes: a path (and for the search, its startRecord) to a list of answers given in
    turn (the last one repeats)."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str | None], list[Answer]] = {}
        self.asked: list[tuple[str, dict[str, list[str]], dict[str, str]]] = []  # path, query, headers
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Replay:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def route(self, path: str, *answers: Answer, start: str | None = None) -> None:
        self.routes[(path, start)] = list(answers)

    def file(self, name: str) -> bytes:
        """A fixture with the real origins made this server's."""
        data = (FIXTURES / name).read_bytes()
        for origin in REAL_ORIGINS:
            data = data.replace(origin.encode(), self.origin.encode())
        return data

    def paths_asked(self) -> list[str]:
        return [path for path, _, _ in self.asked]

    def _handler(self):
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the stdlib's name)
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                replay.asked.append((parts.path, query, dict(self.headers)))
                start = query.get("startRecord", [None])[0]
                answers = replay.routes.get((parts.path, start)) or replay.routes.get((parts.path, None))
                if not answers:
                    answer = Answer(b"not found", 404, content_type="text/plain")
                else:
                    answer = answers.pop(0) if len(answers) > 1 else answers[0]
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(answer.body)))
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(answer.body)

            def log_message(self, *args):
                pass

        return Handler
