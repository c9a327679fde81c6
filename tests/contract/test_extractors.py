"""The extractor contract, run against every Extractor implementation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.knowledge.extractors.dispatch import extract_document
from app.knowledge.indexer import Extractor
from app.knowledge.isolated_extraction import IsolatedExtractor
from tests.contract.extractor_contract import ExtractorContract


class TestInProcessExtractor(ExtractorContract):
    @pytest.fixture
    def extract(self) -> Extractor:
        return extract_document


class TestIsolatedExtractor(ExtractorContract):
    @pytest.fixture(scope="class")
    @classmethod
    def extract(cls) -> Iterator[Extractor]:
        # One child process for the class (starting one costs about a second).
        with IsolatedExtractor() as isolated:
            yield isolated
