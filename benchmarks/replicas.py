"""Two replicas of the app behind nginx, on loopback, against one replica alone.

Run: ``python -m benchmarks.replicas`` (``--visitors 24``). Needs Debian's nginx
(``apt-get install nginx-light``). It starts two ``streamlit run app.py`` servers on free ports and
nginx with ``deploy/nginx.conf`` (its upstream pointed at those ports), then sends the same
audience (``benchmarks.audience``, protocol-level visitors arriving together, so the servers are
saturated; each server walked once beforehand, so TensorFlow is loaded) once to one replica alone
and once through nginx. It prints, for each: errors,
crossed or lost state (a visitor whose requests were spread over both replicas would lose its
session), the wall-clock time the audience took, and for nginx each replica's share of the CPU;
then the throughput of two replicas against one, beside the ceiling this machine allows: one
replica keeps about one core busy (Python's lock), so two need two cores besides the visitors'
own. Target: about twice (≥ 1.7×), or 90 % of the ceiling where the cores allow less.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from benchmarks import audience
from benchmarks.timing import record_row
from tests.streamlit_server import REPO, free_port, streamlit_app

NGINX_CONFIG = REPO / "deploy" / "nginx.conf"
THROUGHPUT_TARGET = 1.7
CEILING_SHARE = 0.9  # where the cores cannot give 1.7×, this share of what they can


def loopback_config(listen: int, replicas: list[str], folder: Path) -> str:
    """``deploy/nginx.conf`` for a run without root on this machine: listening on ``listen``,
    in front of ``replicas`` (host:port), its files in ``folder``."""
    config = NGINX_CONFIG.read_text(encoding="utf-8")
    servers = "".join(f"        server {replica};\n" for replica in replicas)
    config, count = re.subn(
        r"(?m)^        server \S+;\n(?:        server \S+;\n)*", servers, config
    )
    assert count == 1, "deploy/nginx.conf: the upstream's server lines were not found"
    config, count = re.subn(r"listen \d+;", f"listen 127.0.0.1:{listen};", config)
    assert count == 1, "deploy/nginx.conf: the listen line was not found"
    files = "    access_log off;\n" + "".join(
        f"    {kind}_temp_path {folder}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return config.replace("http {\n", "http {\n" + files, 1)


@contextlib.contextmanager
def nginx(replicas: list[str]) -> Iterator[str]:
    """nginx in front of ``replicas`` on a free loopback port; yields its address."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "nginx.conf"
        config.write_text(loopback_config(port, replicas, Path(folder)), encoding="utf-8")
        process = subprocess.Popen(
            [binary, "-p", folder, "-c", str(config), "-g",
             f"daemon off; pid {folder}/nginx.pid; error_log {folder}/error.log;"],
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_answers(url, process)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)


def _wait_until_answers(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("nginx exited at start")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2),
        ):
            return
        time.sleep(0.2)
    raise TimeoutError(f"nginx did not answer on {url}")


def warmed(url: str) -> None:
    """One visitor's walk, so the server has loaded TensorFlow and its network before timing."""
    audience.run(url, 1, arrival=0, browsers=0, pid=None, think=0)


def saturate(url: str, visitors: int) -> audience.Summary:
    """Every visitor at once, without pauses: the time taken measures throughput."""
    return audience.run(url, visitors, arrival=0, browsers=0, pid=None, think=0)


def report(label: str, summary: audience.Summary, generator_cpu: float) -> None:
    errors, crossed = len(summary.errors), len(summary.crossed)
    print(
        f"{label:34} errors {errors}, crossed or lost {crossed}, {summary.wall_seconds:.1f} s "
        f"(the visitors' own CPU: {generator_cpu:.1f} s)"
    )
    record_row(f"replicas: {label}", f"{summary.wall_seconds:.0f} s", "0 errors, 0 crossed",
               "PASS" if not errors and not crossed else "FAIL")  # fmt: skip
    for problem in (summary.errors + summary.crossed)[:5]:
        print("  ", problem)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=24)
    arguments = parser.parse_args()
    visitors = arguments.visitors

    with streamlit_app(REPO / "app.py") as url:
        warmed(url)
        cpu, server_cpu = time.process_time(), audience.cpu_seconds(url.pid)
        alone = saturate(url, visitors)
        generator = time.process_time() - cpu
        report("one replica", alone, generator)
        replica_cores = (audience.cpu_seconds(url.pid) - server_cpu) / alone.wall_seconds
        print(f"{'cores the replica kept busy':34} {replica_cores:.2f}")

    with streamlit_app(REPO / "app.py") as first, streamlit_app(REPO / "app.py") as second:
        replicas = [first.removeprefix("http://"), second.removeprefix("http://")]
        for server in (first, second):
            warmed(server)
        before = [audience.cpu_seconds(server.pid) for server in (first, second)]
        with nginx(replicas) as url:
            cpu = time.process_time()
            spread = saturate(url, visitors)
            report("two replicas behind nginx", spread, time.process_time() - cpu)
        used = [
            audience.cpu_seconds(s.pid) - b for s, b in zip((first, second), before, strict=True)
        ]
    shares = ", ".join(f"{each:.1f} s" for each in used)
    print(f"{'CPU of each replica':34} {shares}")
    # Two replicas can at most use the cores the visitors (this process) leave them.
    cores = len(os.sched_getaffinity(0))
    ceiling = min(2.0, (cores - generator / alone.wall_seconds) / replica_cores)
    print(f"{'throughput ceiling on this machine':34} {ceiling:.2f}× ({cores} cores)")
    ratio = alone.wall_seconds / spread.wall_seconds
    target = min(THROUGHPUT_TARGET, CEILING_SHARE * ceiling)
    verdict = "PASS" if ratio >= target else "FAIL"
    print(f"{'throughput, two against one':34} {ratio:.2f}×  target ≥ {target:.2f}×  {verdict}")
    record_row("replicas: throughput, two against one", f"{ratio:.2f}× (ceiling {ceiling:.2f}×)",
               f"≥ {target:.2f}×", verdict)  # fmt: skip


if __name__ == "__main__":
    main()
