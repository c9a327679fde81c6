"""`hearth templates list|show|generate|import|export`: business documents from templates."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from app.chats.sampling import load_options_from_settings, sampling_from_settings
from app.core import Core
from app.engine.errors import EngineError
from app.engine.types import LoadModel
from app.templates import (
    Listeners,
    ModelUse,
    Template,
    TemplateDocumentService,
    TemplateError,
    TextFileResolver,
    export_document,
    format_for,
)
from app.templates.codec import template_to_dict
from app.templates.fact_check import MAX_RETRIES_LIMIT, check_document
from app.templates.template_files import template_text

from .model_choice import choose_model
from .output import CliError, emit_json, table


def add_parser(commands: Any) -> None:
    templates = commands.add_parser("templates", help="business-document templates")
    sub = templates.add_subparsers(dest="templates_command", required=True)
    listing = sub.add_parser("list", help="list built-in and your own templates")
    listing.add_argument("--json", action="store_true")
    show = sub.add_parser("show", help="show one template (its file form)")
    show.add_argument("name", help="template id or name")
    show.add_argument("--json", action="store_true")
    generate = sub.add_parser("generate", help="write a document from a template")
    generate.add_argument("name", help="template id or name")
    generate.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a field value; repeat the flag for each field (and for each item of a list field)",
    )
    generate.add_argument("--out", required=True, help="output file: .docx, .pdf, .md or .html")
    generate.add_argument("--seed", type=int, help="fixed seed (the same seed gives the same text)")
    generate.add_argument("--model", help="model id or GGUF path (default: the default model)")
    generate.add_argument("--max-tokens", type=int, help="length limit per section, in tokens")
    generate.add_argument(
        "--max-retries",
        type=int,
        metavar="N",
        help="write a section again (new seed) while its fact check fails, up to N times "
        "(default: Settings, 2; 0: never)",
    )
    generate.add_argument("--tone", help="one of the template's tones")
    generate.add_argument("--length", help="one of the template's lengths (short, medium...)")
    generate.add_argument("--title", help="the document's title")
    generate.add_argument("--json", action="store_true")
    imp = sub.add_parser("import", help="add a template from a .toml or .json file")
    imp.add_argument("file")
    imp.add_argument("--replace", action="store_true", help="replace a template with that id")
    imp.add_argument("--json", action="store_true")
    exp = sub.add_parser("export", help="write a template to a .toml or .json file")
    exp.add_argument("name", help="template id or name")
    exp.add_argument("--out", required=True)
    exp.add_argument("--json", action="store_true")


def _summary(template: Template) -> dict[str, Any]:
    return {
        "id": template.id,
        "name": template.name,
        "category": template.category,
        "description": template.description,
        "version": template.version,
        "source": template.source,
        "fields": [f.key for f in template.fields],
        "sections": [s.title for s in template.outline],
    }


def parse_field_args(pairs: list[str]) -> dict[str, object]:
    """KEY=VALUE pairs; a key given twice collects its values into a list."""
    values: dict[str, object] = {}
    for pair in pairs:
        key, separator, value = pair.partition("=")
        key = key.strip()
        if not separator or not key:
            raise CliError(f"--field needs KEY=VALUE, got {pair!r}")
        if key in values:
            previous = values[key]
            values[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            values[key] = value
    return values


def run(core: Core, args: argparse.Namespace) -> int:
    service = TemplateDocumentService.open(core.database, resolver=TextFileResolver(Path.cwd()))
    try:
        return _dispatch(core, service, args)
    except TemplateError as exc:
        raise CliError(str(exc)) from exc


def _dispatch(core: Core, service: TemplateDocumentService, args: argparse.Namespace) -> int:
    command = args.templates_command
    library = service.library
    if command == "list":
        templates = library.list()
        if args.json:
            emit_json({"templates": [_summary(t) for t in templates]})
        else:
            rows = [[t.id, t.category, t.name, t.source] for t in templates]
            print(table(rows, ["ID", "CATEGORY", "NAME", "SOURCE"]))
        return 0
    if command == "show":
        template = library.get(args.name)
        if args.json:
            emit_json({"template": template_to_dict(template), "source": template.source})
        else:
            sys.stdout.write(template_text(template, "toml"))
        return 0
    if command == "import":
        template = library.import_file(Path(args.file), replace_existing=args.replace)
        if args.json:
            emit_json({"imported": _summary(template)})
        else:
            print(f"Imported template {template.id} ({template.name}, version {template.version})")
        return 0
    if command == "export":
        out = Path(args.out)
        template = library.export_file(args.name, out)
        if args.json:
            emit_json({"exported": template.id, "path": str(out.resolve())})
        else:
            print(f"Wrote {template.id} to {out}")
        return 0
    return _generate(core, service, args)


def _generate(core: Core, service: TemplateDocumentService, args: argparse.Namespace) -> int:
    if args.max_tokens is not None and args.max_tokens < 1:
        raise CliError("--max-tokens must be at least 1")
    max_retries = args.max_retries
    if max_retries is None:
        max_retries = core.settings.template_max_retries
    if not 0 <= max_retries <= MAX_RETRIES_LIMIT:
        raise CliError(f"--max-retries must be between 0 and {MAX_RETRIES_LIMIT}")
    out = Path(args.out)
    file_format = format_for(out)  # refuse a bad extension before loading a model
    plan = service.plan(
        args.name,
        parse_field_args(args.field),
        tone=args.tone,
        length=args.length,
        title=args.title,
    )
    chosen = choose_model(core, args.model)
    sampling = sampling_from_settings(core.settings, seed=args.seed, max_tokens=args.max_tokens)
    client = core.start_engine(remote=False)  # this thread waits; the worker owns llama.cpp
    stop = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        try:
            loaded = client.load(
                LoadModel(chosen.path, chosen.sha256, load_options_from_settings(core.settings))
            )
        except EngineError as exc:
            raise CliError(str(exc)) from exc
        model = ModelUse(sha256=loaded.sha256, name=loaded.name)

        def on_section(index: int, title: str) -> None:
            if not args.json and title:
                sys.stdout.write(f"\n## {title}\n\n")

        def on_text(index: int, text: str) -> None:
            if not args.json:
                sys.stdout.write(text)
                sys.stdout.flush()

        def on_retry(index: int, reason: str) -> None:
            if not args.json:
                sys.stdout.write(f"\n\n[written again: {reason}]\n")

        try:
            document = service.generate(
                plan,
                engine=client.text_generator(),
                model=model,
                sampling=sampling,
                listeners=Listeners(on_section=on_section, on_text=on_text, on_retry=on_retry),
                stop=stop,
                max_retries=max_retries,
            )
        except EngineError as exc:
            raise CliError(str(exc)) from exc
    finally:
        signal.signal(signal.SIGINT, previous)
        client.shutdown()
    export_document(document.content, out, title=document.title)
    cancelled = any(s.finish_reason == "cancelled" for s in document.sections)
    checked = check_document(document.recipe.plan, document.content)
    if args.json:
        emit_json(
            {
                "document_id": document.id,
                "path": str(out.resolve()),
                "format": file_format,
                "title": document.title,
                "text": document.content,
                "sections": [
                    {
                        "title": s.title,
                        "finish_reason": s.finish_reason,
                        "completion_tokens": s.completion_tokens,
                        "seed": s.seed,
                        "attempts": [a.as_record() for a in s.attempts],
                    }
                    for s in document.sections
                ],
                "recipe": document.recipe.as_record(),
                "issues": [issue.to_json() for issue in checked.issues],
                "missing": list(checked.missing),
            }
        )
    else:
        sys.stdout.write(f"\n\nSaved document {document.id} to {out}\n")
        if checked.issues:
            count = len(checked.issues)
            sys.stdout.write(f"{count} detail{'s' if count != 1 else ''} not in your sources:\n")
            for issue in checked.issues:
                sys.stdout.write(f"  {issue.kind}: {issue.reason}\n")
    return 130 if cancelled else 0
