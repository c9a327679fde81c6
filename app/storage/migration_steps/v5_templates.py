"""v5: business-document templates and generated documents with their recipes."""

from __future__ import annotations

STEP: tuple[str, ...] = (
    # The user's own templates (built-ins are files in resources/templates, never rows).
    # `definition` holds the whole template as JSON in the file schema (app/templates/codec.py).
    """
    CREATE TABLE templates (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        slug TEXT NOT NULL,
        name TEXT NOT NULL,
        category TEXT NOT NULL,
        version INTEGER NOT NULL,
        definition TEXT NOT NULL,
        based_on TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CONSTRAINT uq_templates_slug UNIQUE (slug)
    )
    """,
    # A generated document and the recipe that produced it. `template_slug` is not a foreign
    # key: the template may be a built-in, or deleted later, and the recipe must outlive it.
    """
    CREATE TABLE generated_documents (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        title TEXT NOT NULL,
        template_slug TEXT NOT NULL,
        template_version INTEGER NOT NULL,
        fields TEXT NOT NULL,
        options TEXT NOT NULL,
        model_sha256 TEXT NOT NULL,
        model_name TEXT NOT NULL,
        adapters TEXT NOT NULL,
        sampling TEXT NOT NULL,
        seed INTEGER NOT NULL,
        system_prompt TEXT NOT NULL,
        rendered_prompt TEXT NOT NULL,
        sections TEXT NOT NULL,
        content TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX ix_generated_documents_updated_at ON generated_documents (updated_at)",
    "CREATE INDEX ix_generated_documents_template_slug ON generated_documents (template_slug)",
)
