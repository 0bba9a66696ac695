"""The one HTTP client for the source's services: a good citizen, and wary of answers.

- names the project in its User-Agent and sends at most ``requests_per_second``;
- retries 429 and 5xx with exponential backoff, honouring Retry-After (urllib3's
  ``Retry``, the maintained implementation, not a loop of our own);
- follows a redirect only to a host it was allowed to ask, and refuses any other;
- cuts a response off with an error once it is larger than the caller's limit.
"""

from __future__ import annotations

import threading
import time
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from pipeline.errors import PipelineError

MAX_REDIRECTS = 5
RETRY_STATUSES = (429, 500, 502, 503, 504)


class FetchError(PipelineError):
    """A request that failed for good: the URL and the reason, in plain words."""


class Client:
    def __init__(
        self,
        user_agent: str,
        allowed_hosts: set[str],
        requests_per_second: float,
        retries: int = 5,
        backoff: float = 0.5,
        timeout: float = 60.0,
    ) -> None:
        self.allowed_hosts = {h.lower() for h in allowed_hosts}
        self.interval = 1.0 / requests_per_second if requests_per_second > 0 else 0.0
        self.timeout = timeout
        self.requests = 0  # asked for (a retry of one is not counted again)
        self._last = 0.0
        self._lock = threading.Lock()
        self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent
        retry = Retry(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            backoff_factor=backoff,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET"}),
            respect_retry_after_header=True,
            raise_on_status=False,
            redirect=0,
        )
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and (parts.hostname or "").lower() in self.allowed_hosts

    def _pace(self) -> None:
        with self._lock:
            wait = self._last + self.interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last = time.monotonic()

    def get(self, url: str, max_bytes: int, params: dict | None = None) -> bytes:
        """The body of ``url``; ``FetchError`` on a refused host, a failed status or a body
        larger than ``max_bytes``."""
        for _ in range(MAX_REDIRECTS + 1):
            if not self.allowed(url):
                raise FetchError(f"{url}: refused, not a host of the source ({', '.join(sorted(self.allowed_hosts))})")
            self._pace()
            self.requests += 1
            try:
                response = self.session.get(
                    url, params=params, stream=True, timeout=self.timeout, allow_redirects=False
                )
            except requests.RequestException as error:
                raise FetchError(f"{url}: {type(error).__name__}: {error}") from None
            with response:
                if response.is_redirect:
                    url = urljoin(response.url, response.headers.get("Location", ""))
                    params = None
                    continue
                if response.status_code != 200:
                    raise FetchError(f"{response.url}: HTTP {response.status_code} {response.reason or ''}".rstrip())
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(f"{response.url}: {int(declared):,} bytes, more than the {max_bytes:,} allowed")
                body = bytearray()
                for chunk in response.iter_content(chunk_size=65536):
                    body += chunk
                    if len(body) > max_bytes:
                        raise FetchError(f"{response.url}: cut off after {max_bytes:,} bytes, the most allowed")
                return bytes(body)
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")
