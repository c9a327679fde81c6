"""Assistants over a real profile: built-ins, create/edit/duplicate/delete, plans, new chats."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from app.assistants.codec import profile_from_dict, profile_to_dict
from app.assistants.model import (
    AdapterSetting,
    AssistantError,
    AssistantProfile,
    ModelRef,
    SamplingDefaults,
)
from app.assistants.service import AssistantService
from app.config import Paths, Settings
from app.core import Core
from app.library.starter import STARTER_SHA256

OTHER_SHA = "ab" * 32


@pytest.fixture
def core(hearth_home: Path) -> Iterator[Core]:
    opened = Core.open(Paths.resolve())
    yield opened
    opened.close()


@pytest.fixture
def service(core: Core) -> AssistantService:
    return core.assistants


def _profile(name: str = "Contracts", **changes: object) -> AssistantProfile:
    base = AssistantProfile(
        name=name,
        model=ModelRef(STARTER_SHA256, "SmolLM2 135M Instruct", "smollm2-135m-instruct"),
        instructions="You review contracts.",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_builtins_are_seeded_once_and_a_deleted_one_stays_deleted(core: Core) -> None:
    service = core.assistants
    names = [a.name for a in service.list()]
    assert names == ["Business writer", "Customer support", "HR assistant", "Market analyst"]
    assert all(a.builtin and a.profile.model.follows_default for a in service.list())
    writer = service.find("business WRITER")
    assert "proposal" in writer.profile.pinned_templates
    assert writer.profile.starter_prompts

    service.delete(writer.id)
    assert service.seed_builtins() == []  # not brought back by the next start
    assert "Business writer" not in [a.name for a in service.list()]
    assert service.restore_builtins() == 1
    assert "Business writer" in [a.name for a in service.list()]


def test_create_edit_duplicate_delete(service: AssistantService) -> None:
    created = service.create(_profile(starter_prompts=(" Review this NDA ", "")))
    assert created.profile.starter_prompts == ("Review this NDA",)
    edited = service.update(created.id, replace(created.profile, description="Careful."))
    assert service.get(created.id).profile.description == "Careful."
    assert edited.updated_at >= created.updated_at

    copy = service.duplicate(created.id)
    assert copy.name == "Contracts (copy)"
    assert copy.profile.instructions == created.profile.instructions
    assert service.duplicate(created.id).name == "Contracts (copy) (2)"

    service.delete(copy.id)
    with pytest.raises(AssistantError, match="no assistant"):
        service.get(copy.id)


def test_bad_profiles_are_refused_with_the_reason(service: AssistantService) -> None:
    service.create(_profile())
    cases = [
        (_profile(name="  contracts "), "already exists"),
        (_profile(name=" "), "needs a name"),
        (_profile(name="X", adapters=(AdapterSetting(OTHER_SHA, "a", 2.5),)), "between 0 and 2"),
        (_profile(name="Y", knowledge_collections=("Nope",)), "no document collection named"),
        (_profile(name="Z", pinned_templates=("no-such-template",)), "no template"),
        (_profile(name="W", model=ModelRef("xyz", "m")), "64 hex digits"),
    ]
    for profile, message in cases:
        with pytest.raises(AssistantError, match=message):
            service.create(profile)
    assert [a.name for a in service.list() if not a.builtin] == ["Contracts"]


def test_plan_names_what_is_missing_and_where_to_get_it(
    core: Core, service: AssistantService, starter_model: Path
) -> None:
    assistant = service.create(_profile(adapters=(AdapterSetting(OTHER_SHA, "Legal LoRA", 0.5),)))
    plan = service.plan(assistant)
    assert not plan.ready and plan.model is None
    assert plan.missing_model is not None
    assert plan.missing_model.catalog_entry is not None
    assert plan.missing_model.catalog_entry.id == "smollm2-135m-instruct"
    problems = plan.problems()
    assert "hearth models download smollm2-135m-instruct" in problems[0]
    assert "Legal LoRA" in problems[1]

    record = core.library.import_model(starter_model)
    plan = service.plan(service.update(assistant.id, replace(assistant.profile, adapters=())))
    assert plan.ready and plan.model is not None and plan.model.id == record.id
    assert plan.needs_model_load(None) and not plan.needs_model_load(STARTER_SHA256)
    assert plan.adapter_pairs() == ()
    assert plan.system_prompt == "You review contracts."


def test_builtins_follow_the_default_model(
    core: Core, service: AssistantService, starter_model: Path, tmp_path: Path
) -> None:
    starter = core.library.import_model(starter_model)
    bigger_file = tmp_path / "bigger.gguf"
    bigger_file.write_bytes(starter_model.read_bytes())  # same header, another file and record
    bigger = core.library.import_model(bigger_file)
    writer = service.find("Business writer")
    assert service.plan(writer).model is not None
    core.save_settings(replace(core.settings, default_model_id=bigger.id))
    assert service.plan(writer).model == bigger
    core.save_settings(replace(core.settings, default_model_id=starter.id))
    assert service.plan(writer).model == starter


def test_a_new_chat_starts_from_the_assistant(core: Core, service: AssistantService) -> None:
    collection = core.knowledge.create_collection("Contracts library")
    assistant = service.create(_profile(knowledge_collections=(collection.name,)))
    conversation = service.apply_to_new_chat(assistant)
    assert conversation.system_prompt == "You review contracts."
    assert conversation.assistant_id == assistant.id
    _, collections = core.knowledge.store.conversation_attachments(conversation.id)
    assert collections == [collection.id]

    core.knowledge.store.rename_collection(collection.id, "Renamed")
    assert service.get(assistant.id).profile.knowledge_collections == ("Renamed",)
    service.delete(assistant.id)
    kept = core.chats.conversations.get(conversation.id)
    assert kept.assistant_id is None  # the chat stays, unlinked
    assert kept.system_prompt == "You review contracts."


def test_sampling_defaults_lie_over_the_users_settings() -> None:
    settings = Settings(temperature=0.7, top_k=40, max_tokens=512)
    merged = SamplingDefaults(temperature=0.2, max_tokens=9999999).over(settings)
    assert (merged.temperature, merged.top_k, merged.max_tokens) == (0.2, 40, 9999999)
    assert SamplingDefaults(temperature=99.0).over(settings).temperature == 5.0  # clamped


def test_profile_files_round_trip_and_refuse_unknown_keys() -> None:
    profile = _profile(
        adapters=(AdapterSetting(OTHER_SHA, "Legal", 0.75),),
        sampling=SamplingDefaults(temperature=0.3, top_k=20),
        pinned_templates=("proposal",),
        starter_prompts=("Hi",),
    )
    data = profile_to_dict(profile)
    assert profile_from_dict(data, where="x") == profile
    with pytest.raises(AssistantError, match="x: unknown key\\(s\\) colour"):
        profile_from_dict({**data, "colour": "red"}, where="x")
    with pytest.raises(AssistantError, match="sampling top_k must be a whole number"):
        profile_from_dict({**data, "sampling": {"top_k": 1.5}}, where="x")
    with pytest.raises(AssistantError, match="schema 7"):
        profile_from_dict({**data, "schema": 7}, where="x")
