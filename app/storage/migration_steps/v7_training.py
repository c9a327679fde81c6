"""v7: Adapter Studio datasets, their examples, training runs and adapter cards."""

from __future__ import annotations

STEP: tuple[str, ...] = (
    # A dataset version: the same name with other content is a new version (content_hash).
    """
    CREATE TABLE training_datasets (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        version INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        example_count INTEGER NOT NULL,
        held_out_count INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        CONSTRAINT uq_training_datasets_name_hash UNIQUE (name, content_hash)
    )
    """,
    # `record` is the example as one JSONL object ({"messages": [...], "expected", "split"}).
    """
    CREATE TABLE training_examples (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        dataset_id INTEGER NOT NULL,
        position INTEGER NOT NULL,
        split TEXT NOT NULL,
        record TEXT NOT NULL,
        source TEXT NOT NULL,
        CONSTRAINT uq_training_examples_dataset_position UNIQUE (dataset_id, position),
        FOREIGN KEY (dataset_id) REFERENCES training_datasets (id) ON DELETE CASCADE
    )
    """,
    # What a trained adapter is: its base, data, settings, cost and held-out scores. The card
    # outlives the adapter's registration (adapter_id becomes NULL when it is removed).
    """
    CREATE TABLE adapter_cards (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        adapter_id INTEGER,
        name TEXT NOT NULL,
        adapter_sha256 TEXT NOT NULL,
        base_sha256 TEXT NOT NULL,
        base_name TEXT NOT NULL,
        dataset_id INTEGER,
        dataset_hash TEXT NOT NULL,
        hyperparameters TEXT NOT NULL,
        steps INTEGER NOT NULL,
        final_loss REAL,
        train_seconds REAL NOT NULL,
        score_before REAL,
        score_after REAL,
        created_at TEXT NOT NULL,
        FOREIGN KEY (adapter_id) REFERENCES adapters (id) ON DELETE SET NULL,
        FOREIGN KEY (dataset_id) REFERENCES training_datasets (id) ON DELETE SET NULL
    )
    """,
    "CREATE INDEX ix_adapter_cards_adapter_id ON adapter_cards (adapter_id)",
    # One held-out example answered before and after training; thumbs: 1 up, -1 down, NULL none.
    """
    CREATE TABLE adapter_evaluations (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        card_id INTEGER NOT NULL,
        position INTEGER NOT NULL,
        prompt TEXT NOT NULL,
        reference TEXT NOT NULL,
        expected TEXT NOT NULL,
        reply_before TEXT NOT NULL,
        reply_after TEXT NOT NULL,
        score_before REAL NOT NULL,
        score_after REAL NOT NULL,
        thumbs_before INTEGER,
        thumbs_after INTEGER,
        CONSTRAINT uq_adapter_evaluations_card_position UNIQUE (card_id, position),
        FOREIGN KEY (card_id) REFERENCES adapter_cards (id) ON DELETE CASCADE
    )
    """,
    # The user's verdict on a chat reply ("good"/"bad") and, when the user edited the reply, the
    # text as it was generated: an edited reply becomes a training example with the edit as target.
    """
    CREATE TABLE reply_feedback (
        message_id INTEGER NOT NULL PRIMARY KEY,
        mark TEXT,
        generated_content TEXT,
        updated_at TEXT NOT NULL,
        FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE
    )
    """,
)
