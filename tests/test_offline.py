"""The app needs no network: every page runs with sockets to anywhere but loopback blocked."""

from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from pages.journey import HOME, JOURNEY
from tests.streamlit_server import REPO, free_port

ALL_PAGES = [HOME, *JOURNEY]


class NetworkBlocked(OSError):
    """Raised instead of connecting anywhere but this machine."""


def _is_loopback(address) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: resolving it would already be network access


@pytest.fixture
def blocked_network(monkeypatch):
    """Refuse (and record) every connection and DNS lookup that leaves the machine."""
    attempts: list[str] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def guard(address) -> None:
        if not _is_loopback(address):
            attempts.append(repr(address))
            raise NetworkBlocked(f"network access attempted: {address!r}")

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            guard(address)
        return real_connect(self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            guard(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        guard((host,))
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return attempts


def test_the_guard_blocks_the_outside_world(blocked_network):
    with pytest.raises(NetworkBlocked), socket.create_connection(("203.0.113.1", 80), timeout=1):
        pass
    assert blocked_network


@pytest.mark.parametrize("stop", ALL_PAGES, ids=[stop.url_path for stop in ALL_PAGES])
def test_every_page_runs_offline(app, blocked_network, stop):
    app.run()
    app.switch_page(stop.path)
    app.run()
    assert not app.exception, [exception.value for exception in app.exception]
    assert not blocked_network, blocked_network


# A server started as the README says (`streamlit run app.py`, with the repository's config),
# with every connection or name lookup beyond this machine refused and written down.
_GUARDED_SERVER = """
import ipaddress, socket, sys
attempts = open(sys.argv[1], "a", encoding="utf-8")
def loopback(host):
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host in ("localhost", "")
real_connect, real_lookup = socket.socket.connect, socket.getaddrinfo
def connect(self, address):
    if isinstance(address, tuple) and not loopback(address[0]):
        attempts.write(f"connect {address!r}\\n"); attempts.flush()
        raise OSError("blocked by the test")
    return real_connect(self, address)
def lookup(host, *args, **kwargs):
    if isinstance(host, str) and not loopback(host):
        attempts.write(f"lookup {host!r}\\n"); attempts.flush()
        raise socket.gaierror("blocked by the test")
    return real_lookup(host, *args, **kwargs)
socket.socket.connect, socket.getaddrinfo = connect, lookup
from streamlit.web import cli
sys.argv = ["streamlit", "run", "app.py", "--server.port", sys.argv[2]]
cli.main()
"""


def test_a_server_start_asks_no_one_outside_this_machine(tmp_path):
    """In headless mode (no screen, as on a host or in CI) Streamlit asks checkip.amazonaws.com
    for the public address it prints, unless `browser.serverAddress` is set: it is."""
    attempts, port = tmp_path / "attempts.txt", free_port()
    environment = {key: value for key, value in os.environ.items() if key != "DISPLAY"}
    server = subprocess.Popen(
        [sys.executable, "-c", _GUARDED_SERVER, str(attempts), str(port)],
        cwd=REPO,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health") as reply:
                    assert reply.read() == b"ok"
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "no server"
                time.sleep(0.25)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as reply:
            assert reply.status == 200
    finally:
        server.terminate()
        printed, _ = server.communicate(timeout=30)
    assert f"http://localhost:{port}" in printed
    assert not attempts.exists() or not attempts.read_text(), attempts.read_text()
