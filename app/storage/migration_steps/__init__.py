"""Schema steps after v2, one module per feature (see migrations.py for the rules)."""
