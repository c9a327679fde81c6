<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
  <context>
    <name>hearth</name>
    <message>
      <source>Adapter Studio is training. Pause or cancel the training first, then change the encryption (a paused run is converted with the rest of your data).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Change passphrase</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Change the passphrase</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Current passphrase</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Current:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Decrypt my data</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Encrypt my data</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Encrypt now?</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Encrypt your conversations, documents and adapter copies with a passphrase. Hearth will ask for it each time it starts and after it has been idle.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Encryption</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Enter your passphrase to continue.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Enter your passphrase to open your conversations and documents.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Hearth is locked</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>If you forget the passphrase, your data is gone: there is no reset and no back door, not for you and not for anyone else. Write it down somewhere safe.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Keeps the key in the system keyring, so Hearth opens without asking.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>New passphrase</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>New passphrase (8 characters or more)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>New:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No system keyring was found, so the passphrase is asked for each time.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No system keyring was found: the passphrase will be asked each time.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Passphrase</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Passphrase:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Quit</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Remember on this computer</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Remember on this computer (system keyring)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Repeat the new passphrase</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Repeat:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Stop encrypting</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Store your data unencrypted on this computer?</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Stores your data unencrypted again (uses the current passphrase above).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>That passphrase is not right. Check Caps Lock and try again.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The passphrase was changed.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The plain copy is overwritten and deleted, but on SSDs and some file systems old blocks can survive until the disk reuses them; for full protection use disk encryption as well.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The two new passphrases differ.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Type the new passphrase in both fields.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Type your current passphrase.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Unlock</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Unlock Hearth</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Your Hearth data is encrypted</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Your data is encrypted.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Your data is no longer encrypted.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Your data is not encrypted.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Your data is now encrypted.</source>
      <translation type="unfinished" />
    </message>
  </context>
</TS>
