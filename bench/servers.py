"""Start gunicorn the way the README does, on a free 127.0.0.1 port, and measure its workers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
CONFIG = "python:quiz.gunicorn_conf"


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One gunicorn master serving `app` with the project's config; use as a context manager."""

    def __init__(self, app: str, env: dict[str, str], log: Path) -> None:
        self.app, self.log = app, log
        self.port = free_port()
        self.env = {**os.environ, **env, "QUIZ_BIND": f"127.0.0.1:{self.port}"}
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """Return the server's base URL."""
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        # The access log goes nowhere (the same for every app); start-up messages go to a file.
        with self.log.open("w") as errors:
            self.process = subprocess.Popen([str(GUNICORN), "-c", CONFIG, self.app], cwd=ROOT, env=self.env,
                                            stdout=subprocess.DEVNULL, stderr=errors)
        try:
            self._wait_until_up()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _wait_until_up(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.app} did not start:\n{self.log.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2):
                    pass
            except urllib.error.HTTPError:
                pass  # it answered: up, even if this app has no /healthz
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
                continue
            if len(self.workers()) >= int(self.env.get("QUIZ_WORKERS", "1")):
                return
            time.sleep(0.2)
        raise RuntimeError(f"{self.app} was not answering after {seconds} s")

    def workers(self) -> list[int]:
        """Return the worker process ids (the master's children)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        return [int(pid) for pid in children.split()]

    def cpu_seconds(self) -> float:
        """Return the CPU time (user + system) the master and its workers have used so far."""
        total = 0
        for pid in [self.process.pid, *self.workers()]:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        return total / os.sysconf("SC_CLK_TCK")

    def memory_mb(self) -> tuple[float, float]:
        """Return the mean resident (RSS) and proportional (PSS, shared pages split) memory per worker, in MB."""
        rss, pss = [], []
        for pid in self.workers():
            fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:])
            rss.append(int(fields["Rss"].split()[0]) / 1024)
            pss.append(int(fields["Pss"].split()[0]) / 1024)
        return sum(rss) / len(rss), sum(pss) / len(pss)

    def __exit__(self, *exc: object) -> None:
        # Only the master this object started, by its id; it stops its own workers.
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
