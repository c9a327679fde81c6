<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
  <context>
    <name>hearth</name>
    <message>
      <source> (and {count} more)</source>
      <translation> (und {count} weitere)</translation>
    </message>
    <message>
      <source>A reply cannot be empty. Write the reply you want, or press Esc to cancel.</source>
      <translation>Eine Antwort darf nicht leer sein. Schreiben Sie die gewünschte Antwort oder drücken Sie Esc zum Abbrechen.</translation>
    </message>
    <message>
      <source>Adapters applied</source>
      <translation>Adapter angewendet</translation>
    </message>
    <message>
      <source>Adapters detached</source>
      <translation>Adapter entfernt</translation>
    </message>
    <message>
      <source>Allow once</source>
      <translation>Einmal erlauben</translation>
    </message>
    <message>
      <source>Allowed. Running…</source>
      <translation>Erlaubt. Wird ausgeführt…</translation>
    </message>
    <message>
      <source>Always allow “{tool}”</source>
      <translation>„{tool}“ immer erlauben</translation>
    </message>
    <message>
      <source>Applying adapters…</source>
      <translation>Adapter werden angewendet…</translation>
    </message>
    <message>
      <source>Assistant</source>
      <translation>Assistent</translation>
    </message>
    <message>
      <source>Bad reply — kept out of Adapter Studio's training examples</source>
      <translation>Schlechte Antwort – bleibt aus den Trainingsbeispielen von Adapter Studio heraus</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Abbrechen</translation>
    </message>
    <message>
      <source>Chats</source>
      <translation>Chats</translation>
    </message>
    <message>
      <source>Code copied</source>
      <translation>Code kopiert</translation>
    </message>
    <message>
      <source>Connecting to {endpoint}…</source>
      <translation>Verbindung zu {endpoint} wird hergestellt…</translation>
    </message>
    <message>
      <source>Continue</source>
      <translation>Fortsetzen</translation>
    </message>
    <message>
      <source>Copied</source>
      <translation>Kopiert</translation>
    </message>
    <message>
      <source>Copied to the clipboard</source>
      <translation>In die Zwischenablage kopiert</translation>
    </message>
    <message>
      <source>Copy</source>
      <translation>Kopieren</translation>
    </message>
    <message>
      <source>Copy the whole message</source>
      <translation>Die ganze Nachricht kopieren</translation>
    </message>
    <message>
      <source>Could not apply the adapters: {message}</source>
      <translation>Die Adapter konnten nicht angewendet werden: {message}</translation>
    </message>
    <message>
      <source>Could not load {model}: {message}</source>
      <translation>{model} konnte nicht geladen werden: {message}</translation>
    </message>
    <message>
      <source>Could not mark the reply: {reason}.</source>
      <translation>Die Antwort konnte nicht markiert werden: {reason}.</translation>
    </message>
    <message>
      <source>Could not save the edited reply: {reason}</source>
      <translation>Die bearbeitete Antwort konnte nicht gespeichert werden: {reason}</translation>
    </message>
    <message>
      <source>Ctrl+Enter saves · Esc cancels · Adapter Studio learns from your version</source>
      <translation>Strg+Eingabe speichert · Esc bricht ab · Adapter Studio lernt aus Ihrer Fassung</translation>
    </message>
    <message>
      <source>Cut off at the length limit</source>
      <translation>An der Längengrenze abgeschnitten</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>Löschen</translation>
    </message>
    <message>
      <source>Delete chat</source>
      <translation>Chat löschen</translation>
    </message>
    <message>
      <source>Delete “{title}” and all its messages?</source>
      <translation>„{title}“ mit allen Nachrichten löschen?</translation>
    </message>
    <message>
      <source>Delete…</source>
      <translation>Löschen…</translation>
    </message>
    <message>
      <source>Denied. The model is told that you did not allow it.</source>
      <translation>Abgelehnt. Das Modell erfährt, dass Sie es nicht erlaubt haben.</translation>
    </message>
    <message>
      <source>Deny</source>
      <translation>Ablehnen</translation>
    </message>
    <message>
      <source>Detaching adapters…</source>
      <translation>Adapter werden entfernt…</translation>
    </message>
    <message>
      <source>Do not run it; the model is told that you said no.</source>
      <translation>Nicht ausführen; das Modell erfährt, dass Sie abgelehnt haben.</translation>
    </message>
    <message>
      <source>Documents are still being indexed; wait for them or cancel first.</source>
      <translation>Dokumente werden noch indiziert; warten Sie darauf oder brechen Sie zuerst ab.</translation>
    </message>
    <message>
      <source>Edit</source>
      <translation>Bearbeiten</translation>
    </message>
    <message>
      <source>Edit reply</source>
      <translation>Antwort bearbeiten</translation>
    </message>
    <message>
      <source>Edit this message and generate again</source>
      <translation>Diese Nachricht bearbeiten und neu generieren</translation>
    </message>
    <message>
      <source>Edit this reply in place: Adapter Studio learns from your version</source>
      <translation>Diese Antwort direkt bearbeiten: Adapter Studio lernt aus Ihrer Fassung</translation>
    </message>
    <message>
      <source>Editing an earlier message — sending replaces it and everything after it (Esc to cancel)</source>
      <translation>Sie bearbeiten eine frühere Nachricht – Senden ersetzt sie und alles danach (Esc zum Abbrechen)</translation>
    </message>
    <message>
      <source>Enter sends the message, Shift+Enter starts a new line, / picks a template</source>
      <translation>Eingabe sendet die Nachricht, Umschalt+Eingabe beginnt eine neue Zeile, / wählt eine Vorlage</translation>
    </message>
    <message>
      <source>Failed: {result}</source>
      <translation>Fehlgeschlagen: {result}</translation>
    </message>
    <message>
      <source>Filter chats</source>
      <translation>Chats filtern</translation>
    </message>
    <message>
      <source>Generate this reply again</source>
      <translation>Diese Antwort neu generieren</translation>
    </message>
    <message>
      <source>Good reply — used as a training example in Adapter Studio</source>
      <translation>Gute Antwort – wird in Adapter Studio als Trainingsbeispiel verwendet</translation>
    </message>
    <message>
      <source>Indexing failed: {message}</source>
      <translation>Indizierung fehlgeschlagen: {message}</translation>
    </message>
    <message>
      <source>Indexing was cancelled; the files read so far are attached.</source>
      <translation>Die Indizierung wurde abgebrochen; die bisher gelesenen Dateien sind angehängt.</translation>
    </message>
    <message>
      <source>Keep the reply as it was (Esc)</source>
      <translation>Die Antwort unverändert lassen (Esc)</translation>
    </message>
    <message>
      <source>Let the model call tools: the calculator, today's date, this assistant's documents and its MCP servers. Each call asks you first.</source>
      <translation>Das Modell darf Werkzeuge aufrufen: den Rechner, das heutige Datum, die Dokumente dieses Assistenten und seine MCP-Server. Vor jedem Aufruf werden Sie gefragt.</translation>
    </message>
    <message>
      <source>Load a model before attaching adapters.</source>
      <translation>Laden Sie ein Modell, bevor Sie Adapter anhängen.</translation>
    </message>
    <message>
      <source>Load the model that wrote this reply, then continue it.</source>
      <translation>Laden Sie das Modell, das diese Antwort geschrieben hat, und setzen Sie sie dann fort.</translation>
    </message>
    <message>
      <source>Loading {model}…</source>
      <translation>{model} wird geladen…</translation>
    </message>
    <message>
      <source>MCP server “{server}”</source>
      <translation>MCP-Server „{server}“</translation>
    </message>
    <message>
      <source>Mark this reply bad</source>
      <translation>Diese Antwort als schlecht markieren</translation>
    </message>
    <message>
      <source>Mark this reply good</source>
      <translation>Diese Antwort als gut markieren</translation>
    </message>
    <message>
      <source>Marked bad: Adapter Studio leaves it out. Click to clear.</source>
      <translation>Als schlecht markiert: Adapter Studio lässt sie weg. Klicken zum Entfernen.</translation>
    </message>
    <message>
      <source>Marked good: Adapter Studio uses it as a training example. Click to clear.</source>
      <translation>Als gut markiert: Adapter Studio verwendet sie als Trainingsbeispiel. Klicken zum Entfernen.</translation>
    </message>
    <message>
      <source>Message</source>
      <translation>Nachricht</translation>
    </message>
    <message>
      <source>Message Hearth — Enter to send, Shift+Enter for a new line</source>
      <translation>Nachricht an Hearth – Eingabe zum Senden, Umschalt+Eingabe für eine neue Zeile</translation>
    </message>
    <message>
      <source>Message from {role}</source>
      <translation>Nachricht von {role}</translation>
    </message>
    <message>
      <source>New chat</source>
      <translation>Neuer Chat</translation>
    </message>
    <message>
      <source>No chats yet</source>
      <translation>Noch keine Chats</translation>
    </message>
    <message>
      <source>No matching chats</source>
      <translation>Keine passenden Chats</translation>
    </message>
    <message>
      <source>No model is loaded. Choose or import a model first.</source>
      <translation>Kein Modell geladen. Wählen oder importieren Sie zuerst ein Modell.</translation>
    </message>
    <message>
      <source>Opens this passage in the Sources panel</source>
      <translation>Öffnet diese Textstelle im Bereich „Quellen“</translation>
    </message>
    <message>
      <source>Regenerate</source>
      <translation>Neu generieren</translation>
    </message>
    <message>
      <source>Rename</source>
      <translation>Umbenennen</translation>
    </message>
    <message>
      <source>Result: {result}</source>
      <translation>Ergebnis: {result}</translation>
    </message>
    <message>
      <source>Run this call now; ask again next time.</source>
      <translation>Diesen Aufruf jetzt ausführen; beim nächsten Mal erneut fragen.</translation>
    </message>
    <message>
      <source>Run this call, and from now on run this tool for this assistant without asking.</source>
      <translation>Diesen Aufruf ausführen und dieses Werkzeug für diesen Assistenten künftig ohne Nachfrage ausführen.</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>Speichern</translation>
    </message>
    <message>
      <source>Save changes to this reply?</source>
      <translation>Änderungen an dieser Antwort speichern?</translation>
    </message>
    <message>
      <source>Save your version of this reply (Ctrl+Enter)</source>
      <translation>Ihre Fassung dieser Antwort speichern (Strg+Eingabe)</translation>
    </message>
    <message>
      <source>Send</source>
      <translation>Senden</translation>
    </message>
    <message>
      <source>Send (Enter)</source>
      <translation>Senden (Eingabe)</translation>
    </message>
    <message>
      <source>Shows only the chats whose title matches</source>
      <translation>Zeigt nur die Chats, deren Titel passt</translation>
    </message>
    <message>
      <source>Some files could not be read: {files}</source>
      <translation>Einige Dateien konnten nicht gelesen werden: {files}</translation>
    </message>
    <message>
      <source>Source {source}</source>
      <translation>Quelle {source}</translation>
    </message>
    <message>
      <source>Sources of the last answer</source>
      <translation>Quellen der letzten Antwort</translation>
    </message>
    <message>
      <source>Sources of this answer</source>
      <translation>Quellen dieser Antwort</translation>
    </message>
    <message>
      <source>Sources:</source>
      <translation>Quellen:</translation>
    </message>
    <message>
      <source>Start a new conversation (Ctrl+N)</source>
      <translation>Eine neue Unterhaltung beginnen (Strg+N)</translation>
    </message>
    <message>
      <source>Stop</source>
      <translation>Stopp</translation>
    </message>
    <message>
      <source>Stop editing; the earlier message stays as it was (Esc)</source>
      <translation>Bearbeitung beenden; die frühere Nachricht bleibt unverändert (Esc)</translation>
    </message>
    <message>
      <source>Stop generating (Esc)</source>
      <translation>Generierung anhalten (Esc)</translation>
    </message>
    <message>
      <source>Stopped: repeating itself</source>
      <translation>Angehalten: Wiederholungen</translation>
    </message>
    <message>
      <source>Stopping…</source>
      <translation>Wird angehalten…</translation>
    </message>
    <message>
      <source>System</source>
      <translation>System</translation>
    </message>
    <message>
      <source>The inference thread is not running.</source>
      <translation>Der Inferenz-Thread läuft nicht.</translation>
    </message>
    <message>
      <source>The model began repeating itself, so Hearth stopped the reply and left the repeats out. Regenerate for another attempt.</source>
      <translation>Das Modell begann sich zu wiederholen, daher hat Hearth die Antwort angehalten und die Wiederholungen weggelassen. Generieren Sie sie für einen neuen Versuch neu.</translation>
    </message>
    <message>
      <source>The model called the tool {tool} ({source}) with:</source>
      <translation>Das Modell hat das Werkzeug {tool} ({source}) aufgerufen mit:</translation>
    </message>
    <message>
      <source>The model wants to use the tool {tool} ({source}) with:</source>
      <translation>Das Modell möchte das Werkzeug {tool} ({source}) verwenden mit:</translation>
    </message>
    <message>
      <source>The model was unsure here: {percent} likely</source>
      <translation>Das Modell war hier unsicher: {percent} wahrscheinlich</translation>
    </message>
    <message>
      <source>The reply reached its length limit and ends where it stopped. Continue writes on from there; the limit is in Settings (Max reply tokens).</source>
      <translation>Die Antwort hat ihre Längengrenze erreicht und endet dort, wo sie angehalten hat. „Fortsetzen“ schreibt von dort weiter; die Grenze finden Sie in den Einstellungen (Max. Antwort-Tokens).</translation>
    </message>
    <message>
      <source>This cannot be undone.</source>
      <translation>Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
      <source>This reply was cut short: stopped, failed or interrupted.</source>
      <translation>Diese Antwort ist unvollständig: angehalten, fehlgeschlagen oder unterbrochen.</translation>
    </message>
    <message>
      <source>Tools</source>
      <translation>Werkzeuge</translation>
    </message>
    <message>
      <source>Type below and press Enter. Everything stays on this computer.</source>
      <translation>Schreiben Sie unten und drücken Sie die Eingabetaste. Alles bleibt auf diesem Computer.</translation>
    </message>
    <message>
      <source>Unsaved reply</source>
      <translation>Nicht gespeicherte Antwort</translation>
    </message>
    <message>
      <source>What can I help you with?</source>
      <translation>Wobei kann ich Ihnen helfen?</translation>
    </message>
    <message>
      <source>Write on from where the reply stopped, in this same reply</source>
      <translation>In dieser Antwort dort weiterschreiben, wo sie aufgehört hat</translation>
    </message>
    <message>
      <source>You</source>
      <translation>Sie</translation>
    </message>
    <message>
      <source>You edited this reply. Adapter Studio uses your version as a training example; the text as generated is kept too.</source>
      <translation>Sie haben diese Antwort bearbeitet. Adapter Studio verwendet Ihre Fassung als Trainingsbeispiel; der generierte Text bleibt ebenfalls erhalten.</translation>
    </message>
    <message>
      <source>Your chats, newest first. F2 renames the selected chat, Delete deletes it.</source>
      <translation>Ihre Chats, die neuesten zuerst. F2 benennt den gewählten Chat um, Entf löscht ihn.</translation>
    </message>
    <message>
      <source>Your edit is not saved yet. Save keeps your version, which Adapter Studio learns from; Discard keeps the reply as it was.</source>
      <translation>Ihre Bearbeitung ist noch nicht gespeichert. „Speichern“ behält Ihre Fassung, aus der Adapter Studio lernt; „Verwerfen“ lässt die Antwort unverändert.</translation>
    </message>
    <message>
      <source>Your message</source>
      <translation>Ihre Nachricht</translation>
    </message>
    <message>
      <source>built into Hearth</source>
      <translation>in Hearth eingebaut</translation>
    </message>
    <message>
      <source>collection {id}</source>
      <translation>Sammlung {id}</translation>
    </message>
    <message>
      <source>document</source>
      <translation>Dokument</translation>
    </message>
    <message>
      <source>edited</source>
      <translation>bearbeitet</translation>
    </message>
    <message>
      <source>incomplete</source>
      <translation>unvollständig</translation>
    </message>
    <message>
      <source>p. {page}</source>
      <translation>S. {page}</translation>
    </message>
    <message>
      <source>{adapter} at {scale}</source>
      <translation>{adapter} mit {scale}</translation>
    </message>
    <message>
      <source>{format} · {n} page</source>
      <translation>{format} · {n} Seite</translation>
    </message>
    <message>
      <source>{format} · {n} pages</source>
      <translation>{format} · {n} Seiten</translation>
    </message>
    <message>
      <source>{model} ready ({seconds} s)</source>
      <translation>{model} bereit ({seconds} s)</translation>
    </message>
    <message>
      <source>{n} older message was left out so the conversation fits the model's context window.</source>
      <translation>{n} ältere Nachricht wurde weggelassen, damit die Unterhaltung in das Kontextfenster des Modells passt.</translation>
    </message>
    <message>
      <source>{n} older messages were left out so the conversation fits the model's context window.</source>
      <translation>{n} ältere Nachrichten wurden weggelassen, damit die Unterhaltung in das Kontextfenster des Modells passt.</translation>
    </message>
    <message>
      <source>{title}
Last message {time}</source>
      <translation>{title}
Letzte Nachricht {time}</translation>
    </message>
  </context>
</TS>
