"""`hearth encryption status|enable|disable|change-passphrase [--json]`, and unlocking an
encrypted profile for every other command.

Passphrases never come from argv (other users can read a process's arguments): the current one
from HEARTH_PASSPHRASE, the OS keyring or a hidden prompt; a new one from HEARTH_NEW_PASSPHRASE
(HEARTH_PASSPHRASE for `enable`) or a prompt asked twice.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING, Any, Final

from app.config import Paths
from app.storage.cipher import looks_encrypted

from .output import CliError, emit_json

if TYPE_CHECKING:  # imported when used: plain profiles never load the crypto libraries
    from app.security.keys import MasterKey
    from app.security.profile_encryption import ConversionReport

PASSPHRASE_ENV: Final = "HEARTH_PASSPHRASE"
NEW_PASSPHRASE_ENV: Final = "HEARTH_NEW_PASSPHRASE"
# This command converts the database file, so main() must not hold it open.
NEEDS_CORE: Final = False


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "encryption", help="encrypt your data with a passphrase, or stop encrypting it"
    )
    sub = parser.add_subparsers(dest="encryption_command", required=True)
    for name, text in (
        ("status", "say whether the data is encrypted"),
        ("enable", f"encrypt the data (new passphrase from ${PASSPHRASE_ENV} or a prompt)"),
        ("disable", "store the data unencrypted again"),
        ("change-passphrase", f"re-key the data (new passphrase from ${NEW_PASSPHRASE_ENV})"),
    ):
        command = sub.add_parser(name, help=text)
        command.add_argument("--json", action="store_true")
        if name in ("enable", "change-passphrase"):
            command.add_argument(
                "--remember", action="store_true", help="keep the key in the OS keyring"
            )


def _interactive() -> bool:
    return sys.stdin.isatty()


def _prompt_new(prompt: str) -> str:
    if not _interactive():
        raise CliError(
            f"no new passphrase: set {NEW_PASSPHRASE_ENV} (or {PASSPHRASE_ENV} for enable), "
            "or run in a terminal to be asked"
        )
    first = getpass.getpass(prompt)
    if getpass.getpass("Repeat it: ") != first:
        raise CliError("the two passphrases differ; nothing was changed")
    return first


def current_key(paths: Paths, *, ask: bool = True) -> MasterKey | None:
    """The key of an encrypted profile: HEARTH_PASSPHRASE, else the keyring, else a prompt.

    None for a plain profile, or when nothing gave a key (then opening reports the lock).
    Raises WrongPassphraseError for a wrong HEARTH_PASSPHRASE or typed passphrase.
    """
    if not looks_encrypted(paths.database):
        return None
    from app.security import profile_encryption as encryption

    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return encryption.unlock(paths, given)
    remembered = encryption.remembered_key(paths)
    if remembered is not None:
        return remembered
    if ask and _interactive():
        return encryption.unlock(paths, getpass.getpass("Hearth passphrase: "))
    return None


def run_without_core(paths: Paths, args: argparse.Namespace) -> int:
    from app.security.file_crypto import FileCryptoError

    try:
        return _run(paths.ensure(), args)
    except FileCryptoError as exc:
        raise CliError(str(exc)) from exc


def _run(paths: Paths, args: argparse.Namespace) -> int:
    from app.security import profile_encryption as encryption

    command = args.encryption_command
    if command == "status":
        state = encryption.status(paths)
        if args.json:
            emit_json(state.to_dict())
        else:
            print("Encrypted: " + ("yes" if state.encrypted else "no"))
            if state.encrypted:
                print("Remembered on this computer: " + ("yes" if state.remembered else "no"))
                print(f"Adapter copies encrypted: {state.encrypted_files}")
            if state.keyring_problem:
                print(state.keyring_problem)
        return 0
    if command == "enable":
        passphrase = os.environ.get(PASSPHRASE_ENV) or _prompt_new("New passphrase: ")
        report = encryption.enable(paths, passphrase, remember_key=args.remember)
        return _done(args, "Your data is now encrypted.", report)
    key = current_key(paths)
    if key is None:
        if not encryption.is_encrypted(paths):
            raise CliError("the data is not encrypted; nothing was changed")
        raise CliError(f"the data is encrypted: set {PASSPHRASE_ENV} or run in a terminal")
    if command == "disable":
        report = encryption.disable(paths, key)
        return _done(args, "Your data is no longer encrypted.", report)
    new = os.environ.get(NEW_PASSPHRASE_ENV) or _prompt_new("New passphrase: ")
    report = encryption.change_passphrase(paths, key, new, remember_key=args.remember)
    return _done(args, "The passphrase was changed.", report)


def _done(args: argparse.Namespace, headline: str, report: ConversionReport) -> int:
    if args.json:
        emit_json(
            {
                "encrypted": report.key is not None,
                "shredded": [str(p) for p in report.shredded],
                "backups_converted": [str(p) for p in report.backups_converted],
                "files_converted": [str(p) for p in report.files_converted],
                "keyring_note": report.keyring_note,
                "notes": list(report.notes),
            }
        )
        return 0
    print(headline)
    if report.files_converted:
        print(f"Adapter copies converted: {len(report.files_converted)}")
    for note in (*report.notes, *([report.keyring_note] if report.keyring_note else [])):
        print(note)
    if report.key is not None:
        print("Keep the passphrase safe: without it the data cannot be recovered.")
    return 0
