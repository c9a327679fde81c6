"""`hearth assistants list|show|create|delete|export|import|keygen`: assistants and their packs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.archive import human_size
from app.assistants.load_plan import LoadPlan
from app.assistants.model import (
    AdapterSetting,
    Assistant,
    AssistantError,
    AssistantProfile,
    ModelRef,
    SamplingDefaults,
)
from app.assistants.pack_import import MissingModelError
from app.assistants.service import AssistantService
from app.assistants.signing import SigningError, generate_key_file
from app.core import Core
from app.storage import NotFoundError

from .adapter_choice import split_spec
from .output import CliError, emit_json, table


def add_parser(commands: Any) -> None:
    parser = commands.add_parser("assistants", help="domain assistants and .hearth packs")
    sub = parser.add_subparsers(dest="action", required=True)

    listing = sub.add_parser("list", help="list the assistants")
    listing.add_argument("--json", action="store_true")

    show = sub.add_parser("show", help="show one assistant and what it needs")
    show.add_argument("name", help="assistant name (or id)")
    show.add_argument("--json", action="store_true")

    create = sub.add_parser("create", help="create an assistant")
    create.add_argument("name")
    create.add_argument("--model", help="model id (default: the default model)")
    create.add_argument("--adapter", action="append", metavar="ID[:SCALE]", help="repeatable")
    create.add_argument("--instructions", default="", help="the system prompt")
    create.add_argument("--description", default="")
    create.add_argument("--icon", default="", help="an emoji")
    create.add_argument("--collection", action="append", metavar="NAME", help="repeatable")
    create.add_argument("--template", action="append", metavar="ID", help="pin; repeatable")
    create.add_argument("--starter", action="append", metavar="PROMPT", help="repeatable")
    create.add_argument("--temperature", type=float)
    create.add_argument("--max-tokens", type=int)
    create.add_argument("--json", action="store_true")

    delete = sub.add_parser("delete", help="delete an assistant (its chats are kept)")
    delete.add_argument("name")
    delete.add_argument("--json", action="store_true")

    export = sub.add_parser("export", help="write an assistant as a .hearth pack")
    export.add_argument("name")
    export.add_argument("--out", required=True, metavar="FILE")
    export.add_argument("--sign", metavar="KEYFILE", help="sign with this Ed25519 key file")
    export.add_argument("--include-model", action="store_true", help="put the model file in")
    export.add_argument(
        "--include-knowledge", action="store_true", help="put the knowledge documents in"
    )
    export.add_argument(
        "--include-env-values",
        action="store_true",
        help="put the values of its MCP servers' environment in (they may be secrets; "
        "by default the keys go with empty values)",
    )
    export.add_argument("--json", action="store_true")

    imp = sub.add_parser("import", help="check a .hearth pack and add its assistant")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="check and report; change nothing")
    imp.add_argument("--require-signature", action="store_true", help="refuse unsigned packs")
    imp.add_argument("--json", action="store_true")

    keygen = sub.add_parser("keygen", help="make an Ed25519 key file for signing packs")
    keygen.add_argument("--out", required=True, metavar="KEYFILE")
    keygen.add_argument("--json", action="store_true")


def describe(assistant: Assistant, plan: LoadPlan) -> dict[str, Any]:
    profile = assistant.profile
    found = {record.sha256 for record, _ in plan.adapters}
    return {
        "id": assistant.id,
        "name": assistant.name,
        "icon": profile.icon,
        "has_icon_image": profile.icon_image is not None,
        "description": profile.description,
        "builtin": assistant.builtin,
        "model": {
            "sha256": profile.model.sha256,
            "name": profile.model.name,
            "catalog_id": profile.model.catalog_id,
            "follows_default": profile.model.follows_default,
            "model_id": plan.model.id if plan.model else None,
            "available": plan.model is not None,
        },
        "adapters": [
            {"name": a.name, "sha256": a.sha256, "scale": a.scale, "available": a.sha256 in found}
            for a in profile.adapters
        ],
        "instructions": profile.instructions,
        "sampling": profile.sampling.as_dict(),
        "knowledge_collections": list(profile.knowledge_collections),
        "pinned_templates": list(profile.pinned_templates),
        "starter_prompts": list(profile.starter_prompts),
        "ready": plan.ready,
        "problems": plan.problems(),
    }


def _find(service: AssistantService, name: str) -> Assistant:
    try:
        return service.find(name)
    except AssistantError as exc:
        raise CliError(str(exc)) from exc


def _list(service: AssistantService, args: argparse.Namespace) -> int:
    assistants = service.list()
    if args.json:
        emit_json({"assistants": [describe(a, service.plan(a)) for a in assistants]})
        return 0
    rows = []
    for assistant in assistants:
        plan = service.plan(assistant)
        model = plan.model.name if plan.model else f"{assistant.profile.model.name} (missing)"
        rows.append([str(assistant.id), f"{assistant.profile.icon} {assistant.name}", model])
    print(table(rows, ["ID", "ASSISTANT", "MODEL"]) if rows else "No assistants.")
    return 0


def _show(service: AssistantService, args: argparse.Namespace) -> int:
    assistant = _find(service, args.name)
    info = describe(assistant, service.plan(assistant))
    if args.json:
        emit_json({"assistant": info})
        return 0
    print(f"{info['icon']} {info['name']} (assistant {info['id']})")
    if info["description"]:
        print(info["description"])
    model = info["model"]
    print(f"Model: {model['name']}" + ("" if model["available"] else " (missing)"))
    for adapter in info["adapters"]:
        print(f"Adapter: {adapter['name']} at {adapter['scale']:g}")
    for key, label in (
        ("knowledge_collections", "Knowledge"),
        ("pinned_templates", "Templates"),
    ):
        if info[key]:
            print(f"{label}: {', '.join(info[key])}")
    for prompt in info["starter_prompts"]:
        print(f"Try: {prompt}")
    for problem in info["problems"]:
        print(f"Needs: {problem}")
    return 0


def _create(core: Core, service: AssistantService, args: argparse.Namespace) -> int:
    if args.model is not None:
        try:
            model = core.models.get(int(args.model))
        except (ValueError, NotFoundError):
            raise CliError(f"no model with id {args.model}; see `hearth models list`") from None
    else:
        default = core.default_model()
        if default is None:
            raise CliError("no model is registered yet: run `hearth setup` first")
        model = default
    adapters = []
    for spec in args.adapter or []:
        ident, scale = split_spec(spec)
        try:
            record = core.adapters.get(int(ident))
        except (ValueError, NotFoundError):
            raise CliError(f"no adapter with id {ident}; see `hearth adapters list`") from None
        adapters.append(AdapterSetting(record.sha256, record.name, scale))
    entry = service.catalog_entry_for(model.sha256, None)
    profile = AssistantProfile(
        name=args.name,
        model=ModelRef(model.sha256, model.name, entry.id if entry else None),
        icon=args.icon,
        description=args.description,
        adapters=tuple(adapters),
        instructions=args.instructions,
        sampling=SamplingDefaults(temperature=args.temperature, max_tokens=args.max_tokens),
        knowledge_collections=tuple(args.collection or ()),
        pinned_templates=tuple(args.template or ()),
        starter_prompts=tuple(args.starter or ()),
    )
    try:
        assistant = service.create(profile)
    except AssistantError as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        emit_json({"assistant": describe(assistant, service.plan(assistant))})
    else:
        print(f"Created {assistant.name} (assistant {assistant.id})")
    return 0


def _delete(service: AssistantService, args: argparse.Namespace) -> int:
    assistant = _find(service, args.name)
    service.delete(assistant.id)
    if args.json:
        emit_json({"deleted": assistant.id, "name": assistant.name})
    else:
        print(f"Deleted {assistant.name}")
    return 0


def _export(core: Core, service: AssistantService, args: argparse.Namespace) -> int:
    assistant = _find(service, args.name)
    exporter = core.pack_exporter()
    try:
        estimate = exporter.estimate(
            assistant, include_knowledge=args.include_knowledge, include_model=args.include_model
        )
        if estimate.warning and not args.json:
            sys.stderr.write(f"hearth: {estimate.warning}\n")
        summary = exporter.export(
            assistant,
            Path(args.out),
            include_knowledge=args.include_knowledge,
            include_model=args.include_model,
            include_env_values=args.include_env_values,
            signing_key_file=Path(args.sign) if args.sign else None,
        )
    except AssistantError as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        emit_json(
            {
                "path": str(summary.path),
                "members": summary.members,
                "bytes": summary.bytes_written,
                "signed_by": summary.signed_by,
                "notes": list(summary.notes),
                "warning": estimate.warning,
            }
        )
    else:
        signed = f", signed by {summary.signed_by}" if summary.signed_by else ", unsigned"
        print(f"Wrote {summary.path} ({human_size(summary.bytes_written)}{signed})")
        for note in summary.notes:
            print(f"Note: {note}")
    return 0


def _import(core: Core, args: argparse.Namespace) -> int:
    importer = core.pack_importer()
    try:
        with importer.review(Path(args.file), require_signature=args.require_signature) as review:
            report: dict[str, Any] = {
                "signature": review.signature.state,
                "signed_by": review.signature.fingerprint,
                "signature_label": review.signature.label(),
                "would_add": review.summary_lines(),
                "notes": list(review.notes),
            }
            if review.missing_model is not None:
                entry = review.missing_model.catalog_entry
                report["missing_model"] = {
                    "sha256": review.missing_model.sha256,
                    "name": review.missing_model.name,
                    "catalog_id": entry.id if entry else None,
                }
            if args.dry_run:
                if args.json:
                    emit_json(report | {"dry_run": True})
                else:
                    print(f"{Path(args.file).name}: {review.signature.label()}")
                    print("\n".join(review.summary_lines()))
                return 0
            if not args.json:
                sys.stderr.write(f"hearth: {Path(args.file).name} is {review.signature.label()}\n")
            result = importer.apply(review)
    except MissingModelError as exc:
        raise CliError(str(exc)) from exc
    except AssistantError as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        emit_json(
            report
            | {
                "assistant": describe(result.assistant, core.assistants.plan(result.assistant)),
                "added": list(result.added),
                "notes": list(result.notes),
            }
        )
    else:
        print(f"Imported {result.assistant.name}: " + "; ".join(result.added))
        for note in result.notes:
            print(f"Note: {note}")
    return 0


def _keygen(args: argparse.Namespace) -> int:
    try:
        pair = generate_key_file(Path(args.out))
    except SigningError as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        emit_json(
            {
                "private_key": str(pair.private_key_file),
                "public_key": str(pair.public_key_file),
                "fingerprint": pair.fingerprint,
            }
        )
    else:
        print(f"Wrote {pair.private_key_file} (keep it private) and {pair.public_key_file}")
        print(f"Fingerprint: {pair.fingerprint}")
    return 0


def run(core: Core, args: argparse.Namespace) -> int:
    if args.action == "keygen":
        return _keygen(args)
    if args.action == "import":
        return _import(core, args)
    try:
        service = core.assistants
    except AssistantError as exc:
        raise CliError(str(exc)) from exc
    if args.action == "list":
        return _list(service, args)
    if args.action == "show":
        return _show(service, args)
    if args.action == "create":
        return _create(core, service, args)
    if args.action == "delete":
        return _delete(service, args)
    return _export(core, service, args)
