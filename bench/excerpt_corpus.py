"""Writes the labelled excerpt corpus (bench/data/excerpt_questions.json) as real files in
their formats: PDF, DOCX, XLSX, CSV, Markdown, HTML, text, PPTX and e-mail."""

from __future__ import annotations

import csv
import json
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import docx
import openpyxl
from fpdf import FPDF
from pptx import Presentation

DATA_FILE = Path(__file__).resolve().parent / "data" / "excerpt_questions.json"


def load_labelled() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return data


def write_document(folder: Path, spec: dict[str, Any]) -> Path:
    path = folder / spec["file"]
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        pdf = FPDF()
        pdf.set_font("Helvetica", size=11)
        for page in spec["pages"]:
            pdf.add_page()
            pdf.multi_cell(0, 7, page)
        pdf.output(str(path))
    elif suffix == ".docx":
        document = docx.Document()
        for paragraph in spec["paragraphs"]:
            document.add_paragraph(paragraph)
        document.save(str(path))
    elif suffix == ".xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None
        for row in spec["rows"]:
            sheet.append(row)
        workbook.save(str(path))
    elif suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(spec["rows"])
    elif suffix == ".pptx":
        presentation = Presentation()
        for title, body in spec["slides"]:
            slide = presentation.slides.add_slide(presentation.slide_layouts[1])
            slide.shapes.title.text = title
            slide.placeholders[1].text = body
        presentation.save(str(path))
    elif suffix == ".eml":
        message = EmailMessage()
        message["From"] = "Kallio Energia <office@kallio.example>"
        message["To"] = "Lampo Energy <sales@lampo.example>"
        message["Subject"] = spec["subject"]
        message.set_content(spec["text"])
        path.write_bytes(bytes(message))
    else:  # .md, .html, .txt
        path.write_text(spec["text"], encoding="utf-8")
    return path


def write_corpus(folder: Path, data: dict[str, Any]) -> list[Path]:
    return [write_document(folder, spec) for spec in data["documents"]]
