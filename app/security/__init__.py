"""Encryption at rest (optional, off by default): passphrase -> keys, the SQLCipher database,
Hearth's own files, the OS keyring. Qt-free; below the engine, the library and the front ends."""
