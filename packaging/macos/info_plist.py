"""Info.plist entries of Hearth.app beyond what PyInstaller writes (bundle id and version)."""

from __future__ import annotations

from typing import Any

from bundle_config import APP_NAME, BUNDLE_ID, PACK_EXTENSION, PACK_MIME_TYPE

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


def info_plist(version: str) -> dict[str, Any]:
    return {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleIdentifier": BUNDLE_ID,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "CFBundlePackageType": "APPL",
        "LSMinimumSystemVersion": "12.0",
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
