<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
  <context>
    <name>hearth</name>
    <message>
      <source>(built-in)</source>
      <translation>(mitgeliefert)</translation>
    </message>
    <message>
      <source>(missing)</source>
      <translation>(fehlt)</translation>
    </message>
    <message>
      <source>A new chat's assistant: model, adapters, instructions</source>
      <translation>Der Assistent eines neuen Chats: Modell, Adapter, Anweisungen</translation>
    </message>
    <message>
      <source>Adapter: {name} at {scale}</source>
      <translation>Adapter: {name} mit {scale}</translation>
    </message>
    <message>
      <source>Adapters</source>
      <translation>Adapter</translation>
    </message>
    <message>
      <source>Adapters must be made for the base model; Hearth checks this when the assistant loads.</source>
      <translation>Adapter müssen für das Basismodell erstellt sein; Hearth prüft das, wenn der Assistent geladen wird.</translation>
    </message>
    <message>
      <source>Add</source>
      <translation>Hinzufügen</translation>
    </message>
    <message>
      <source>Add MCP server</source>
      <translation>MCP-Server hinzufügen</translation>
    </message>
    <message>
      <source>Add an MCP server</source>
      <translation>Einen MCP-Server hinzufügen</translation>
    </message>
    <message>
      <source>Add…</source>
      <translation>Hinzufügen…</translation>
    </message>
    <message>
      <source>Approve MCP server</source>
      <translation>MCP-Server freigeben</translation>
    </message>
    <message>
      <source>Approve the server first: listing its tools starts it.</source>
      <translation>Geben Sie den Server zuerst frei: Das Auflisten seiner Werkzeuge startet ihn.</translation>
    </message>
    <message>
      <source>Approve…</source>
      <translation>Freigeben…</translation>
    </message>
    <message>
      <source>Assistant</source>
      <translation>Assistent</translation>
    </message>
    <message>
      <source>Assistant imported</source>
      <translation>Assistent importiert</translation>
    </message>
    <message>
      <source>Assistant packs (*{suffix})</source>
      <translation>Assistenten-Pakete (*{suffix})</translation>
    </message>
    <message>
      <source>Assistant settings</source>
      <translation>Einstellungen des Assistenten</translation>
    </message>
    <message>
      <source>Assistants</source>
      <translation>Assistenten</translation>
    </message>
    <message>
      <source>Base model</source>
      <translation>Basismodell</translation>
    </message>
    <message>
      <source>Browse…</source>
      <translation>Durchsuchen…</translation>
    </message>
    <message>
      <source>Calculator</source>
      <translation>Rechner</translation>
    </message>
    <message>
      <source>Cannot start yet: {problems}.</source>
      <translation>Kann noch nicht starten: {problems}.</translation>
    </message>
    <message>
      <source>Checking {file}…</source>
      <translation>{file} wird geprüft…</translation>
    </message>
    <message>
      <source>Choose a base model (import one first if the list is empty).</source>
      <translation>Wählen Sie ein Basismodell (importieren Sie zuerst eines, wenn die Liste leer ist).</translation>
    </message>
    <message>
      <source>Choose an icon image</source>
      <translation>Symbolbild wählen</translation>
    </message>
    <message>
      <source>Choose the key file to sign with, or untick Sign.</source>
      <translation>Wählen Sie die Schlüsseldatei zum Signieren oder entfernen Sie das Häkchen bei „Signieren“.</translation>
    </message>
    <message>
      <source>Choose the signing key file</source>
      <translation>Schlüsseldatei zum Signieren wählen</translation>
    </message>
    <message>
      <source>Choose where to save the pack</source>
      <translation>Speicherort des Pakets wählen</translation>
    </message>
    <message>
      <source>Choose where to save the pack.</source>
      <translation>Wählen Sie, wo das Paket gespeichert werden soll.</translation>
    </message>
    <message>
      <source>Clear image</source>
      <translation>Bild entfernen</translation>
    </message>
    <message>
      <source>Command and arguments</source>
      <translation>Befehl und Argumente</translation>
    </message>
    <message>
      <source>Connect to a server on this computer (loopback URL)</source>
      <translation>Mit einem Server auf diesem Computer verbinden (Loopback-URL)</translation>
    </message>
    <message>
      <source>Could not list the tools: {reason}</source>
      <translation>Die Werkzeuge konnten nicht aufgelistet werden: {reason}</translation>
    </message>
    <message>
      <source>Create one with New…, or import a .hearth pack.</source>
      <translation>Erstellen Sie einen mit „Neu…“ oder importieren Sie ein .hearth-Paket.</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>Löschen</translation>
    </message>
    <message>
      <source>Delete assistant</source>
      <translation>Assistent löschen</translation>
    </message>
    <message>
      <source>Delete {name}? Chats started from it are kept; its adapters, templates and documents stay in the library.</source>
      <translation>{name} löschen? Damit begonnene Chats bleiben erhalten; seine Adapter, Vorlagen und Dokumente bleiben in der Bibliothek.</translation>
    </message>
    <message>
      <source>Description</source>
      <translation>Beschreibung</translation>
    </message>
    <message>
      <source>Document collections</source>
      <translation>Dokumentsammlungen</translation>
    </message>
    <message>
      <source>Document collections its chats answer from</source>
      <translation>Dokumentsammlungen, aus denen seine Chats antworten</translation>
    </message>
    <message>
      <source>Duplicate</source>
      <translation>Duplizieren</translation>
    </message>
    <message>
      <source>Duplicate assistant</source>
      <translation>Assistent duplizieren</translation>
    </message>
    <message>
      <source>Ed25519 key file (hearth assistants keygen)</source>
      <translation>Ed25519-Schlüsseldatei (hearth assistants keygen)</translation>
    </message>
    <message>
      <source>Edit assistant</source>
      <translation>Assistent bearbeiten</translation>
    </message>
    <message>
      <source>Edit {name}</source>
      <translation>{name} bearbeiten</translation>
    </message>
    <message>
      <source>Edit…</source>
      <translation>Bearbeiten…</translation>
    </message>
    <message>
      <source>Environment</source>
      <translation>Umgebung</translation>
    </message>
    <message>
      <source>Environment line {number} (“{line}”) needs KEY=VALUE.</source>
      <translation>Umgebungszeile {number} („{line}“) braucht SCHLÜSSEL=WERT.</translation>
    </message>
    <message>
      <source>Environment of {name}</source>
      <translation>Umgebung von {name}</translation>
    </message>
    <message>
      <source>Environment values of the MCP server</source>
      <translation>Umgebungswerte des MCP-Servers</translation>
    </message>
    <message>
      <source>Environment…</source>
      <translation>Umgebung…</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>Exportieren</translation>
    </message>
    <message>
      <source>Export assistant pack</source>
      <translation>Assistenten-Paket exportieren</translation>
    </message>
    <message>
      <source>Export progress</source>
      <translation>Exportfortschritt</translation>
    </message>
    <message>
      <source>Export {name}</source>
      <translation>{name} exportieren</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>Exportieren…</translation>
    </message>
    <message>
      <source>General</source>
      <translation>Allgemein</translation>
    </message>
    <message>
      <source>Get it…</source>
      <translation>Beschaffen…</translation>
    </message>
    <message>
      <source>Get the missing model</source>
      <translation>Fehlendes Modell beschaffen</translation>
    </message>
    <message>
      <source>Get the model…</source>
      <translation>Modell beschaffen…</translation>
    </message>
    <message>
      <source>Give the command that starts the MCP server.</source>
      <translation>Geben Sie den Befehl an, der den MCP-Server startet.</translation>
    </message>
    <message>
      <source>Hearth packs (*.hearth)</source>
      <translation>Hearth-Pakete (*.hearth)</translation>
    </message>
    <message>
      <source>Hearth stores this command line, never code. It runs only when a chat with this assistant uses tools, or when you press List tools.</source>
      <translation>Hearth speichert diese Befehlszeile, niemals Code. Sie wird nur ausgeführt, wenn ein Chat mit diesem Assistenten Werkzeuge nutzt oder wenn Sie „Werkzeuge auflisten“ drücken.</translation>
    </message>
    <message>
      <source>Hearth's own tools:</source>
      <translation>Hearths eigene Werkzeuge:</translation>
    </message>
    <message>
      <source>How the assistant should behave: its role, tone, what it must never do…</source>
      <translation>Wie sich der Assistent verhalten soll: seine Rolle, sein Ton, was er nie tun darf…</translation>
    </message>
    <message>
      <source>Icon</source>
      <translation>Symbol</translation>
    </message>
    <message>
      <source>Icon emoji</source>
      <translation>Symbol-Emoji</translation>
    </message>
    <message>
      <source>Icon image</source>
      <translation>Symbolbild</translation>
    </message>
    <message>
      <source>Image…</source>
      <translation>Bild…</translation>
    </message>
    <message>
      <source>Import</source>
      <translation>Importieren</translation>
    </message>
    <message>
      <source>Import an assistant pack</source>
      <translation>Ein Assistenten-Paket importieren</translation>
    </message>
    <message>
      <source>Import assistant pack</source>
      <translation>Assistenten-Paket importieren</translation>
    </message>
    <message>
      <source>Import progress</source>
      <translation>Importfortschritt</translation>
    </message>
    <message>
      <source>Import {file}</source>
      <translation>{file} importieren</translation>
    </message>
    <message>
      <source>Imported {name}.</source>
      <translation>{name} importiert.</translation>
    </message>
    <message>
      <source>Importing…</source>
      <translation>Wird importiert…</translation>
    </message>
    <message>
      <source>Import…</source>
      <translation>Importieren…</translation>
    </message>
    <message>
      <source>Include the knowledge documents</source>
      <translation>Die Wissensdokumente einschließen</translation>
    </message>
    <message>
      <source>Include the model file (the other person needs no download)</source>
      <translation>Die Modelldatei einschließen (die andere Person muss nichts herunterladen)</translation>
    </message>
    <message>
      <source>Include the tool servers' environment values (they may be passwords or keys)</source>
      <translation>Die Umgebungswerte der Werkzeugserver einschließen (das können Passwörter oder Schlüssel sein)</translation>
    </message>
    <message>
      <source>Instructions</source>
      <translation>Anweisungen</translation>
    </message>
    <message>
      <source>Instructions:</source>
      <translation>Anweisungen:</translation>
    </message>
    <message>
      <source>KEY=VALUE, one a line (optional)</source>
      <translation>SCHLÜSSEL=WERT, einer pro Zeile (optional)</translation>
    </message>
    <message>
      <source>Key file</source>
      <translation>Schlüsseldatei</translation>
    </message>
    <message>
      <source>Key files (*.pem *.key);;All files (*)</source>
      <translation>Schlüsseldateien (*.pem *.key);;Alle Dateien (*)</translation>
    </message>
    <message>
      <source>Knowledge &amp;&amp; templates</source>
      <translation>Wissen &amp;&amp; Vorlagen</translation>
    </message>
    <message>
      <source>Knowledge: {names}</source>
      <translation>Wissen: {names}</translation>
    </message>
    <message>
      <source>Let Hearth start “{name}” for this assistant's chats?

