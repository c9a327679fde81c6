"""Tool calls stored with a reply: read back in order, replaced when the reply is regenerated,
gone with the chat, and carried by both export forms."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from app.chats.export import conversation_as_dict, conversation_as_markdown
from app.chats.tool_call_store import ToolCallStore
from app.chats.tool_loop import DENIED_TEXT, ToolEvent, ToolRequest
from app.config import Paths
from app.core import Core
from app.engine.types import ToolCall
from app.storage.tool_schema import ToolCallRow
from app.tools.tool_result import ToolResult


def event(name: str, arguments: str, result: str, *, allowed: bool = True) -> ToolEvent:
    call = ToolCall(id=f"call-{name}", name=name, arguments=arguments)
    request = ToolRequest(call, key=f"calc/{name}", source="calc")
    return ToolEvent(request, ToolResult(result), allowed=allowed)


def test_calls_come_back_in_order_and_go_into_the_export(hearth_home: Path) -> None:
    core = Core.open(Paths.resolve())
    try:
        chat = core.chats.new_conversation()
        pending = core.chats.send(chat.id, "What is 2 + 3?")
        core.chats.fail(pending.reply_message_id, "It is 5.")
        store = ToolCallStore(core.database)
        added = event("add", '{"a": 2, "b": 3}', "5.0")
        denied = event("shout", '{"text": "hi"}', DENIED_TEXT, allowed=False)
        store.save(pending.reply_message_id, [added, denied])

        found = store.of_conversation(chat.id)
        assert found == {pending.reply_message_id: (added, denied)}

        messages = core.chats.messages.list(chat.id)
        as_dict = conversation_as_dict(chat, messages, None, found)
        [reply] = [m for m in as_dict["messages"] if m["role"] == "assistant"]
        assert [c["name"] for c in reply["tool_calls"]] == ["add", "shout"]
        assert reply["tool_calls"][0]["arguments"] == {"a": 2, "b": 3}
        assert reply["tool_calls"][0]["result"] == "5.0" and not reply["tool_calls"][1]["allowed"]
        markdown = conversation_as_markdown(chat, messages, None, found)
        assert "> Tool `add` (calc)" in markdown and "done. Result: 5.0" in markdown
        assert "> Tool `shout` (calc)" in markdown and "denied by the user" in markdown
        assert markdown.index("> Tool `add`") < markdown.index("It is 5.")

        store.save(pending.reply_message_id, [])  # regenerated without tools
        assert store.of_conversation(chat.id) == {}
        store.save(pending.reply_message_id, [added])
        core.chats.conversations.delete(chat.id)
        with core.database.session(write=False, action="count") as session:
            assert session.scalar(select(func.count()).select_from(ToolCallRow)) == 0
    finally:
        core.close()
