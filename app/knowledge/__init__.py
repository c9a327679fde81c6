"""Documents in chat: extraction, chunking, the full-text index, retrieval and prompt grounding.

Qt-free. The front ends use `KnowledgeBase` (knowledge_base.py) and `build_grounding`
(grounding.py); the other modules are its parts, one concept each.
"""
