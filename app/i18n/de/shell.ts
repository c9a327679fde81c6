<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
  <context>
    <name>hearth</name>
    <message>
      <source> Assistant </source>
      <translation> Assistent </translation>
    </message>
    <message>
      <source> Model </source>
      <translation> Modell </translation>
    </message>
    <message>
      <source> layers</source>
      <translation> Schichten</translation>
    </message>
    <message>
      <source> min</source>
      <translation> Min.</translation>
    </message>
    <message>
      <source> or </source>
      <translation> oder </translation>
    </message>
    <message>
      <source> tokens</source>
      <translation> Tokens</translation>
    </message>
    <message>
      <source>&amp;Chat</source>
      <translation>&amp;Chat</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>&amp;Datei</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>&amp;Hilfe</translation>
    </message>
    <message>
      <source>&amp;Tools</source>
      <translation>&amp;Werkzeuge</translation>
    </message>
    <message>
      <source>&amp;View</source>
      <translation>&amp;Ansicht</translation>
    </message>
    <message>
      <source>&lt;b&gt;Licences&lt;/b&gt; — {n} component ships with Hearth. Choose it to read its licence.</source>
      <translation>&lt;b&gt;Lizenzen&lt;/b&gt; — {n} Komponente wird mit Hearth ausgeliefert. Wählen Sie sie, um ihre Lizenz zu lesen.</translation>
    </message>
    <message>
      <source>&lt;b&gt;Licences&lt;/b&gt; — {n} components ship with Hearth. Choose one to read its licence.</source>
      <translation>&lt;b&gt;Lizenzen&lt;/b&gt; — {n} Komponenten werden mit Hearth ausgeliefert. Wählen Sie eine, um ihre Lizenz zu lesen.</translation>
    </message>
    <message>
      <source>About Hearth</source>
      <translation>Über Hearth</translation>
    </message>
    <message>
      <source>Adapter Studio…</source>
      <translation>Adapter-Studio…</translation>
    </message>
    <message>
      <source>Adapters</source>
      <translation>Adapter</translation>
    </message>
    <message>
      <source>All layers</source>
      <translation>Alle Schichten</translation>
    </message>
    <message>
      <source>Applies after Hearth restarts.</source>
      <translation>Gilt nach einem Neustart von Hearth.</translation>
    </message>
    <message>
      <source>Assistant</source>
      <translation>Assistent</translation>
    </message>
    <message>
      <source>Assistant and model</source>
      <translation>Assistent und Modell</translation>
    </message>
    <message>
      <source>Assistants…</source>
      <translation>Assistenten…</translation>
    </message>
    <message>
      <source>Attach LoRA adapters to the model ({keys})</source>
      <translation>LoRA-Adapter an das Modell anhängen ({keys})</translation>
    </message>
    <message>
      <source>Attach documents to this chat</source>
      <translation>Dokumente an diesen Chat anhängen</translation>
    </message>
    <message>
      <source>Attach files…</source>
      <translation>Dateien anhängen…</translation>
    </message>
    <message>
      <source>Automatic</source>
      <translation>Automatisch</translation>
    </message>
    <message>
      <source>Automatic: by the model's size ({small} tokens below 1B parameters, up to {largest} for the largest). A reply that reaches the limit can be continued.</source>
      <translation>Automatisch: nach Größe des Modells ({small} Tokens unter 1 Mrd. Parametern, bis zu {largest} für die größten). Eine Antwort, die die Grenze erreicht, kann fortgesetzt werden.</translation>
    </message>
    <message>
      <source>CPU only</source>
      <translation>Nur CPU</translation>
    </message>
    <message>
      <source>CPU threads for generation. Automatic: each reply uses the cores other programs leave free when it starts, and gives one up if it slows down; a number fixes it.</source>
      <translation>CPU-Threads für die Generierung. Automatisch: Jede Antwort nutzt die Kerne, die andere Programme beim Start frei lassen, und gibt einen ab, wenn sie langsamer wird; eine Zahl legt sie fest.</translation>
    </message>
    <message>
      <source>Cannot restore {name}: {error}</source>
      <translation>{name} kann nicht wiederhergestellt werden: {error}</translation>
    </message>
    <message>
      <source>Chat</source>
      <translation>Chat</translation>
    </message>
    <message>
      <source>Chat with the model ({keys})</source>
      <translation>Mit dem Modell chatten ({keys})</translation>
    </message>
    <message>
      <source>Choose a component to read its licence</source>
      <translation>Wählen Sie eine Komponente, um ihre Lizenz zu lesen</translation>
    </message>
    <message>
      <source>Choose a model…</source>
      <translation>Modell auswählen…</translation>
    </message>
    <message>
      <source>Column headers</source>
      <translation>Spaltenköpfe</translation>
    </message>
    <message>
      <source>Command</source>
      <translation>Befehl</translation>
    </message>
    <message>
      <source>Component</source>
      <translation>Komponente</translation>
    </message>
    <message>
      <source>Context size:</source>
      <translation>Kontextgröße:</translation>
    </message>
    <message>
      <source>Copy diagnostics</source>
      <translation>Diagnosedaten kopieren</translation>
    </message>
    <message>
      <source>Custom</source>
      <translation>Benutzerdefiniert</translation>
    </message>
    <message>
      <source>Dark</source>
      <translation>Dunkel</translation>
    </message>
    <message>
      <source>Default system prompt:</source>
      <translation>Standard-Systemprompt:</translation>
    </message>
    <message>
      <source>Detailed logs (may record chat and document text)</source>
      <translation>Ausführliche Protokolle (können Chat- und Dokumenttext enthalten)</translation>
    </message>
    <message>
      <source>Devices:</source>
      <translation>Geräte:</translation>
    </message>
    <message>
      <source>Diagnostics copied (no chat or document text included)</source>
      <translation>Diagnosedaten kopiert (ohne Chat- oder Dokumenttext)</translation>
    </message>
    <message>
      <source>Dismiss</source>
      <translation>Ausblenden</translation>
    </message>
    <message>
      <source>Document collections and watched folders ({keys})</source>
      <translation>Dokumentsammlungen und überwachte Ordner ({keys})</translation>
    </message>
    <message>
      <source>Document retries:</source>
      <translation>Neuversuche für Dokumente:</translation>
    </message>
    <message>
      <source>Documents</source>
      <translation>Dokumente</translation>
    </message>
    <message>
      <source>Documents: write a section again (new seed) while it has a detail that is not in its sources or leaves out a required fact, up to this many times</source>
      <translation>Dokumente: Einen Abschnitt neu schreiben (neuer Seed), solange er ein Detail enthält, das nicht in seinen Quellen steht, oder eine geforderte Angabe auslässt – höchstens so oft</translation>
    </message>
    <message>
      <source>Encryption…</source>
      <translation>Verschlüsselung…</translation>
    </message>
    <message>
      <source>Engine:</source>
      <translation>Engine:</translation>
    </message>
    <message>
      <source>Export all data</source>
      <translation>Alle Daten exportieren</translation>
    </message>
    <message>
      <source>Export all data…</source>
      <translation>Alle Daten exportieren…</translation>
    </message>
    <message>
      <source>Export failed: {error}</source>
      <translation>Export fehlgeschlagen: {error}</translation>
    </message>
    <message>
      <source>Exported {n} file to {path}</source>
      <translation>{n} Datei nach {path} exportiert</translation>
    </message>
    <message>
      <source>Exported {n} files to {path}</source>
      <translation>{n} Dateien nach {path} exportiert</translation>
    </message>
    <message>
      <source>Exporting all data…</source>
      <translation>Alle Daten werden exportiert…</translation>
    </message>
    <message>
      <source>Find chats</source>
      <translation>Chats suchen</translation>
    </message>
    <message>
      <source>Find models on this computer…</source>
      <translation>Modelle auf diesem Computer suchen…</translation>
    </message>
    <message>
      <source>Fine-tune a LoRA adapter on your own examples</source>
      <translation>Einen LoRA-Adapter mit Ihren eigenen Beispielen feinabstimmen</translation>
    </message>
    <message>
      <source>Follow system</source>
      <translation>Wie das System</translation>
    </message>
    <message>
      <source>GPU layers</source>
      <translation>GPU-Schichten</translation>
    </message>
    <message>
      <source>GPU offload:</source>
      <translation>GPU-Auslagerung:</translation>
    </message>
    <message>
      <source>Generation speed of the last reply</source>
      <translation>Generierungsgeschwindigkeit der letzten Antwort</translation>
    </message>
    <message>
      <source>Get models…</source>
      <translation>Modelle holen…</translation>
    </message>
    <message>
      <source>Hearth cannot open its database</source>
      <translation>Hearth kann seine Datenbank nicht öffnen</translation>
    </message>
    <message>
      <source>Hearth closed unexpectedly</source>
      <translation>Hearth wurde unerwartet beendet</translation>
    </message>
    <message>
      <source>Hearth export (*.zip)</source>
      <translation>Hearth-Export (*.zip)</translation>
    </message>
    <message>
      <source>Hearth had a problem</source>
      <translation>Bei Hearth ist ein Problem aufgetreten</translation>
    </message>
    <message>
      <source>Hearth is already running</source>
      <translation>Hearth läuft bereits</translation>
    </message>
    <message>
      <source>Hearth is already running with this profile but could not take this request: {detail}.

