"""What goes into the PyInstaller bundle, as data: hearth.spec applies it, tests read it.

Keep this list current (see also packaging/README.md):
- OPTIONAL_PACKAGES: every third-party package the app imports that ships data files or whose
  submodules are imported by name at run time (document readers/writers, the model hub client).
  A package listed here but not installed is skipped, so the spec keeps building while a feature
  is being added; `missing_packages()` names them and build_bundle.py prints a warning.
- PRUNED_QT: Qt parts the widgets app never loads. The frozen self-test under both the offscreen
  and the xcb platform is what proves a pruning rule safe.
"""

from __future__ import annotations

import fnmatch
import importlib.util
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "Hearth"
BUNDLE_NAME = "hearth"  # the onedir folder and the Linux executable
BUNDLE_ID = "org.hearth.Hearth"  # reverse-DNS id: macOS bundle id, AppStream id, .desktop name
PACK_MIME_TYPE = "application/x-hearth-pack"
PACK_EXTENSION = ".hearth"

# The starter model every installer carries (issue 15): copied from the checkout's cache (which
# build_bundle.py fills and verifies first) to <bundle>/models/, where
# app/library/bundled_starter.py looks for it (BUNDLED_MODELS_DIR there).
STARTER_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
STARTER_MODEL_SOURCE = ROOT / ".cache" / "models" / STARTER_MODEL_FILE
STARTER_MODEL_DEST = "models"
# Size budgets with the starter model inside (CPU build): the unpacked bundle, and the .deb as a
# release builds it (xz). The CUDA variant is a separate, larger download.
MAX_BUNDLE_BYTES = 450_000_000
MAX_DEB_BYTES = 200_000_000


@dataclass(frozen=True)
class OptionalPackage:
    module: str  # import name
    data: bool = False  # collect its non-Python files (templates, fonts, colour profiles)
    submodules: bool = False  # collect every submodule (imported by name, not by `import`)


OPTIONAL_PACKAGES: tuple[OptionalPackage, ...] = (
    OptionalPackage("pypdf", data=True),
    # PDFium: the contributed PyInstaller hook collects libpdfium from pypdfium2_raw; the data
    # here is each package's version.json, which pypdfium2 reads at import.
    OptionalPackage("pypdfium2", data=True),
    OptionalPackage("pypdfium2_raw", data=True),
    OptionalPackage("docx", data=True),  # default.docx and other templates
    OptionalPackage("openpyxl", data=True),
    OptionalPackage("pptx", data=True),  # default.pptx
    OptionalPackage("odf", submodules=True),  # odfpy resolves element classes by module name
    OptionalPackage("striprtf", data=True),
    OptionalPackage("fpdf", data=True),  # fpdf2: sRGB colour profile, font metrics
    OptionalPackage("huggingface_hub", data=True, submodules=True),  # lazy-loaded submodules
    OptionalPackage("charset_normalizer", submodules=True),
    OptionalPackage("httpx2"),
    OptionalPackage("certifi", data=True),  # cacert.pem for HTTPS model downloads
    OptionalPackage("tomli_w"),
    OptionalPackage("openai", data=True),  # remote endpoints
    OptionalPackage("uvicorn", submodules=True),  # the local API: protocols loaded by name
    OptionalPackage("starlette"),
    # MCP tool servers (app/tools/mcp_client.py): the SDK, its protocol types, and the JSON
    # metaschemas it validates tool results against (read as package data at run time).
    OptionalPackage("mcp"),
    OptionalPackage("mcp_types"),
    OptionalPackage("jsonschema_specifications", data=True),
    OptionalPackage("sqlcipher3"),
    OptionalPackage("keyring", submodules=True),  # backends found through entry points
    OptionalPackage("markdown_it", data=True, submodules=True),  # plugins loaded by name
    OptionalPackage("jinja2"),
    OptionalPackage("platformdirs", submodules=True),  # the OS backend is chosen at run time
    # numpy 2's `numpy.core` compatibility modules: the app never imports them, but OpenCV (the
    # OCR component's, which uses the app's numpy) imports numpy.core.multiarray first thing.
    OptionalPackage("numpy.core", submodules=True),
)

# The OCR component's packages (314 MB unpacked; packaging/build_component.py --component ocr):
# never in the installers. The extraction child imports them only after activating it.
OCR_COMPONENT_MODULES: tuple[str, ...] = ("rapidocr", "onnxruntime", "cv2", "shapely", "pyclipper")

# Never bundled: test and build tools, optional heavy stacks the app does not import eagerly.
EXCLUDED_MODULES: tuple[str, ...] = (
    "tkinter",
    "pytest",
    "pytestqt",
    "_pytest",
    "mypy",
    "ruff",
    "IPython",
    "matplotlib",
    "torch",  # Adapter Studio trains in a separate process with the user's own torch
    "transformers",
    "peft",
    "safetensors",
    "accelerate",
    *OCR_COMPONENT_MODULES,
    "hypothesis",
    "fastapi",  # only llama_cpp.server, the remote end of the endpoint tests
    # huggingface_hub's Xet transfer (11 MB): only its own uploads and hf_hub_download use it;
    # Hearth downloads through app/library/hub_transfer.py over plain HTTP.
    "hf_xet",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtOpenGL",
    "PySide6.QtTest",
)

# Python options baked into the executables. UTF-8 mode: open(), pipes and the CLI's --json
# output use UTF-8 on every OS, not the Windows code page (cp1252 cannot encode most of the
# world's text). PyInstaller 6's bootloader starts Python in its isolated configuration, which
# ignores PYTHONUTF8 (seen with 6.22: utf8_mode 0 with PYTHONUTF8=1 under C.UTF-8), so this
# option, not the environment, decides the mode on a user's machine and in CI alike.
RUNTIME_OPTIONS: tuple[tuple[str, None, str], ...] = (("X utf8", None, "OPTION"),)

