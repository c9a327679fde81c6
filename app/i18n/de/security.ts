<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
  <context>
    <name>hearth</name>
    <message>
      <source>Adapter Studio is training. Pause or cancel the training first, then change the encryption (a paused run is converted with the rest of your data).</source>
      <translation>Das Adapter-Studio trainiert gerade. Pausieren oder brechen Sie das Training zuerst ab und ändern Sie dann die Verschlüsselung (ein pausierter Lauf wird mit Ihren übrigen Daten umgewandelt).</translation>
    </message>
    <message>
      <source>Change passphrase</source>
      <translation>Passphrase ändern</translation>
    </message>
    <message>
      <source>Change the passphrase</source>
      <translation>Die Passphrase ändern</translation>
    </message>
    <message>
      <source>Current passphrase</source>
      <translation>Aktuelle Passphrase</translation>
    </message>
    <message>
      <source>Current:</source>
      <translation>Aktuell:</translation>
    </message>
    <message>
      <source>Decrypt my data</source>
      <translation>Meine Daten entschlüsseln</translation>
    </message>
    <message>
      <source>Encrypt my data</source>
      <translation>Meine Daten verschlüsseln</translation>
    </message>
    <message>
      <source>Encrypt now?</source>
      <translation>Jetzt verschlüsseln?</translation>
    </message>
    <message>
      <source>Encrypt your conversations, documents and adapter copies with a passphrase. Hearth will ask for it each time it starts and after it has been idle.</source>
      <translation>Verschlüsseln Sie Ihre Unterhaltungen, Dokumente und Adapter-Kopien mit einer Passphrase. Hearth fragt bei jedem Start und nach längerer Inaktivität danach.</translation>
    </message>
    <message>
      <source>Encryption</source>
      <translation>Verschlüsselung</translation>
    </message>
    <message>
      <source>Enter your passphrase to continue.</source>
      <translation>Geben Sie Ihre Passphrase ein, um fortzufahren.</translation>
    </message>
    <message>
      <source>Enter your passphrase to open your conversations and documents.</source>
      <translation>Geben Sie Ihre Passphrase ein, um Ihre Unterhaltungen und Dokumente zu öffnen.</translation>
    </message>
    <message>
      <source>Hearth is locked</source>
      <translation>Hearth ist gesperrt</translation>
    </message>
    <message>
      <source>If you forget the passphrase, your data is gone: there is no reset and no back door, not for you and not for anyone else. Write it down somewhere safe.</source>
      <translation>Wenn Sie die Passphrase vergessen, sind Ihre Daten verloren: Es gibt kein Zurücksetzen und keine Hintertür, weder für Sie noch für sonst jemanden. Notieren Sie sie an einem sicheren Ort.</translation>
    </message>
    <message>
      <source>Keeps the key in the system keyring, so Hearth opens without asking.</source>
      <translation>Bewahrt den Schlüssel im Schlüsselbund des Systems auf, sodass Hearth ohne Nachfrage öffnet.</translation>
    </message>
    <message>
      <source>New passphrase</source>
      <translation>Neue Passphrase</translation>
    </message>
    <message>
      <source>New passphrase (8 characters or more)</source>
      <translation>Neue Passphrase (mindestens 8 Zeichen)</translation>
    </message>
    <message>
      <source>New:</source>
      <translation>Neu:</translation>
    </message>
    <message>
      <source>No system keyring was found, so the passphrase is asked for each time.</source>
      <translation>Es wurde kein Schlüsselbund des Systems gefunden, daher wird die Passphrase jedes Mal abgefragt.</translation>
    </message>
    <message>
      <source>No system keyring was found: the passphrase will be asked each time.</source>
      <translation>Es wurde kein Schlüsselbund des Systems gefunden: Die Passphrase wird jedes Mal abgefragt.</translation>
    </message>
    <message>
      <source>Passphrase</source>
      <translation>Passphrase</translation>
    </message>
    <message>
      <source>Passphrase:</source>
      <translation>Passphrase:</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>Beenden</translation>
    </message>
    <message>
      <source>Remember on this computer</source>
      <translation>Auf diesem Computer merken</translation>
    </message>
    <message>
      <source>Remember on this computer (system keyring)</source>
      <translation>Auf diesem Computer merken (Schlüsselbund des Systems)</translation>
    </message>
    <message>
      <source>Repeat the new passphrase</source>
      <translation>Neue Passphrase wiederholen</translation>
    </message>
    <message>
      <source>Repeat:</source>
      <translation>Wiederholen:</translation>
    </message>
    <message>
      <source>Stop encrypting</source>
      <translation>Verschlüsselung beenden</translation>
    </message>
    <message>
      <source>Store your data unencrypted on this computer?</source>
      <translation>Ihre Daten unverschlüsselt auf diesem Computer speichern?</translation>
    </message>
    <message>
      <source>Stores your data unencrypted again (uses the current passphrase above).</source>
      <translation>Speichert Ihre Daten wieder unverschlüsselt (verwendet die aktuelle Passphrase oben).</translation>
    </message>
    <message>
      <source>That passphrase is not right. Check Caps Lock and try again.</source>
      <translation>Diese Passphrase stimmt nicht. Prüfen Sie die Feststelltaste und versuchen Sie es erneut.</translation>
    </message>
    <message>
      <source>The passphrase was changed.</source>
      <translation>Die Passphrase wurde geändert.</translation>
    </message>
    <message>
      <source>The plain copy is overwritten and deleted, but on SSDs and some file systems old blocks can survive until the disk reuses them; for full protection use disk encryption as well.</source>
      <translation>Die unverschlüsselte Kopie wird überschrieben und gelöscht, aber auf SSDs und manchen Dateisystemen können alte Blöcke erhalten bleiben, bis der Datenträger sie wiederverwendet; für vollen Schutz verwenden Sie zusätzlich eine Laufwerksverschlüsselung.</translation>
    </message>
    <message>
      <source>The two new passphrases differ.</source>
      <translation>Die beiden neuen Passphrasen unterscheiden sich.</translation>
    </message>
    <message>
      <source>Type the new passphrase in both fields.</source>
      <translation>Geben Sie die neue Passphrase in beide Felder ein.</translation>
    </message>
    <message>
      <source>Type your current passphrase.</source>
      <translation>Geben Sie Ihre aktuelle Passphrase ein.</translation>
    </message>
    <message>
      <source>Unlock</source>
      <translation>Entsperren</translation>
    </message>
    <message>
      <source>Unlock Hearth</source>
      <translation>Hearth entsperren</translation>
    </message>
    <message>
      <source>Your Hearth data is encrypted</source>
      <translation>Ihre Hearth-Daten sind verschlüsselt</translation>
    </message>
    <message>
      <source>Your data is encrypted.</source>
      <translation>Ihre Daten sind verschlüsselt.</translation>
    </message>
    <message>
      <source>Your data is no longer encrypted.</source>
      <translation>Ihre Daten sind nicht mehr verschlüsselt.</translation>
    </message>
    <message>
      <source>Your data is not encrypted.</source>
      <translation>Ihre Daten sind nicht verschlüsselt.</translation>
    </message>
    <message>
      <source>Your data is now encrypted.</source>
      <translation>Ihre Daten sind jetzt verschlüsselt.</translation>
    </message>
  </context>
</TS>
