"""The deployment example (`Dockerfile`, `deploy/`): what the image holds is enough to run the
app, and nginx's configuration keeps each visitor on one replica.

No Docker engine runs here, so the image itself is not built: the test copies exactly what the
Dockerfile copies into an empty folder and runs the Dockerfile's command there. Two replicas
behind a real nginx are measured by `python -m benchmarks.replicas` (opt-in: it takes minutes).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
import websockets

from benchmarks import audience
from benchmarks.replicas import NGINX_CONFIG, loopback_config
from pages.journey import HOME, JOURNEY
from tests.streamlit_server import REPO, streamlit_app

DOCKERFILE = REPO / "Dockerfile"


def copied_paths() -> list[str]:
    """The files and folders the Dockerfile copies into the image, besides requirements.txt."""
    found = re.findall(r"(?m)^COPY (?:--chown=\S+ )?(\S+) \S+$", DOCKERFILE.read_text())
    return [path for path in found if path != "requirements.txt"]


def test_the_image_installs_the_apps_requirements_and_runs_the_readme_command():
    text = DOCKERFILE.read_text()
    assert "FROM python:3.11" in text  # the README's Python
    assert "pip install --no-cache-dir -r requirements.txt" in text
    command = re.search(r"(?m)^CMD (\[.*\])$", text)[1]
    assert command.startswith('["python", "-m", "streamlit", "run", "app.py"')
    assert "--server.headless=true" in command


async def _walk(url: str, pages: list[str]) -> tuple[list[str], dict[str, set[str]]]:
    """Open each page at the protocol level: the exceptions any of them showed, and the
    browser components each drew."""
    drawn = {}
    address = url.replace("http", "ws", 1) + "/_stcore/stream"
    # no size limit, as in a browser: a page's slider views may come in one message over 1 MB
    async with websockets.connect(address, max_size=None) as socket:
        session = audience.Session(url, socket, "", "")
        for page in pages:
            await session.open(page)
            drawn[page] = set(session.components)
        return session.exceptions, drawn


def test_what_the_image_holds_runs_every_page(tmp_path):
    for path in copied_paths():
        source = REPO / path
        if source.is_dir():
            shutil.copytree(source, tmp_path / path, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tmp_path / path)
    assert (tmp_path / "app.py").exists() and (tmp_path / "models" / "face_cnn.keras").exists()
    with streamlit_app(tmp_path / "app.py", cwd=tmp_path) as url:
        exceptions, drawn = audience.in_own_loop(
            _walk(url, [stop.url_path for stop in (HOME, *JOURNEY)])
        )
    assert exceptions == []
    assert "pixels_size_view" in drawn["pixels"]
    assert "face_occlusion_view" in drawn["face"]  # the network loaded from the copied models/


def test_nginx_routes_each_visitor_by_its_cookie_and_passes_websockets_on():
    config = NGINX_CONFIG.read_text()
    assert re.search(r"upstream \w+ \{\s*hash \$replica;", config)
    assert 'add_header Set-Cookie "replica=$replica;' in config
    assert "proxy_set_header Upgrade $http_upgrade;" in config
    assert "proxy_set_header Connection $connection_upgrade;" in config
    upload_limit = re.search(
        r"maxUploadSize = (\d+)", (REPO / ".streamlit/config.toml").read_text()
    )
    assert f"client_max_body_size {upload_limit[1]}m;" in config


def test_a_phone_opening_nginx_by_address_and_port_gets_its_websocket():
    """Streamlit accepts a websocket only when the browser's Origin matches the Host it is
    given, so nginx must pass the Host on with its port (``$http_host``, not ``$host``)."""
    from streamlit.web.server.starlette.starlette_websocket import _is_origin_allowed

    forwarded = re.search(r"proxy_set_header Host \$(\w+);", NGINX_CONFIG.read_text())[1]
    as_sent = {"http_host": "192.168.1.10:8080", "host": "192.168.1.10"}[forwarded]
    assert _is_origin_allowed("http://192.168.1.10:8080", as_sent)


def test_the_loopback_config_points_nginx_at_the_given_replicas(tmp_path):
    config = loopback_config(8123, ["127.0.0.1:9001", "127.0.0.1:9002"], tmp_path)
    upstream = re.search(r"upstream \w+ \{([^}]*)\}", config)[1]
    assert re.findall(r"server (\S+);", upstream) == ["127.0.0.1:9001", "127.0.0.1:9002"]
    assert "listen 127.0.0.1:8123;" in config
    assert f"proxy_temp_path {tmp_path}/proxy;" in config


def test_the_loopback_config_is_valid_nginx(tmp_path):
    if shutil.which("nginx") is None:
        if os.environ.get("CI") == "true":  # .ci/run installs it
            pytest.fail("nginx is not installed")
        pytest.skip("nginx is not installed (Debian: apt-get install nginx-light)")
    config = tmp_path / "nginx.conf"
    config.write_text(loopback_config(8123, ["127.0.0.1:9001", "127.0.0.1:9002"], tmp_path))
    files = f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;"
    command = ["nginx", "-t", "-p", str(tmp_path), "-c", str(config), "-g", files]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_compose_file_runs_the_replicas_nginx_names():
    compose = (REPO / "deploy" / "compose.yaml").read_text()
    upstream = re.search(r"upstream \w+ \{([^}]*)\}", NGINX_CONFIG.read_text())[1]
    for server in re.findall(r"server (\S+):8501;", upstream):
        assert re.search(rf"(?m)^  {server}:\n    build: \.\.$", compose), server
    assert "./nginx.conf:/etc/nginx/nginx.conf:ro" in compose
