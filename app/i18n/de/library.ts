<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
  <context>
    <name>hearth</name>
    <message>
      <source> and </source>
      <translation> und </translation>
    </message>
    <message>
      <source>(default)</source>
      <translation>(Standard)</translation>
    </message>
    <message>
      <source>16 GB of memory</source>
      <translation>16 GB Arbeitsspeicher</translation>
    </message>
    <message>
      <source>32 GB of memory or more</source>
      <translation>32 GB Arbeitsspeicher oder mehr</translation>
    </message>
    <message>
      <source>8 GB of memory</source>
      <translation>8 GB Arbeitsspeicher</translation>
    </message>
    <message>
      <source>&lt;b&gt;LoRA adapters&lt;/b&gt;</source>
      <translation>&lt;b&gt;LoRA-Adapter&lt;/b&gt;</translation>
    </message>
    <message>
      <source>&lt;b&gt;{name}&lt;/b&gt; ({released}): {good_for}{pick}&lt;br&gt;{repo} / {file} at commit {revision} · {licence}</source>
      <translation>&lt;b&gt;{name}&lt;/b&gt; ({released}): {good_for}{pick}&lt;br&gt;{repo} / {file} bei Commit {revision} · {licence}</translation>
    </message>
    <message>
      <source>A GGUF adapter, or a PEFT adapter (a folder or .zip with adapter_config.json, as PEFT, TRL, Axolotl and Unsloth write them), converted for a model you have</source>
      <translation>Ein GGUF-Adapter oder ein PEFT-Adapter (ein Ordner oder eine .zip mit adapter_config.json, wie PEFT, TRL, Axolotl und Unsloth sie schreiben), umgewandelt für eines Ihrer Modelle</translation>
    </message>
    <message>
      <source>Active: {adapters}</source>
      <translation>Aktiv: {adapters}</translation>
    </message>
    <message>
      <source>Adapter import failed: {message}</source>
      <translation>Adapter-Import fehlgeschlagen: {message}</translation>
    </message>
    <message>
      <source>Add selected</source>
      <translation>Ausgewählte hinzufügen</translation>
    </message>
    <message>
      <source>Added {n} model.</source>
      <translation>{n} Modell hinzugefügt.</translation>
    </message>
    <message>
      <source>Added {n} models.</source>
      <translation>{n} Modelle hinzugefügt.</translation>
    </message>
    <message>
      <source>Adding it to your models…</source>
      <translation>Wird zu Ihren Modellen hinzugefügt…</translation>
    </message>
    <message>
      <source>Also delete the file Hearth copied ({size})</source>
      <translation>Auch die von Hearth kopierte Datei löschen ({size})</translation>
    </message>
    <message>
      <source>Architecture</source>
      <translation>Architektur</translation>
    </message>
    <message>
      <source>Attach this adapter to the loaded model</source>
      <translation>Diesen Adapter an das geladene Modell anhängen</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Abbrechen</translation>
    </message>
    <message>
      <source>Cancel download</source>
      <translation>Download abbrechen</translation>
    </message>
    <message>
      <source>Cancelled the download of {name}.</source>
      <translation>Der Download von {name} wurde abgebrochen.</translation>
    </message>
    <message>
      <source>Cancelled; the rest were not added.</source>
      <translation>Abgebrochen; die übrigen wurden nicht hinzugefügt.</translation>
    </message>
    <message>
      <source>Cancelling…</source>
      <translation>Wird abgebrochen…</translation>
    </message>
    <message>
      <source>Cannot import {name}: {exc}</source>
      <translation>{name} kann nicht importiert werden: {exc}</translation>
    </message>
    <message>
      <source>Checking {name}…</source>
      <translation>{name} wird geprüft…</translation>
    </message>
    <message>
      <source>Checking {n} model (reading every byte takes a while)…</source>
      <translation>{n} Modell wird geprüft (jedes Byte zu lesen dauert eine Weile)…</translation>
    </message>
    <message>
      <source>Checking {n} models (reading every byte takes a while)…</source>
      <translation>{n} Modelle werden geprüft (jedes Byte zu lesen dauert eine Weile)…</translation>
    </message>
    <message>
      <source>Choose a model to download.</source>
      <translation>Wählen Sie ein Modell zum Herunterladen.</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Schließen</translation>
    </message>
    <message>
      <source>Columns</source>
      <translation>Spalten</translation>
    </message>
    <message>
      <source>Contacting {host}…</source>
      <translation>Verbindung zu {host}…</translation>
    </message>
    <message>
      <source>Context</source>
      <translation>Kontext</translation>
    </message>
    <message>
      <source>Converting the PEFT adapter {name}…</source>
      <translation>Der PEFT-Adapter {name} wird umgewandelt…</translation>
    </message>
    <message>
      <source>Copied into Hearth</source>
      <translation>In Hearth kopiert</translation>
    </message>
    <message>
      <source>Copy into Hearth's models folder</source>
      <translation>In den Modellordner von Hearth kopieren</translation>
    </message>
    <message>
      <source>Copying and checking {n} model (reading every byte takes a while)…</source>
      <translation>{n} Modell wird kopiert und geprüft (jedes Byte zu lesen dauert eine Weile)…</translation>
    </message>
    <message>
      <source>Copying and checking {n} models (reading every byte takes a while)…</source>
      <translation>{n} Modelle werden kopiert und geprüft (jedes Byte zu lesen dauert eine Weile)…</translation>
    </message>
    <message>
      <source>Could not add the models: {message}</source>
      <translation>Die Modelle konnten nicht hinzugefügt werden: {message}</translation>
    </message>
    <message>
      <source>Could not add {failures}</source>
      <translation>Nicht hinzugefügt: {failures}</translation>
    </message>
    <message>
      <source>Could not download {name}: {message}</source>
      <translation>{name} konnte nicht heruntergeladen werden: {message}</translation>
    </message>
    <message>
      <source>Could not look: {message}</source>
      <translation>Suche nicht möglich: {message}</translation>
    </message>
    <message>
      <source>Detach all</source>
      <translation>Alle trennen</translation>
    </message>
    <message>
      <source>Does not fit the loaded model: {problem}</source>
      <translation>Passt nicht zum geladenen Modell: {problem}</translation>
    </message>
    <message>
      <source>Double-click or Use as default makes a model the one Hearth loads first.</source>
      <translation>Ein Doppelklick oder „Als Standard verwenden“ macht ein Modell zu dem, das Hearth zuerst lädt.</translation>
    </message>
    <message>
      <source>Download</source>
      <translation>Herunterladen</translation>
    </message>
    <message>
      <source>Downloaded</source>
      <translation>Heruntergeladen</translation>
    </message>
    <message>
      <source>Downloaded from Hearth's catalog as {catalog_id}: {how}</source>
      <translation>Aus dem Katalog von Hearth heruntergeladen als {catalog_id}: {how}</translation>
    </message>
    <message>
      <source>Downloading {name}: {done} of {total}</source>
      <translation>{name} wird heruntergeladen: {done} von {total}</translation>
    </message>
    <message>
      <source>Downloading {name}…</source>
      <translation>{name} wird heruntergeladen…</translation>
    </message>
    <message>
      <source>Downloading…</source>
      <translation>Wird heruntergeladen…</translation>
    </message>
    <message>
      <source>Find models on this computer</source>
      <translation>Modelle auf diesem Computer finden</translation>
    </message>
    <message>
      <source>Find on this computer…</source>
      <translation>Auf diesem Computer finden…</translation>
    </message>
    <message>
      <source>Fit</source>
      <translation>Passt</translation>
    </message>
    <message>
      <source>Found {n} new model. Tick the ones to add.</source>
      <translation>{n} neues Modell gefunden. Haken Sie die an, die hinzugefügt werden sollen.</translation>
    </message>
    <message>
      <source>Found {n} new models. Tick the ones to add.</source>
      <translation>{n} neue Modelle gefunden. Haken Sie die an, die hinzugefügt werden sollen.</translation>
    </message>
    <message>
      <source>From</source>
      <translation>Quelle</translation>
    </message>
    <message>
      <source>GGUF adapter or PEFT .zip…</source>
      <translation>GGUF-Adapter oder PEFT-.zip…</translation>
    </message>
    <message>
      <source>GGUF models (*.gguf);;All files (*)</source>
      <translation>GGUF-Modelle (*.gguf);;Alle Dateien (*)</translation>
    </message>
    <message>
      <source>Get models</source>
      <translation>Modelle holen</translation>
    </message>
    <message>
      <source>Get models…</source>
      <translation>Modelle holen…</translation>
    </message>
    <message>
      <source>Good for</source>
      <translation>Geeignet für</translation>
    </message>
    <message>
      <source>Grouped by size; each row gives the download size, licence and fit.</source>
      <translation>Nach Größe gruppiert; jede Zeile nennt Downloadgröße, Lizenz und ob das Modell passt.</translation>
    </message>
    <message>
      <source>Hearth looks for GGUF models that {sources} already keep on this computer. Tick the ones to use; they are added without copying unless you ask for a copy.</source>
      <translation>Hearth sucht nach GGUF-Modellen, die {sources} bereits auf diesem Computer ablegen. Haken Sie die an, die Sie verwenden möchten; sie werden ohne Kopie hinzugefügt, außer Sie wünschen eine Kopie.</translation>
    </message>
    <message>
      <source>Hearth's pick for {tiers}.</source>
      <translation>Empfehlung von Hearth für {tiers}.</translation>
    </message>
    <message>
      <source>Import a GGUF model</source>
      <translation>Ein GGUF-Modell importieren</translation>
    </message>
    <message>
      <source>Import a LoRA adapter</source>
      <translation>Einen LoRA-Adapter importieren</translation>
    </message>
    <message>
      <source>Import a PEFT adapter folder (with adapter_config.json)</source>
      <translation>Einen PEFT-Adapterordner importieren (mit adapter_config.json)</translation>
    </message>
    <message>
      <source>Import adapter…</source>
      <translation>Adapter importieren…</translation>
    </message>
    <message>
      <source>Import failed: {message}</source>
      <translation>Import fehlgeschlagen: {message}</translation>
    </message>
    <message>
      <source>Import file…</source>
      <translation>Datei importieren…</translation>
    </message>
    <message>
      <source>Imported adapter {name}</source>
      <translation>Adapter {name} importiert</translation>
    </message>
    <message>
      <source>Imported {name}</source>
      <translation>{name} importiert</translation>
    </message>
    <message>
      <source>Instruct models in GGUF format, downloaded from {endpoint} into your models folder and checked before use. Nothing else leaves this computer.</source>
      <translation>Instruct-Modelle im GGUF-Format, von {endpoint} in Ihren Modellordner heruntergeladen und vor der Verwendung geprüft. Sonst verlässt nichts diesen Computer.</translation>
    </message>
    <message>
      <source>It is loaded now; it stays loaded until you pick another.</source>
      <translation>Es ist gerade geladen; es bleibt geladen, bis Sie ein anderes wählen.</translation>
    </message>
    <message>
      <source>LM Studio, Ollama, GPT4All, Jan or the Hugging Face cache</source>
      <translation>LM Studio, Ollama, GPT4All, Jan oder der Hugging-Face-Cache</translation>
    </message>
    <message>
      <source>Licence</source>
      <translation>Lizenz</translation>
    </message>
    <message>
      <source>Licence: {licence} ({use})</source>
      <translation>Lizenz: {licence} ({use})</translation>
    </message>
    <message>
      <source>Linked in place</source>
      <translation>Am Ort verknüpft</translation>
    </message>
    <message>
      <source>LoRA adapters (*.gguf *.zip);;GGUF adapters (*.gguf);;PEFT adapter zips (*.zip);;All files (*)</source>
      <translation>LoRA-Adapter (*.gguf *.zip);;GGUF-Adapter (*.gguf);;PEFT-Adapter-Zips (*.zip);;Alle Dateien (*)</translation>
    </message>
    <message>
      <source>Load a model to attach adapters.</source>
      <translation>Laden Sie ein Modell, um Adapter anzuhängen.</translation>
    </message>
    <message>
      <source>Location</source>
      <translation>Speicherort</translation>
    </message>
    <message>
      <source>Looking in {place}…</source>
      <translation>Suche in {place}…</translation>
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
      <source>Models found</source>
      <translation>Gefundene Modelle</translation>
    </message>
    <message>
      <source>Models to download</source>
      <translation>Modelle zum Herunterladen</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>No adapter attached: the base model answers.</source>
      <translation>Kein Adapter angehängt: Das Basismodell antwortet.</translation>
    </message>
    <message>
      <source>No adapters yet. A LoRA adapter (a small GGUF file fine-tuned for one domain) changes how the model answers without replacing it.</source>
      <translation>Noch keine Adapter. Ein LoRA-Adapter (eine kleine, für ein Fachgebiet feinabgestimmte GGUF-Datei) verändert, wie das Modell antwortet, ohne es zu ersetzen.</translation>
    </message>
    <message>
      <source>No model yet. Get one with File → Get models…, import a GGUF file with File → Import model… (Ctrl+O), or run `hearth setup` once to get the starter model.</source>
      <translation>Noch kein Modell. Holen Sie eines über Datei → Modelle holen…, importieren Sie eine GGUF-Datei über Datei → Modell importieren… (Strg+O), oder führen Sie einmal `hearth setup` aus, um das Startmodell zu holen.</translation>
    </message>
    <message>
      <source>No model — import one</source>
      <translation>Kein Modell – importieren Sie eines</translation>
    </message>
    <message>
      <source>No models yet: get one, find one on this computer, or import a file.</source>
      <translation>Noch keine Modelle: Holen Sie eines, finden Sie eines auf diesem Computer oder importieren Sie eine Datei.</translation>
    </message>
    <message>
      <source>No new GGUF models in {folder}.</source>
      <translation>Keine neuen GGUF-Modelle in {folder}.</translation>
    </message>
    <message>
      <source>No new models found in {sources}. Use Scan folder… to look elsewhere.</source>
      <translation>Keine neuen Modelle in {sources} gefunden. Mit „Ordner durchsuchen…“ suchen Sie anderswo.</translation>
    </message>
    <message>
      <source>Nothing was added.</source>
      <translation>Es wurde nichts hinzugefügt.</translation>
    </message>
    <message>
      <source>Off: Hearth uses each file where it is and needs no extra disk space. On: Hearth keeps its own copy, which stays if the other app deletes its file.</source>
      <translation>Aus: Hearth verwendet jede Datei dort, wo sie liegt, und braucht keinen zusätzlichen Speicherplatz. Ein: Hearth behält eine eigene Kopie, die bleibt, wenn die andere App ihre Datei löscht.</translation>
    </message>
    <message>
      <source>PEFT adapter folder…</source>
      <translation>PEFT-Adapterordner…</translation>
    </message>
    <message>
      <source>Parameters</source>
      <translation>Parameter</translation>
    </message>
    <message>
      <source>Pause</source>
      <translation>Pausieren</translation>
    </message>
    <message>
      <source>Paused at {percent}%</source>
      <translation>Pausiert bei {percent} %</translation>
    </message>
    <message>
      <source>Paused {name} with {size} downloaded. Resume continues from there, also after Hearth restarts.</source>
      <translation>{name} pausiert, {size} heruntergeladen. „Fortsetzen“ macht dort weiter, auch nach einem Neustart von Hearth.</translation>
    </message>
    <message>
      <source>Pausing…</source>
      <translation>Wird pausiert…</translation>
    </message>
    <message>
      <source>Quant</source>
      <translation>Quant.</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>Entfernen</translation>
    </message>
    <message>
      <source>Remove model</source>
      <translation>Modell entfernen</translation>
    </message>
    <message>
      <source>Remove {name} from Hearth?</source>
      <translation>{name} aus Hearth entfernen?</translation>
    </message>
    <message>
      <source>Remove…</source>
      <translation>Entfernen…</translation>
    </message>
    <message>
      <source>Resume</source>
      <translation>Fortsetzen</translation>
    </message>
    <message>
      <source>Scale</source>
      <translation>Stärke</translation>
    </message>
    <message>
      <source>Scale of {name}</source>
      <translation>Stärke von {name}</translation>
    </message>
    <message>
      <source>Scale: 0 is the base model, 1 the adapter as trained, up to 2</source>
      <translation>Stärke: 0 ist das Basismodell, 1 der Adapter wie trainiert, bis zu 2</translation>
    </message>
    <message>
      <source>Scan a folder for GGUF models</source>
      <translation>Einen Ordner nach GGUF-Modellen durchsuchen</translation>
    </message>
    <message>
      <source>Scan folder…</source>
      <translation>Ordner durchsuchen…</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>Größe</translation>
    </message>
    <message>
      <source>Starting {name}…</source>
      <translation>{name} wird gestartet…</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>Stopped looking.</source>
      <translation>Suche beendet.</translation>
    </message>
    <message>
      <source>The file stays where it is:
{path}</source>
      <translation>Die Datei bleibt, wo sie ist:
{path}</translation>
    </message>
    <message>
      <source>The partial download of {name} was removed.</source>
      <translation>Der unvollständige Download von {name} wurde entfernt.</translation>
    </message>
    <message>
      <source>This computer</source>
      <translation>Dieser Computer</translation>
    </message>
    <message>
      <source>Tick the models to add; Space ticks or clears the current row.</source>
      <translation>Haken Sie die Modelle zum Hinzufügen an; die Leertaste setzt oder entfernt den Haken der aktuellen Zeile.</translation>
    </message>
    <message>
      <source>Use as default</source>
      <translation>Als Standard verwenden</translation>
    </message>
    <message>
      <source>Verifying the download (sha256)…</source>
      <translation>Download wird geprüft (sha256)…</translation>
    </message>
    <message>
      <source>Your models</source>
      <translation>Ihre Modelle</translation>
    </message>
    <message>
      <source>a GPU</source>
      <translation>eine GPU</translation>
    </message>
    <message>
      <source>business use allowed</source>
      <translation>geschäftliche Nutzung erlaubt</translation>
    </message>
    <message>
      <source>cannot read the file: {exc}</source>
      <translation>Datei nicht lesbar: {exc}</translation>
    </message>
    <message>
      <source>fits</source>
      <translation>passt</translation>
    </message>
    <message>
      <source>its sha256 matched the one the hub published</source>
      <translation>seine sha256 stimmte mit der vom Hub veröffentlichten überein</translation>
    </message>
    <message>
      <source>its sha256 matched the pin in Hearth's catalog</source>
      <translation>seine sha256 stimmte mit der im Katalog von Hearth hinterlegten überein</translation>
    </message>
    <message>
      <source>its sha256 matches the catalog's pin</source>
      <translation>seine sha256 stimmt mit der im Katalog hinterlegten überein</translation>
    </message>
    <message>
      <source>its sha256 matches the one the hub published</source>
      <translation>seine sha256 stimmt mit der vom Hub veröffentlichten überein</translation>
    </message>
    <message>
      <source>no business use</source>
      <translation>keine geschäftliche Nutzung</translation>
    </message>
    <message>
      <source>not verified</source>
      <translation>nicht geprüft</translation>
    </message>
    <message>
      <source>rank {rank} · {tensors} tensors · {size} MB · {sha256}</source>
      <translation>Rang {rank} · {tensors} Tensoren · {size} MB · {sha256}</translation>
    </message>
    <message>
      <source>the file is missing</source>
      <translation>die Datei fehlt</translation>
    </message>
    <message>
      <source>tight</source>
      <translation>knapp</translation>
    </message>
    <message>
      <source>won't fit</source>
      <translation>passt nicht</translation>
    </message>
    <message>
      <source>{duration} left</source>
      <translation>noch {duration}</translation>
    </message>
    <message>
      <source>{licence} (no business use)</source>
      <translation>{licence} (keine geschäftliche Nutzung)</translation>
    </message>
    <message>
      <source>{name} at {scale}</source>
      <translation>{name} mit {scale}</translation>
    </message>
    <message>
      <source>{name} is ready ({verified_text}).</source>
      <translation>{name} ist bereit ({verified_text}).</translation>
    </message>
    <message>
      <source>{path}{missing}
sha256 {sha256}{source}</source>
      <translation>{path}{missing}
sha256 {sha256}{source}</translation>
    </message>
    <message>
      <source>{speed}/s</source>
      <translation>{speed}/s</translation>
    </message>
  </context>
</TS>
