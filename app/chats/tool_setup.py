"""What a chat with tools needs, gathered once per reply: the toolbox (built-ins, the
assistant's knowledge, its MCP servers), how the model writes calls, and the "always allow"
ticks. Shared by the GUI and `hearth chat --tools`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.knowledge.knowledge_base import KnowledgeBase
from app.knowledge.records import Passage
from app.tools import family_of_model
from app.tools.builtin_tools import BuiltinTools, KnowledgeSearch
from app.tools.mcp_client import McpClient
from app.tools.mcp_repository import McpServerRepository
from app.tools.toolbox import Toolbox


@dataclass(frozen=True)
class ChatTools:
    toolbox: Toolbox
    family: str
    always_allowed: frozenset[str]
    assistant_id: int | None


def knowledge_search(knowledge: KnowledgeBase, collections: Sequence[str]) -> KnowledgeSearch:
    def search(query: str, limit: int) -> list[Passage]:
        found: list[Passage] = []
        for collection in collections:
            found.extend(knowledge.search(query, collection=collection, limit=limit))
        return sorted(found, key=lambda p: p.score, reverse=True)[:limit]

    return search


def gather_chat_tools(
    servers: McpServerRepository,
    knowledge: KnowledgeBase,
    client: McpClient,
    *,
    assistant_id: int | None,
    collections: Sequence[str],
    model_path: str | None,
) -> ChatTools:
    builtins = BuiltinTools(
        search=knowledge_search(knowledge, collections) if collections else None,
        disabled=servers.disabled_builtins(assistant_id),
    )
    toolbox = Toolbox.gather(builtins, servers.usable_by(assistant_id), client)
    return ChatTools(
        toolbox=toolbox,
        family=family_of_model(model_path),
        always_allowed=servers.always_allowed(assistant_id),
        assistant_id=assistant_id,
    )
