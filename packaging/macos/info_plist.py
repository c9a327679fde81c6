"""Info.plist entries of Hearth.app beyond what PyInstaller writes (bundle id and version)."""

from __future__ import annotations

from typing import Any

from bundle_config import APP_NAME, BUNDLE_ID, PACK_EXTENSION, PACK_MIME_TYPE, ROOT

# Documents users drop into a chat: Finder offers Hearth in "Open With" for these.
DROPPED_DOCUMENT_UTIS = (
    "com.adobe.pdf",
    "org.openxmlformats.wordprocessingml.document",
    "org.openxmlformats.spreadsheetml.sheet",
    "org.openxmlformats.presentationml.presentation",
    "org.oasis-open.opendocument.text",
    "public.rtf",
    "public.plain-text",
    "net.daringfireball.markdown",
    "public.comma-separated-values-text",
)
PACK_UTI = f"{BUNDLE_ID}.pack"
# The oldest macOS Hearth runs on. It must be at least the `minos` of every binary in the app
# (build_bundle.verify() reads them and fails the build otherwise): PySide6 6.11's Python
# modules (QtGui.abi3.so, Shiboken.abi3.so) are built for macOS 15.0, numpy's wheel for 14.0,
# and release.yml builds llama.cpp with MACOSX_DEPLOYMENT_TARGET set to this value.
MINIMUM_MACOS = "15.0"


ICON = ROOT / "resources" / "icons" / "hearth.icns"


def bundle_options(version: str) -> dict[str, Any]:
    """The keyword arguments hearth.spec gives PyInstaller's BUNDLE (tests build with them too)."""
    return {
        "name": f"{APP_NAME}.app",
        "icon": str(ICON),
        "bundle_identifier": BUNDLE_ID,
        "version": version,
        "info_plist": info_plist(version),
    }


def info_plist(version: str) -> dict[str, Any]:
    """Merged over PyInstaller's own keys, so these win."""
    return {
        # PyInstaller's BUNDLE takes `console` from the last executable (hearth-cli, a console
        # program) and then writes LSBackgroundOnly=True: no Dock icon, no menu bar.
        "LSBackgroundOnly": False,
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleIdentifier": BUNDLE_ID,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "CFBundlePackageType": "APPL",
        "LSMinimumSystemVersion": MINIMUM_MACOS,
        "LSApplicationCategoryType": "public.app-category.productivity",
        "NSHighResolutionCapable": True,
        "NSRequiresAquaSystemAppearance": False,  # follow the system's dark mode
        "NSHumanReadableCopyright": "Apache-2.0",
        "UTExportedTypeDeclarations": [
            {
                "UTTypeIdentifier": PACK_UTI,
                "UTTypeDescription": "Hearth assistant pack",
                "UTTypeConformsTo": ["public.data", "public.archive"],
                "UTTypeTagSpecification": {
                    "public.filename-extension": [PACK_EXTENSION.lstrip(".")],
                    "public.mime-type": [PACK_MIME_TYPE],
                },
            }
        ],
        "CFBundleDocumentTypes": [
            {
                "CFBundleTypeName": "Hearth assistant pack",
                "CFBundleTypeRole": "Editor",
                "LSHandlerRank": "Owner",
                "LSItemContentTypes": [PACK_UTI],
                "CFBundleTypeIconFile": "hearth.icns",
            },
            {
                "CFBundleTypeName": "Document for a chat",
                "CFBundleTypeRole": "Viewer",
                "LSHandlerRank": "Alternate",
                "LSItemContentTypes": list(DROPPED_DOCUMENT_UTIS),
            },
        ],
    }
