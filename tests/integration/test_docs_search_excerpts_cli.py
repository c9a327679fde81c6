"""`hearth docs search` excerpts centred on the match, through the real CLI subprocess."""

from __future__ import annotations

from pathlib import Path

from tests.fixtures.documents import write_pdf
from tests.integration.test_cli import hearth, ok_json

PAGE = (
    "It was agreed that the minutes of the previous meeting were an accurate record. The chair "
    "welcomed two new members and thanked the outgoing treasurer for six years of service. "
    "Apologies were received from the head of legal, who was travelling abroad that week. "
    "Third-quarter revenue was 48.2 million euros, up 11 percent from a year earlier. "
    "Other business included the summer party and the new coffee machine."
)


def test_json_results_carry_a_centred_excerpt_and_highlights(
    hearth_home: Path, tmp_path: Path
) -> None:
    ok_json(hearth_home, "docs", "add", str(write_pdf(tmp_path / "minutes.pdf", [PAGE])))
    found = ok_json(hearth_home, "docs", "search", "third-quarter revenue")
    top = found["results"][0]
    assert "48.2 million euros" in top["excerpt"]
    marked = [top["excerpt"][start:end] for start, end in top["highlights"]]
    assert [w.casefold() for w in marked] == ["third", "quarter", "revenue"]

    human = hearth(hearth_home, "docs", "search", "third-quarter revenue")
    assert human.returncode == 0, human.describe()
    assert "48.2 million euros" in human.stdout
    assert "\033[" not in human.stdout  # piped: plain text, no terminal codes