Close it and try again.</source>
      <translation>Hearth läuft bereits mit diesem Profil, konnte diese Anfrage aber nicht annehmen: {detail}.

Schließen Sie Hearth und versuchen Sie es erneut.</translation>
    </message>
    <message>
      <source>Hearth is already running with this profile but did not respond within {seconds} seconds, so nothing was opened here (a second Hearth would load a second copy of the model).

If Hearth is frozen, close it (or end it in your task manager) and try again.</source>
      <translation>Hearth läuft bereits mit diesem Profil, hat aber nicht innerhalb von {seconds} Sekunden geantwortet; deshalb wurde hier nichts geöffnet (ein zweites Hearth würde eine zweite Kopie des Modells laden).

Wenn Hearth nicht mehr reagiert, schließen Sie es (oder beenden Sie es im Task-Manager) und versuchen Sie es erneut.</translation>
    </message>
    <message>
      <source>Hearth — {model}</source>
      <translation>Hearth — {model}</translation>
    </message>
    <message>
      <source>Hearth's logs are in:
{folder}</source>
      <translation>Die Protokolle von Hearth liegen in:
{folder}</translation>
    </message>
    <message>
      <source>Help</source>
      <translation>Hilfe</translation>
    </message>
    <message>
      <source>Hide this error message</source>
      <translation>Diese Fehlermeldung ausblenden</translation>
    </message>
    <message>
      <source>How many replies (the chat and local API clients) are written at the same time. Each one keeps a context cache of its own, so every extra reply takes as much memory as the context size; fewer are used when memory is short. 1: one at a time.</source>
      <translation>Wie viele Antworten (der Chat und Clients der lokalen API) gleichzeitig geschrieben werden. Jede hat ihren eigenen Kontext-Cache, daher braucht jede weitere Antwort so viel Speicher wie die Kontextgröße; bei knappem Speicher werden weniger verwendet. 1: eine nach der anderen.</translation>
    </message>
    <message>
      <source>If it happens again, the log folder has what support needs to find the cause (no chat or document text, unless you turned on detailed logging).</source>
      <translation>Falls es wieder passiert, enthält der Protokollordner, was der Support zur Ursachensuche braucht (keinen Chat- oder Dokumenttext, außer Sie haben ausführliche Protokolle eingeschaltet).</translation>
    </message>
    <message>
      <source>Import</source>
      <translation>Importieren</translation>
    </message>
    <message>
      <source>Import adapter…</source>
      <translation>Adapter importieren…</translation>
    </message>
    <message>
      <source>Import assistant pack…</source>
      <translation>Assistentenpaket importieren…</translation>
    </message>
    <message>
      <source>Import model…</source>
      <translation>Modell importieren…</translation>
    </message>
    <message>
      <source>In a chat, Enter sends, Shift+Enter starts a new line and Esc stops.</source>
      <translation>Im Chat sendet Enter, Umschalt+Enter beginnt eine neue Zeile und Esc stoppt.</translation>
    </message>
    <message>
      <source>Keyboard shortcuts</source>
      <translation>Tastenkürzel</translation>
    </message>
    <message>
      <source>Knowledge</source>
      <translation>Wissen</translation>
    </message>
    <message>
      <source>Language:</source>
      <translation>Sprache:</translation>
    </message>
    <message>
      <source>Licence</source>
      <translation>Lizenz</translation>
    </message>
    <message>
      <source>Licence text</source>
      <translation>Lizenztext</translation>
    </message>
    <message>
      <source>Light</source>
      <translation>Hell</translation>
    </message>
    <message>
      <source>LoRA adapters attached: {names}</source>
      <translation>Angehängte LoRA-Adapter: {names}</translation>
    </message>
    <message>
      <source>Local API server…</source>
      <translation>Lokaler API-Server…</translation>
    </message>
    <message>
      <source>Lock when idle:</source>
      <translation>Bei Inaktivität sperren:</translation>
    </message>
    <message>
      <source>Log folder</source>
      <translation>Protokollordner</translation>
    </message>
    <message>
      <source>Logging:</source>
      <translation>Protokolle:</translation>
    </message>
    <message>
      <source>Main</source>
      <translation>Hauptleiste</translation>
    </message>
    <message>
      <source>Max reply tokens:</source>
      <translation>Max. Tokens je Antwort:</translation>
    </message>
    <message>
      <source>Min-p:</source>
      <translation>Min-p:</translation>
    </message>
    <message>
      <source>Model</source>
      <translation>Modell</translation>
    </message>
    <message>
      <source>Models</source>
      <translation>Modelle</translation>
    </message>
    <message>
      <source>Models…</source>
      <translation>Modelle…</translation>
    </message>
    <message>
      <source>Modes</source>
      <translation>Modi</translation>
    </message>
    <message>
      <source>Never</source>
      <translation>Nie</translation>
    </message>
    <message>
      <source>New chat</source>
      <translation>Neuer Chat</translation>
    </message>
    <message>
      <source>No model loaded</source>
      <translation>Kein Modell geladen</translation>
    </message>
    <message>
      <source>None (CPU only)</source>
      <translation>Keine (nur CPU)</translation>
    </message>
    <message>
      <source>Off</source>
      <translation>Aus</translation>
    </message>
    <message>
      <source>Open log folder</source>
      <translation>Protokollordner öffnen</translation>
    </message>
    <message>
      <source>Private, offline domain assistants on your own machine.</source>
      <translation>Private Fachassistenten, offline auf Ihrem eigenen Rechner.</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>Beenden</translation>
    </message>
    <message>
      <source>Random each reply</source>
      <translation>Bei jeder Antwort zufällig</translation>
    </message>
    <message>
      <source>Regenerate reply</source>
      <translation>Antwort neu erzeugen</translation>
    </message>
    <message>
      <source>Remote endpoints…</source>
      <translation>Entfernte Endpunkte…</translation>
    </message>
    <message>
      <source>Repeat penalty:</source>
      <translation>Wiederholungsstrafe:</translation>
    </message>
    <message>
      <source>Replies at once:</source>
      <translation>Antworten gleichzeitig:</translation>
    </message>
    <message>
      <source>Restore</source>
      <translation>Wiederherstellen</translation>
    </message>
    <message>
      <source>Restore from an export</source>
      <translation>Aus einem Export wiederherstellen</translation>
    </message>
    <message>
      <source>Restore from export…</source>
      <translation>Aus Export wiederherstellen…</translation>
    </message>
    <message>
      <source>Sampling</source>
      <translation>Sampling</translation>
    </message>
    <message>
      <source>Seed</source>
      <translation>Seed</translation>
    </message>
    <message>
      <source>Seed:</source>
      <translation>Seed:</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>Einstellungen</translation>
    </message>
    <message>
      <source>Settings…</source>
      <translation>Einstellungen…</translation>
    </message>
    <message>
      <source>Shade the words of replies the model was unsure of ({keys})</source>
      <translation>Wörter in Antworten hinterlegen, bei denen das Modell unsicher war ({keys})</translation>
    </message>
    <message>
      <source>Shipped components</source>
      <translation>Mitgelieferte Komponenten</translation>
    </message>
    <message>
      <source>Shortcut</source>
      <translation>Tastenkürzel</translation>
    </message>
    <message>
      <source>Show uncertainty</source>
      <translation>Unsicherheit zeigen</translation>
    </message>
    <message>
      <source>Sources</source>
      <translation>Quellen</translation>
    </message>
    <message>
      <source>Stop</source>
      <translation>Stoppen</translation>
    </message>
    <message>
      <source>Studio</source>
      <translation>Studio</translation>
    </message>
    <message>
      <source>Temperature:</source>
      <translation>Temperatur:</translation>
    </message>
    <message>
      <source>That passphrase does not open this data. Try again.</source>
      <translation>Diese Passphrase öffnet diese Daten nicht. Versuchen Sie es erneut.</translation>
    </message>
    <message>
      <source>The export was checked. Quit and start Hearth again to finish restoring; your current data is backed up first.</source>
      <translation>Der Export wurde geprüft. Beenden Sie Hearth und starten Sie es neu, um die Wiederherstellung abzuschließen; Ihre aktuellen Daten werden vorher gesichert.</translation>
    </message>
    <message>
      <source>The language of the window; applies after a restart</source>
      <translation>Die Sprache des Fensters; gilt nach einem Neustart</translation>
    </message>
    <message>
      <source>The model that answers in this window</source>
      <translation>Das Modell, das in diesem Fenster antwortet</translation>
    </message>
    <message>
      <source>The seed used is recorded with every reply either way</source>
      <translation>Der verwendete Seed wird in jedem Fall mit jeder Antwort gespeichert</translation>
    </message>
    <message>
      <source>Theme:</source>
      <translation>Design:</translation>
    </message>
    <message>
      <source>This licence text could not be read ({path}): {error}.</source>
      <translation>Dieser Lizenztext konnte nicht gelesen werden ({path}): {error}.</translation>
    </message>
    <message>
      <source>Threads:</source>
      <translation>Threads:</translation>
    </message>
    <message>
      <source>Tokens of this chat in the model's context window</source>
      <translation>Tokens dieses Chats im Kontextfenster des Modells</translation>
    </message>
    <message>
      <source>Top-k:</source>
      <translation>Top-k:</translation>
    </message>
    <message>
      <source>Top-p:</source>
      <translation>Top-p:</translation>
    </message>
    <message>
      <source>Version</source>
      <translation>Version</translation>
    </message>
    <message>
      <source>Version:</source>
      <translation>Version:</translation>
    </message>
    <message>
      <source>What this computer can run, and the model for it</source>
      <translation>Was dieser Computer ausführen kann, und das passende Modell</translation>
    </message>
    <message>
      <source>With encryption on, lock Hearth after this long without use</source>
      <translation>Bei eingeschalteter Verschlüsselung Hearth nach so langer Nichtbenutzung sperren</translation>
    </message>
    <message>
      <source>Write business documents from templates ({keys}; type / in a chat)</source>
      <translation>Geschäftsdokumente aus Vorlagen schreiben ({keys}; oder / im Chat eingeben)</translation>
    </message>
    <message>
      <source>Zip (*.zip)</source>
      <translation>Zip (*.zip)</translation>
    </message>
    <message>
      <source>developer checkout</source>
      <translation>Entwicklerversion</translation>
    </message>
    <message>
      <source>installed build</source>
      <translation>installierte Version</translation>
    </message>
    <message>
      <source>llama.cpp backend:</source>
      <translation>llama.cpp-Backend:</translation>
    </message>
    <message>
      <source>llama.cpp through llama-cpp-python {version}</source>
      <translation>llama.cpp über llama-cpp-python {version}</translation>
    </message>
    <message>
      <source>unknown</source>
      <translation>unbekannt</translation>
    </message>
    <message>
      <source>{name} is too large to show here; it is at {path}.</source>
      <translation>{name} ist zu groß, um hier angezeigt zu werden; die Datei liegt unter {path}.</translation>
    </message>
    <message>
      <source>{name}: no licence text was found.</source>
      <translation>{name}: Es wurde kein Lizenztext gefunden.</translation>
    </message>
    <message>
      <source>{speed} tok/s</source>
      <translation>{speed} Tok./s</translation>
    </message>
    <message>
      <source>{used} / {size} ctx</source>
      <translation>{used} / {size} Kontext</translation>
    </message>
  </context>
</TS>
