"""What a catalog download must match before Hearth keeps it: the pinned commit and a sha256.

The catalog pins every entry to a repository commit and either to the file's sha256
(verification "sha256") or to the sha256 the hub publishes for the file at that commit, its LFS
digest (verification "hub-lfs-sha256"). These checks run on the hub's answer to the metadata
request, before a byte is downloaded, and give the digest the finished file is then held to.
"""

from __future__ import annotations

import re
from typing import Final

from app.library.catalog import CatalogEntry, Verification
from app.library.download_control import DownloadError
from app.library.hub_transfer import HubFile

_SHA256: Final = re.compile(r"[0-9a-f]{64}")


def hub_sha256(hub: HubFile) -> str | None:
    """The LFS sha256 the hub published for the file (X-Linked-Etag), if it is one."""
    etag = hub.etag.strip().strip('"').lower()
    return etag if _SHA256.fullmatch(etag) else None  # else a git blob id, not the digest


def check_commit(entry: CatalogEntry, hub: HubFile, endpoint: str) -> None:
    """The hub must serve the file from the pinned commit (it names it in X-Repo-Commit)."""
    if hub.commit is not None and hub.commit.lower() != entry.revision:
        raise DownloadError(
            f"{endpoint} answered for {entry.repo}/{entry.file} with commit {hub.commit}, not "
            f"the commit Hearth's catalog pins ({entry.revision}); nothing was downloaded"
        )


def expected_sha256(entry: CatalogEntry, hub: HubFile, endpoint: str) -> tuple[str, Verification]:
    """The digest the downloaded file must have, and which pin it comes from."""
    published = hub_sha256(hub)
    if entry.verification == "sha256":
        pinned = entry.sha256
        if pinned is None:  # the catalog loader refuses this; a hand-made entry may not
            raise DownloadError(f"the catalog entry {entry.id} has no sha256 to check against")
        if published is not None and published != pinned:
            raise DownloadError(
                f"{entry.repo}/{entry.file} at commit {entry.revision} has sha256 {published} "
                f"on {endpoint}, but Hearth's catalog pins {pinned}: the file is not the one "
                "the catalog lists, so it was not downloaded"
            )
        return pinned, "sha256"
    if published is None:
        raise DownloadError(
            f"{endpoint} published no sha256 for {entry.repo}/{entry.file} at commit "
            f"{entry.revision}, so the download could not be verified; nothing was downloaded"
        )
    return published, "hub-lfs-sha256"
