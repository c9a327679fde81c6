"""Documents in chat, in the GUI: the attachment bar, the Sources panel, the Knowledge panel."""

from app.ui.knowledge.attachment_bar import AttachmentBar
from app.ui.knowledge.attachment_chip import AttachmentItem
from app.ui.knowledge.dropped_files import local_paths
from app.ui.knowledge.indexing_task import IndexingTask
from app.ui.knowledge.knowledge_panel import KnowledgePanel
from app.ui.knowledge.sources_panel import SourcesPanel

__all__ = [
    "AttachmentBar",
    "AttachmentItem",
    "IndexingTask",
    "KnowledgePanel",
    "SourcesPanel",
    "local_paths",
]