# Qt plugins the widgets app never loads, as glob patterns below the plugins folder, which
# PyInstaller puts at PySide6/Qt/plugins on Linux and macOS and at PySide6/plugins on Windows.
PRUNED_QT_PLUGINS: tuple[str, ...] = (
    # Platforms for embedded devices and remote displays (the desktop needs xcb/wayland/cocoa/
    # windows; offscreen runs the self-test and CI).
    "platforms/*qeglfs*",
    "platforms/*qlinuxfb*",
    "platforms/*qminimalegl*",
    "platforms/*qvkkhrdisplay*",
    "platforms/*qvnc*",
    "platforms/*qdirect2d*",
    "egldeviceintegrations/*",
    "generic/*",
    "wayland-graphics-integration-server/*",
    # The virtual keyboard plugin drags in QtQuick and QtQml (tens of MB); the PDF image format
    # drags in QtPdf. Neither is used by a widgets app.
    "platforminputcontexts/*qtvirtualkeyboard*",
    "imageformats/*qpdf*",
    # TLS backends and network-reachability plugins: Hearth's HTTP goes through Python, and
    # QLocalSocket (one running Hearth) needs neither, with or without QtNetwork.
    "tls/*",
    "networkinformation/*",
)
QT_PLUGIN_ROOTS: tuple[str, ...] = ("PySide6/Qt/plugins", "PySide6/plugins")

# Glob patterns on a collected file's destination path (forward slashes). Matching files are
# dropped from the bundle. build_bundle.verify() fails the build when a plugin that is kept
# links a Qt library pruned here: prune the plugin too.
PRUNED_QT: tuple[str, ...] = (
    # Qt's own strings: those of the languages Hearth has are copied to resources/i18n.
    "PySide6/Qt/translations/*",
    "PySide6/translations/*",
    *(f"{root}/{pattern}" for root in QT_PLUGIN_ROOTS for pattern in PRUNED_QT_PLUGINS),
    "PySide6/Qt/lib/libQt6EglFS*",  # only the eglfs platform (pruned above) loads these
    "PySide6/Qt/lib/libQt6EglFs*",
    "PySide6/Qt/lib/libQt6VirtualKeyboard*",
    "PySide6/Qt/lib/libQt6Pdf*",
    "PySide6/Qt/lib/libQt6Quick*",
    "PySide6/Qt/lib/libQt6Qml*",
    "PySide6/Qt6VirtualKeyboard*.dll",
    "PySide6/Qt6Pdf*.dll",
    "PySide6/Qt6Quick*.dll",
    "PySide6/Qt6Qml*.dll",
    "PySide6/opengl32sw.dll",  # software OpenGL (20 MB): widgets do not need OpenGL at all
    # QtNetwork stays (QLocalServer/QLocalSocket: a second start hands its files to the running
    # window), but its TLS backends and network-information plugins serve sockets to other
    # machines, which Hearth does not open through Qt.
    "PySide6/Qt/plugins/tls/*",
    "PySide6/plugins/tls/*",
    "PySide6/Qt/plugins/networkinformation/*",
    "PySide6/plugins/networkinformation/*",
    "PySide6/Qt/lib/QtVirtualKeyboard.framework/*",
    "PySide6/Qt/lib/QtPdf.framework/*",
    "PySide6/Qt/lib/QtQuick*.framework/*",
    "PySide6/Qt/lib/QtQml*.framework/*",
)


def project_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """The version in pyproject.toml: the single source for every installer's version."""
    with pyproject.open("rb") as handle:
        version = tomllib.load(handle)["project"]["version"]
    if not isinstance(version, str) or not re.fullmatch(r"\d+\.\d+\.\d+([.-]?\w+)?", version):
        raise ValueError(f"{pyproject}: project.version {version!r} is not like 1.2.3")
    return version


def numeric_version(version: str) -> str:
    """'1.2.3rc1' -> '1.2.3.0': Windows file versions and NSIS VIProductVersion take 4 numbers."""
    numbers = re.findall(r"\d+", version)[:3]
    numbers += ["0"] * (4 - len(numbers))
    return ".".join(numbers[:4])


def is_installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def installed_packages() -> list[OptionalPackage]:
    return [package for package in OPTIONAL_PACKAGES if is_installed(package.module)]


def missing_packages() -> list[str]:
    return [package.module for package in OPTIONAL_PACKAGES if not is_installed(package.module)]


def is_pruned(destination: str) -> bool:
    """True when a collected file (by its path inside the bundle) is left out."""
    normalised = destination.replace("\\", "/")
    return any(fnmatch.fnmatch(normalised, pattern) for pattern in PRUNED_QT)


def starter_model_datas(source: Path = STARTER_MODEL_SOURCE) -> list[tuple[str, str]]:
    """(source, destination folder) of the bundled starter model; it must exist: an installer
    without it would greet a new user with no model."""
    if not source.is_file():
        raise FileNotFoundError(
            f"{source} is missing: build with packaging/build_bundle.py, which fetches and "
            "verifies the starter model first"
        )
    return [(str(source), STARTER_MODEL_DEST)]


def resource_datas(root: Path = ROOT) -> list[tuple[str, str]]:
    """(source, destination folder) for every file under resources/, tree kept."""
    resources = root / "resources"
    pairs = []
    for path in sorted(resources.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            pairs.append((str(path), str(path.parent.relative_to(root))))
    return pairs
