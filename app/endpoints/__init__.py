"""Remote OpenAI-compatible inference servers the user chose to use (Qt-free).

No endpoint exists until the user adds one: a fresh profile never talks to the network.
"""
