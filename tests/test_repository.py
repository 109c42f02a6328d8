"""The repository keeps its promises: the README's commands are what CI runs, and the layout."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys

import pytest

from tests.streamlit_server import REPO

README = (REPO / "README.md").read_text()


def readme_commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", README, flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_readme_has_one_command_to_run_the_app_and_one_to_run_the_tests():
    commands = readme_commands()
    assert "python -m pip install -r requirements.txt && python -m streamlit run app.py" in commands
    assert "python -m pip install -r requirements-dev.txt && python -m pytest" in commands


def test_ci_runs_exactly_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text()
    test_command = "python -m pip install -r requirements-dev.txt && python -m pytest"
    assert test_command in readme_commands()
    assert ci.strip().splitlines()[-1] == test_command


def test_top_level_layout():
    for name in ("app.py", "pages", "core", "models", "assets", "tests", "requirements.txt",
                 "README.md", "requirements-dev.txt", "benchmarks", ".streamlit/config.toml",
                 ".ci/run", "pyproject.toml"):  # fmt: skip
        assert (REPO / name).exists(), name


def test_core_never_imports_streamlit():
    for module in (REPO / "core").glob("*.py"):
        tree = ast.parse(module.read_text())
        imported = {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        } | {
            node.module.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        }
        assert "streamlit" not in imported, module.name


def run_in_a_fresh_interpreter(code: str) -> None:
    """Run ``code`` in a new Python in the repository: no module loaded by other tests."""
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]


LIGHT_PAGES = (
    "pages/home.py",
    "pages/pixels.py",
    "pages/convolution.py",
    "pages/pooling.py",
    "pages/augmentation.py",
    "pages/live.py",
)  # fmt: skip  (live: until Find the face)


def test_pages_that_need_no_model_never_load_tensorflow():
    """Run the app and every light page in a fresh interpreter: TensorFlow must not be loaded."""
    code = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        "app = AppTest.from_file('app.py', default_timeout=120)\n"
        "app.run()\n"
        f"for path in {LIGHT_PAGES!r}:\n"
        "    app.switch_page(path)\n"
        "    app.run()\n"
        "    assert not app.exception, (path, [e.value for e in app.exception])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras'))\n"
        "assert not loaded, loaded[:5]\n"
    )
    run_in_a_fresh_interpreter(code)


def test_keras_is_never_cleared_after_a_run_and_no_figure_is_left_open():
    """Streamlit's after-run hook would call ``keras.backend.clear_session()`` (about 230 ms).

    `pages.journey` replaces the hook; the hook's only other work is closing matplotlib
    figures. The app draws none (no module of it imports matplotlib, checked below), but
    ``import keras`` loads matplotlib wherever it is installed, so what is checked here is what
    the app controls: in a fresh interpreter, on the pages that load Keras, ``clear_session`` is
    never called and, if matplotlib's pyplot was loaded at all, no figure is left open.
    """
    code = (
        "import inspect, sys\n"
        "import keras\n"
        "from streamlit.runtime.scriptrunner import script_runner\n"
        "hook = '_log_if_error(_clean_problem_modules)'\n"
        "assert hook in inspect.getsource(script_runner.ScriptRunner), 'Streamlit changed'\n"
        "calls = []\n"
        "keras.backend.clear_session = lambda *args, **kwargs: calls.append(args)\n"
        "from streamlit.testing.v1 import AppTest\n"
        "app = AppTest.from_file('app.py', default_timeout=180)\n"
        "app.run()\n"
        "for path in ('pages/face.py', 'pages/training.py', 'pages/pixels.py'):\n"
        "    app.switch_page(path)\n"
        "    app.run()\n"
        "    assert not app.exception, (path, [e.value for e in app.exception])\n"
        "assert not calls, f'clear_session was called {len(calls)} times'\n"
        "pyplot = sys.modules.get('matplotlib.pyplot')\n"
        "assert pyplot is None or not pyplot.get_fignums(), 'a figure was left open'\n"
    )
    run_in_a_fresh_interpreter(code)


def test_a_cold_server_never_walks_the_stack_to_ask_whether_it_is_a_repl():
    """Streamlit's check (``env_util.is_repl``: ``inspect.stack()``, 50–100 ms before a cold
    server's first paint) is skipped by `pages.journey`, through a flag Streamlit reads."""
    code = (
        "import inspect\n"
        "from streamlit import delta_generator, env_util\n"
        "source = inspect.getsource(delta_generator._maybe_print_use_warning)\n"
        "assert '_use_warning_has_been_displayed' in source, 'Streamlit changed'\n"
        "calls = []\n"
        "env_util.is_repl = lambda: calls.append(1) or False\n"
        "from streamlit.testing.v1 import AppTest\n"
        "app = AppTest.from_file('app.py', default_timeout=60)\n"
        "app.run()\n"
        "assert not app.exception, [e.value for e in app.exception]\n"
        "assert app.title, 'the home page drew nothing'\n"
        "assert not calls, 'Streamlit asked whether it runs in a REPL'\n"
    )
    run_in_a_fresh_interpreter(code)


def test_no_module_of_the_app_imports_matplotlib():
    """Every chart is Plotly or a picture; the after-run hook above relies on it."""
    sources = [REPO / "app.py", *REPO.glob("pages/**/*.py"), *REPO.glob("core/*.py")]
    importing = []
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(name.split(".")[0] == "matplotlib" for name in names):
                importing.append(str(path.relative_to(REPO)))
    assert len(sources) > 40 and not importing, importing


LIGHT_CORE_MODULES = ("images", "convolution", "pooling", "augment", "architecture", "detect",
                      "optimizers")  # fmt: skip


@pytest.mark.parametrize("module", LIGHT_CORE_MODULES)
def test_light_core_modules_never_import_tensorflow(module):
    """Checked in a fresh interpreter: other tests may have loaded TensorFlow in this one."""
    probe = f"import sys, core.{module}; print('tensorflow' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_upload_limit_matches_the_loader():
    from core.images import MAX_FILE_BYTES

    config = (REPO / ".streamlit" / "config.toml").read_text()
    limit = int(re.search(r"maxUploadSize\s*=\s*(\d+)", config).group(1))
    assert limit * 2**20 == MAX_FILE_BYTES


def test_every_picture_on_every_page_has_a_caption():
    """Captions are the pictures' text alternative for screen readers: none may be left out."""
    missing = []
    for path in sorted((REPO / "pages").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            is_image = isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "image"
            if is_image and "caption" not in {keyword.arg for keyword in node.keywords}:
                missing.append(f"{path.name}:{node.lineno}")
    assert not missing, missing


def test_requirements_pin_the_versions_the_model_was_trained_with():
    """The model file and its figures belong to these versions (issue 14)."""
    metadata = json.loads((REPO / "models" / "face_cnn.json").read_text())
    pins = (REPO / "requirements.txt").read_text()
    for package in ("keras", "tensorflow", "numpy", "scikit-image"):
        assert f"{package}=={metadata['versions'][package]}" in pins, package
