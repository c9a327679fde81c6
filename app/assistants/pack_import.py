"""Import a `.hearth` pack: review everything first, then apply it all or nothing.

`review` reads and verifies the pack (pack_reader.py) into a private staging folder and works
out what an import would add (pack_review.py); it changes nothing. `apply` then adds it all, or,
if any step fails, removes again what was already added (pack_apply.py).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from app.assistants.pack_apply import ImportResult, MissingModelError, PackApplier
from app.assistants.pack_format import PackLimits
from app.assistants.pack_reader import PackSignatureError, read_pack
from app.assistants.pack_review import PackCompatibilityError, PackReview, review_pack
from app.assistants.service import AssistantService
from app.config import Paths
from app.library.model_library import ModelLibrary

if TYPE_CHECKING:
    from app.security.keys import MasterKey
    from app.tools.mcp_repository import McpServerRepository

__all__ = [
    "ImportResult",
    "MissingModelError",
    "PackCompatibilityError",
    "PackImporter",
    "PackReview",
]


class PackImporter:
    def __init__(
        self,
        service: AssistantService,
        library: ModelLibrary,
        paths: Paths,
        *,
        limits: PackLimits | None = None,
        key: MasterKey | None = None,
        tool_servers: McpServerRepository | None = None,
    ) -> None:
        self.service = service
        self.library = library
        self.paths = paths
        self.limits = limits or PackLimits()
        # On an encrypted profile the pack's document files are kept encrypted (their text is
        # in the encrypted database already; the files stay only as the documents' sources).
        self.key = key
        self.tool_servers = tool_servers

    def review(self, source: Path, *, require_signature: bool = False) -> PackReview:
        """Verify the pack and work out what importing it would do. Raises a PackError."""
        self.paths.data_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".pack-import-", dir=self.paths.data_dir))
        try:
            pack = read_pack(source, staging, limits=self.limits)
            label = pack.source.name
            if require_signature and pack.signature.state != "signed":
                raise PackSignatureError(f"{label} is unsigned, and a signed pack was required")
            review = review_pack(pack, self.service, self.library)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        review._staging = staging
        return review

    def apply(self, review: PackReview) -> ImportResult:
        """Add everything the review listed; on any failure remove what was added and raise."""
        applier = PackApplier(
            self.service, self.library, self.paths, self.key, tool_servers=self.tool_servers
        )
        return applier.apply(review)
