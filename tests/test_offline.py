"""The app needs no network: every page runs with sockets to anywhere but loopback blocked."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from pages.journey import HOME, JOURNEY

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