It {what}

Approve only a program you trust: it runs with your rights.</source>
      <translation>Darf Hearth „{name}“ für die Chats dieses Assistenten starten?

Der Server: {what}

Geben Sie nur ein Programm frei, dem Sie vertrauen: Es läuft mit Ihren Rechten.</translation>
    </message>
    <message>
      <source>List tools</source>
      <translation>Werkzeuge auflisten</translation>
    </message>
    <message>
      <source>Listing tools</source>
      <translation>Werkzeuge werden aufgelistet</translation>
    </message>
    <message>
      <source>MCP servers</source>
      <translation>MCP-Server</translation>
    </message>
    <message>
      <source>MCP servers give this assistant's chats tools (turn on Tools in the chat). Every call asks you first unless you tick “Always allow”. Changes here are saved at once.</source>
      <translation>MCP-Server geben den Chats dieses Assistenten Werkzeuge (schalten Sie im Chat „Werkzeuge“ ein). Jeder Aufruf fragt Sie zuerst, außer Sie markieren „Immer erlauben“. Änderungen hier werden sofort gespeichert.</translation>
    </message>
    <message>
      <source>MCP servers:</source>
      <translation>MCP-Server:</translation>
    </message>
    <message>
      <source>Min-p</source>
      <translation>Min-p</translation>
    </message>
    <message>
      <source>Model &amp;&amp; adapters</source>
      <translation>Modell &amp;&amp; Adapter</translation>
    </message>
    <message>
      <source>Model: {model}</source>
      <translation>Modell: {model}</translation>
    </message>
    <message>
      <source>More: KEY=VALUE, one a line (optional)</source>
      <translation>Weitere: SCHLÜSSEL=WERT, einer pro Zeile (optional)</translation>
    </message>
    <message>
      <source>NOT approved: its tools are off until you approve</source>
      <translation>NICHT freigegeben: Seine Werkzeuge sind aus, bis Sie ihn freigeben</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>New assistant</source>
      <translation>Neuer Assistent</translation>
    </message>
    <message>
      <source>New…</source>
      <translation>Neu…</translation>
    </message>
    <message>
      <source>No adapters in the library yet (File → Import model…).</source>
      <translation>Noch keine Adapter in der Bibliothek (Datei → Modell importieren…).</translation>
    </message>
    <message>
      <source>No assistant</source>
      <translation>Kein Assistent</translation>
    </message>
    <message>
      <source>No assistants</source>
      <translation>Keine Assistenten</translation>
    </message>
    <message>
      <source>No collections yet: add documents in a collection first.</source>
      <translation>Noch keine Sammlungen: Fügen Sie zuerst Dokumente zu einer Sammlung hinzu.</translation>
    </message>
    <message>
      <source>Nobody vouches for this pack: import it only if you trust where it came from.</source>
      <translation>Niemand bürgt für dieses Paket: Importieren Sie es nur, wenn Sie seiner Herkunft vertrauen.</translation>
    </message>
    <message>
      <source>One prompt per line</source>
      <translation>Ein Prompt pro Zeile</translation>
    </message>
    <message>
      <source>PNG images (*.png)</source>
      <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
      <source>Pack size</source>
      <translation>Paketgröße</translation>
    </message>
    <message>
      <source>Pick an assistant to see what it does; double-click to start a chat with it</source>
      <translation>Wählen Sie einen Assistenten, um zu sehen, was er tut; Doppelklick startet einen Chat mit ihm</translation>
    </message>
    <message>
      <source>Pinned templates</source>
      <translation>Angeheftete Vorlagen</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>Entfernen</translation>
    </message>
    <message>
      <source>Remove MCP server</source>
      <translation>MCP-Server entfernen</translation>
    </message>
    <message>
      <source>Repeat penalty</source>
      <translation>Wiederholungsstrafe</translation>
    </message>
    <message>
      <source>Reply length (tokens)</source>
      <translation>Antwortlänge (Token)</translation>
    </message>
    <message>
      <source>Sampling</source>
      <translation>Sampling</translation>
    </message>
    <message>
      <source>Sampling: {settings}</source>
      <translation>Sampling: {settings}</translation>
    </message>
    <message>
      <source>Save as</source>
      <translation>Speichern unter</translation>
    </message>
    <message>
      <source>Save the assistant first; then its MCP servers can be added here.</source>
      <translation>Speichern Sie zuerst den Assistenten; danach können hier seine MCP-Server hinzugefügt werden.</translation>
    </message>
    <message>
      <source>Save the pack</source>
      <translation>Paket speichern</translation>
    </message>
    <message>
      <source>Save the pack as</source>
      <translation>Paket speichern unter</translation>
    </message>
    <message>
      <source>Saved {file} ({size}, {signed}).</source>
      <translation>{file} gespeichert ({size}, {signed}).</translation>
    </message>
    <message>
      <source>Scale of {adapter}</source>
      <translation>Stärke von {adapter}</translation>
    </message>
    <message>
      <source>Search its documents</source>
      <translation>Seine Dokumente durchsuchen</translation>
    </message>
    <message>
      <source>Sign the pack with my key</source>
      <translation>Paket mit meinem Schlüssel signieren</translation>
    </message>
    <message>
      <source>Signature</source>
      <translation>Signatur</translation>
    </message>
    <message>
      <source>Signing key</source>
      <translation>Signaturschlüssel</translation>
    </message>
    <message>
      <source>Signing key file</source>
      <translation>Schlüsseldatei zum Signieren</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>Größe</translation>
    </message>
    <message>
      <source>Start a chat with an assistant</source>
      <translation>Einen Chat mit einem Assistenten beginnen</translation>
    </message>
    <message>
      <source>Start a program on this computer (stdio)</source>
      <translation>Ein Programm auf diesem Computer starten (stdio)</translation>
    </message>
    <message>
      <source>Start chat</source>
      <translation>Chat beginnen</translation>
    </message>
    <message>
      <source>Start the server once and show its tools, to pick which to use</source>
      <translation>Den Server einmal starten und seine Werkzeuge zeigen, um die zu nutzenden auszuwählen</translation>
    </message>
    <message>
      <source>Starter prompts</source>
      <translation>Starter-Prompts</translation>
    </message>
    <message>
      <source>Starting “{name}” to list its tools…</source>
      <translation>„{name}“ wird gestartet, um seine Werkzeuge aufzulisten…</translation>
    </message>
    <message>
      <source>Stop the reply in progress before switching assistants.</source>
      <translation>Halten Sie die laufende Antwort an, bevor Sie den Assistenten wechseln.</translation>
    </message>
    <message>
      <source>Temperature</source>
      <translation>Temperatur</translation>
    </message>
    <message>
      <source>Templates: {names}</source>
      <translation>Vorlagen: {names}</translation>
    </message>
    <message>
      <source>The command line cannot be read: {reason}.</source>
      <translation>Die Befehlszeile kann nicht gelesen werden: {reason}.</translation>
    </message>
    <message>
      <source>The import failed. Nothing was kept.</source>
      <translation>Der Import ist fehlgeschlagen. Nichts wurde übernommen.</translation>
    </message>
    <message>
      <source>The pack holds the assistant, its adapters and its own templates. Whoever imports it sees whether it is signed, and by which key.</source>
      <translation>Das Paket enthält den Assistenten, seine Adapter und seine eigenen Vorlagen. Wer es importiert, sieht, ob es signiert ist und mit welchem Schlüssel.</translation>
    </message>
    <message>
      <source>The server gets these when Hearth starts it.</source>
      <translation>Der Server erhält diese Werte, wenn Hearth ihn startet.</translation>
    </message>
    <message>
      <source>This assistant has no document collections.</source>
      <translation>Dieser Assistent hat keine Dokumentsammlungen.</translation>
    </message>
    <message>
      <source>This assistant's tool servers set no environment values.</source>
      <translation>Die Werkzeugserver dieses Assistenten setzen keine Umgebungswerte.</translation>
    </message>
    <message>
      <source>Ticked tools are offered to the model</source>
      <translation>Markierte Werkzeuge werden dem Modell angeboten</translation>
    </message>
    <message>
      <source>Today's date</source>
      <translation>Heutiges Datum</translation>
    </message>
    <message>
      <source>Tools</source>
      <translation>Werkzeuge</translation>
    </message>
    <message>
      <source>Tools of the MCP server</source>
      <translation>Werkzeuge des MCP-Servers</translation>
    </message>
    <message>
      <source>Tools of “{name}” (ticked: offered to the model):</source>
      <translation>Werkzeuge von „{name}“ (markiert: dem Modell angeboten):</translation>
    </message>
    <message>
      <source>Tools: add a server first.</source>
      <translation>Werkzeuge: Fügen Sie zuerst einen Server hinzu.</translation>
    </message>
    <message>
      <source>Tools: approve the server first (listing them starts it).</source>
      <translation>Werkzeuge: Geben Sie zuerst den Server frei (das Auflisten startet ihn).</translation>
    </message>
    <message>
      <source>Tools: press List tools to see and pick them.</source>
      <translation>Werkzeuge: Drücken Sie „Werkzeuge auflisten“, um sie zu sehen und auszuwählen.</translation>
    </message>
    <message>
      <source>Top-k</source>
      <translation>Top-k</translation>
    </message>
    <message>
      <source>Top-p</source>
      <translation>Top-p</translation>
    </message>
    <message>
      <source>Try asking:</source>
      <translation>Fragen Sie zum Beispiel:</translation>
    </message>
    <message>
      <source>URL</source>
      <translation>URL</translation>
    </message>
    <message>
      <source>Unticked, the pack names {keys} with empty values, and the importer is asked to fill them in.</source>
      <translation>Ohne Häkchen nennt das Paket {keys} mit leeren Werten, und wer importiert, wird gebeten, sie auszufüllen.</translation>
    </message>
    <message>
      <source>Use my default model (the starter model until I pick another)</source>
      <translation>Mein Standardmodell verwenden (das Startmodell, bis ich ein anderes wähle)</translation>
    </message>
    <message>
      <source>Will add</source>
      <translation>Fügt hinzu</translation>
    </message>
    <message>
      <source>Your setting</source>
      <translation>Ihre Einstellung</translation>
    </message>
    <message>
      <source>about {size}</source>
      <translation>etwa {size}</translation>
    </message>
    <message>
      <source>an emoji</source>
      <translation>ein Emoji</translation>
    </message>
    <message>
      <source>approved</source>
      <translation>freigegeben</translation>
    </message>
    <message>
      <source>e.g. Contracts assistant</source>
      <translation>z. B. Vertragsassistent</translation>
    </message>
    <message>
      <source>e.g. files</source>
      <translation>z. B. dateien</translation>
    </message>
    <message>
      <source>e.g. uvx my-mcp-server --root ~/Documents</source>
      <translation>z. B. uvx my-mcp-server --root ~/Documents</translation>
    </message>
    <message>
      <source>follows your default model</source>
      <translation>folgt Ihrem Standardmodell</translation>
    </message>
    <message>
      <source>needs a value</source>
      <translation>braucht einen Wert</translation>
    </message>
    <message>
      <source>needs a value for {keys} (Environment…)</source>
      <translation>braucht einen Wert für {keys} (Umgebung…)</translation>
    </message>
    <message>
      <source>scale</source>
      <translation>Stärke</translation>
    </message>
    <message>
      <source>sha256 {sha}</source>
      <translation>sha256 {sha}</translation>
    </message>
    <message>
      <source>signed by {fingerprint}</source>
      <translation>signiert von {fingerprint}</translation>
    </message>
    <message>
      <source>unsigned</source>
      <translation>nicht signiert</translation>
    </message>
    <message>
      <source>up to about {size}</source>
      <translation>bis etwa {size}</translation>
    </message>
    <message>
      <source>{file} cannot be read: {reason}</source>
      <translation>{file} kann nicht gelesen werden: {reason}</translation>
    </message>
    <message>
      <source>{file} passed every check.</source>
      <translation>{file} hat alle Prüfungen bestanden.</translation>
    </message>
    <message>
      <source>{file} was refused. Nothing was changed.</source>
      <translation>{file} wurde abgelehnt. Nichts wurde geändert.</translation>
    </message>
    <message>
      <source>{file}: choose a PNG image under {size} KiB.</source>
      <translation>{file}: Wählen Sie ein PNG-Bild unter {size} KiB.</translation>
    </message>
    <message>
      <source>{name} (not in your library)</source>
      <translation>{name} (nicht in Ihrer Bibliothek)</translation>
    </message>
    <message>
      <source>{name} is ready</source>
      <translation>{name} ist bereit</translation>
    </message>
    <message>
      <source>{packed} (unpacks to {unpacked})</source>
      <translation>{packed} (entpackt {unpacked})</translation>
    </message>
    <message>
      <source>{problem}, then import it again.</source>
      <translation>{problem}, dann importieren Sie es erneut.</translation>
    </message>
    <message>
      <source>“{default}” keeps what Settings says.</source>
      <translation>„{default}“ übernimmt, was in den Einstellungen steht.</translation>
    </message>
  </context>
</TS>
