<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
  <context>
    <name>hearth</name>
    <message>
      <source>%v / %m steps</source>
      <translation>%v / %m Schritte</translation>
    </message>
    <message>
      <source>(not split yet: the held-out share is set aside when training starts)</source>
      <translation>(noch nicht aufgeteilt: der zurückgehaltene Anteil wird beim Start des Trainings beiseitegelegt)</translation>
    </message>
    <message>
      <source>(reference words)</source>
      <translation>(Referenzwörter)</translation>
    </message>
    <message>
      <source>({n} without a split are trained on; Split re-splits them all)</source>
      <translation>({n} ohne Aufteilung werden trainiert; „Aufteilen“ teilt alle neu auf)</translation>
    </message>
    <message>
      <source>({n} without a split is trained on; Split re-splits them all)</source>
      <translation>({n} ohne Aufteilung wird trainiert; „Aufteilen“ teilt alle neu auf)</translation>
    </message>
    <message>
      <source>, resumed at step {step}</source>
      <translation>, fortgesetzt bei Schritt {step}</translation>
    </message>
    <message>
      <source>1 · Data</source>
      <translation>1 · Daten</translation>
    </message>
    <message>
      <source>2 · Train</source>
      <translation>2 · Training</translation>
    </message>
    <message>
      <source>3 · Compare</source>
      <translation>3 · Vergleich</translation>
    </message>
    <message>
      <source>&lt;b&gt;{name}&lt;/b&gt; for {base} (base sha256 {sha}…)</source>
      <translation>&lt;b&gt;{name}&lt;/b&gt; für {base} (Basis-sha256 {sha}…)</translation>
    </message>
    <message>
      <source>Adapter Studio</source>
      <translation>Adapter-Studio</translation>
    </message>
    <message>
      <source>Adapter Studio steps</source>
      <translation>Schritte im Adapter-Studio</translation>
    </message>
    <message>
      <source>Adapter Studio — Hearth</source>
      <translation>Adapter-Studio — Hearth</translation>
    </message>
    <message>
      <source>Add JSONL/CSV file…</source>
      <translation>JSONL-/CSV-Datei hinzufügen…</translation>
    </message>
    <message>
      <source>Add a model first (File → Import model…).</source>
      <translation>Fügen Sie zuerst ein Modell hinzu (Datei → Modell importieren…).</translation>
    </message>
    <message>
      <source>Add a model to the library first: the adapter is made for one.</source>
      <translation>Fügen Sie der Bibliothek zuerst ein Modell hinzu: Der Adapter wird für ein bestimmtes Modell erstellt.</translation>
    </message>
    <message>
      <source>Add edited documents</source>
      <translation>Bearbeitete Dokumente hinzufügen</translation>
    </message>
    <message>
      <source>Add replies from chats</source>
      <translation>Antworten aus Chats hinzufügen</translation>
    </message>
    <message>
      <source>Add to assistant…</source>
      <translation>Zu Assistent hinzufügen…</translation>
    </message>
    <message>
      <source>Add to dataset</source>
      <translation>Zum Datensatz hinzufügen</translation>
    </message>
    <message>
      <source>Add training data</source>
      <translation>Trainingsdaten hinzufügen</translation>
    </message>
    <message>
      <source>Add training examples on the Data page first.</source>
      <translation>Fügen Sie zuerst auf der Seite „Daten“ Trainingsbeispiele hinzu.</translation>
    </message>
    <message>
      <source>Add {count} to dataset</source>
      <translation>{count} zum Datensatz hinzufügen</translation>
    </message>
    <message>
      <source>Added {n} chat replies.</source>
      <translation>{n} Chat-Antworten hinzugefügt.</translation>
    </message>
    <message>
      <source>Added {n} chat reply.</source>
      <translation>{n} Chat-Antwort hinzugefügt.</translation>
    </message>
    <message>
      <source>Added {n} drafted example.</source>
      <translation>{n} entworfenes Beispiel hinzugefügt.</translation>
    </message>
    <message>
      <source>Added {n} drafted examples.</source>
      <translation>{n} entworfene Beispiele hinzugefügt.</translation>
    </message>
    <message>
      <source>Added {n} edited document.</source>
      <translation>{n} bearbeitetes Dokument hinzugefügt.</translation>
    </message>
    <message>
      <source>Added {n} edited documents.</source>
      <translation>{n} bearbeitete Dokumente hinzugefügt.</translation>
    </message>
    <message>
      <source>Added {n} example from {file}.</source>
      <translation>{n} Beispiel aus {file} hinzugefügt.</translation>
    </message>
    <message>
      <source>Added {n} examples from {file}.</source>
      <translation>{n} Beispiele aus {file} hinzugefügt.</translation>
    </message>
    <message>
      <source>After</source>
      <translation>Nachher</translation>
    </message>
    <message>
      <source>All documents</source>
      <translation>Alle Dokumente</translation>
    </message>
    <message>
      <source>Alpha</source>
      <translation>Alpha</translation>
    </message>
    <message>
      <source>Alpha:</source>
      <translation>Alpha:</translation>
    </message>
    <message>
      <source>An adapter learns little from fewer than {minimum} examples and tends to repeat them word for word. Add more on the Data page, or train anyway?</source>
      <translation>Aus weniger als {minimum} Beispielen lernt ein Adapter wenig und wiederholt sie oft wörtlich. Fügen Sie auf der Seite „Daten“ weitere hinzu – oder trotzdem trainieren?</translation>
    </message>
    <message>
      <source>Answer</source>
      <translation>Antwort</translation>
    </message>
    <message>
      <source>Answer columns</source>
      <translation>Spalten der Antworten</translation>
    </message>
    <message>
      <source>Answering the {n} held-out example before and after…</source>
      <translation>Das {n} zurückgehaltene Beispiel wird vorher und nachher beantwortet…</translation>
    </message>
    <message>
      <source>Answering the {n} held-out examples before and after…</source>
      <translation>Die {n} zurückgehaltenen Beispiele werden vorher und nachher beantwortet…</translation>
    </message>
    <message>
      <source>Apple GPU (MPS)</source>
      <translation>Apple-GPU (MPS)</translation>
    </message>
    <message>
      <source>Attach to chat</source>
      <translation>An Chat anhängen</translation>
    </message>
    <message>
      <source>Automatic</source>
      <translation>Automatisch</translation>
    </message>
    <message>
      <source>Bad</source>
      <translation>Schlecht</translation>
    </message>
    <message>
      <source>Bad answer</source>
      <translation>Schlechte Antwort</translation>
    </message>
    <message>
      <source>Base model</source>
      <translation>Basismodell</translation>
    </message>
    <message>
      <source>Base model:</source>
      <translation>Basismodell:</translation>
    </message>
    <message>
      <source>Before</source>
      <translation>Vorher</translation>
    </message>
    <message>
      <source>CPU</source>
      <translation>CPU</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Abbrechen</translation>
    </message>
    <message>
      <source>Cancel the install</source>
      <translation>Installation abbrechen</translation>
    </message>
    <message>
      <source>Cancel training</source>
      <translation>Training abbrechen</translation>
    </message>
    <message>
      <source>Cancelling…</source>
      <translation>Wird abgebrochen…</translation>
    </message>
    <message>
      <source>Cannot read the documents: {reason}</source>
      <translation>Die Dokumente können nicht gelesen werden: {reason}</translation>
    </message>
    <message>
      <source>Check</source>
      <translation>Prüfung</translation>
    </message>
    <message>
      <source>Checking the archive's sha256</source>
      <translation>sha256 des Archivs wird geprüft</translation>
    </message>
    <message>
      <source>Checking {file}…</source>
      <translation>{file} wird geprüft…</translation>
    </message>
    <message>
      <source>Choose the training component archive (.zip) published with this version of Hearth; its .sha256 file must be beside it</source>
      <translation>Wählen Sie das Archiv (.zip) der Trainingskomponente, das mit dieser Hearth-Version veröffentlicht wurde; die zugehörige .sha256-Datei muss daneben liegen</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Schließen</translation>
    </message>
    <message>
      <source>Connecting…</source>
      <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
      <source>Could not write the training folder: {reason}</source>
      <translation>Der Trainingsordner konnte nicht geschrieben werden: {reason}</translation>
    </message>
    <message>
      <source>Dataset name</source>
      <translation>Name des Datensatzes</translation>
    </message>
    <message>
      <source>Dataset name:</source>
      <translation>Name des Datensatzes:</translation>
    </message>
    <message>
      <source>Dataset version {hash}…</source>
      <translation>Datensatzversion {hash}…</translation>
    </message>
    <message>
      <source>Device</source>
      <translation>Gerät</translation>
    </message>
    <message>
      <source>Device:</source>
      <translation>Gerät:</translation>
    </message>
    <message>
      <source>Documents:</source>
      <translation>Dokumente:</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>Fertig</translation>
    </message>
    <message>
      <source>Done: '{name}' is in the adapter library (id {id}).</source>
      <translation>Fertig: „{name}“ ist in der Adapter-Bibliothek (ID {id}).</translation>
    </message>
    <message>
      <source>Download</source>
      <translation>Herunterladen</translation>
    </message>
    <message>
      <source>Download progress</source>
      <translation>Download-Fortschritt</translation>
    </message>
    <message>
      <source>Download the training component archive from its address and install it</source>
      <translation>Das Archiv der Trainingskomponente von seiner Adresse herunterladen und installieren</translation>
    </message>
    <message>
      <source>Download training component</source>
      <translation>Trainingskomponente herunterladen</translation>
    </message>
    <message>
      <source>Downloading</source>
      <translation>Wird heruntergeladen</translation>
    </message>
    <message>
      <source>Download…</source>
      <translation>Herunterladen…</translation>
    </message>
    <message>
      <source>Draft</source>
      <translation>Entwerfen</translation>
    </message>
    <message>
      <source>Draft columns</source>
      <translation>Spalten der Entwürfe</translation>
    </message>
    <message>
      <source>Draft examples from documents</source>
      <translation>Beispiele aus Dokumenten entwerfen</translation>
    </message>
    <message>
      <source>Draft from documents…</source>
      <translation>Aus Dokumenten entwerfen…</translation>
    </message>
    <message>
      <source>Drafted examples</source>
      <translation>Entworfene Beispiele</translation>
    </message>
    <message>
      <source>Drafting failed: {reason}</source>
      <translation>Entwerfen fehlgeschlagen: {reason}</translation>
    </message>
    <message>
      <source>Drafting progress</source>
      <translation>Fortschritt beim Entwerfen</translation>
    </message>
    <message>
      <source>Each row is a prompt and the reply to learn; double-click a cell to edit it</source>
      <translation>Jede Zeile ist ein Prompt mit der zu lernenden Antwort; zum Bearbeiten eine Zelle doppelklicken</translation>
    </message>
    <message>
      <source>Epochs</source>
      <translation>Epochen</translation>
    </message>
    <message>
      <source>Epochs:</source>
      <translation>Epochen:</translation>
    </message>
    <message>
      <source>Every fact of the answer is in the passage</source>
      <translation>Jede Tatsache der Antwort steht im Abschnitt</translation>
    </message>
    <message>
      <source>Example columns</source>
      <translation>Spalten der Beispiele</translation>
    </message>
    <message>
      <source>Expected</source>
      <translation>Erwartet</translation>
    </message>
    <message>
      <source>Expected phrases</source>
      <translation>Erwartete Wendungen</translation>
    </message>
    <message>
      <source>Failed</source>
      <translation>Fehlgeschlagen</translation>
    </message>
    <message>
      <source>Fill in the base model's repository first.</source>
      <translation>Tragen Sie zuerst das Repository des Basismodells ein.</translation>
    </message>
    <message>
      <source>Generated documents you edited and saved</source>
      <translation>Erzeugte Dokumente, die Sie bearbeitet und gespeichert haben</translation>
    </message>
    <message>
      <source>Good</source>
      <translation>Gut</translation>
    </message>
    <message>
      <source>Good answer</source>
      <translation>Gute Antwort</translation>
    </message>
    <message>
      <source>Hearth components (*.zip);;All files (*)</source>
      <translation>Hearth-Komponenten (*.zip);;Alle Dateien (*)</translation>
    </message>
    <message>
      <source>Held out:</source>
      <translation>Zurückgehalten:</translation>
    </message>
    <message>
      <source>Held-out answers before and after training</source>
      <translation>Antworten auf zurückgehaltene Beispiele vor und nach dem Training</translation>
    </message>
    <message>
      <source>Held-out score: &lt;b&gt;{before}&lt;/b&gt; before, &lt;b&gt;{after}&lt;/b&gt; after ({examples})</source>
      <translation>Ergebnis auf zurückgehaltenen Beispielen: &lt;b&gt;{before}&lt;/b&gt; vorher, &lt;b&gt;{after}&lt;/b&gt; nachher ({examples})</translation>
    </message>
    <message>
      <source>Held-out share</source>
      <translation>Zurückgehaltener Anteil</translation>
    </message>
    <message>
      <source>How strongly the adapter's changes count</source>
      <translation>Wie stark die Änderungen des Adapters wirken</translation>
    </message>
    <message>
      <source>Install progress</source>
      <translation>Installationsfortschritt</translation>
    </message>
    <message>
      <source>Install training component</source>
      <translation>Trainingskomponente installieren</translation>
    </message>
    <message>
      <source>Install training component…</source>
      <translation>Trainingskomponente installieren…</translation>
    </message>
    <message>
      <source>Installing</source>
      <translation>Wird installiert</translation>
    </message>
    <message>
      <source>Learning rate</source>
      <translation>Lernrate</translation>
    </message>
    <message>
      <source>Learning rate:</source>
      <translation>Lernrate:</translation>
    </message>
    <message>
      <source>Loading the model…</source>
      <translation>Modell wird geladen…</translation>
    </message>
    <message>
      <source>Max length in tokens</source>
      <translation>Maximale Länge in Token</translation>
    </message>
    <message>
      <source>Max length:</source>
      <translation>Max. Länge:</translation>
    </message>
    <message>
      <source>Model that drafts:</source>
      <translation>Entwerfendes Modell:</translation>
    </message>
    <message>
      <source>My domain</source>
      <translation>Mein Fachgebiet</translation>
    </message>
    <message>
      <source>NVIDIA GPU (CUDA)</source>
      <translation>NVIDIA-GPU (CUDA)</translation>
    </message>
    <message>
      <source>No chat replies are marked good or edited yet.</source>
      <translation>Noch keine Chat-Antworten sind als gut markiert oder bearbeitet.</translation>
    </message>
    <message>
      <source>No edited documents yet.</source>
      <translation>Noch keine bearbeiteten Dokumente.</translation>
    </message>
    <message>
      <source>No model yet: File → Import model… in the main window</source>
      <translation>Noch kein Modell: Datei → Modell importieren… im Hauptfenster</translation>
    </message>
    <message>
      <source>No passage to draft from: add documents in the Knowledge panel first (very short sections are skipped).</source>
      <translation>Kein Abschnitt zum Entwerfen: Fügen Sie zuerst im Bereich „Wissen“ Dokumente hinzu (sehr kurze Abschnitte werden übersprungen).</translation>
    </message>
    <message>
      <source>No training steps yet.</source>
      <translation>Noch keine Trainingsschritte.</translation>
    </message>
    <message>
      <source>Not installed: {reason}</source>
      <translation>Nicht installiert: {reason}</translation>
    </message>
    <message>
      <source>Not started.</source>
      <translation>Nicht gestartet.</translation>
    </message>
    <message>
      <source>One row per held-out example; mark each answer good or bad</source>
      <translation>Eine Zeile pro zurückgehaltenem Beispiel; markieren Sie jede Antwort als gut oder schlecht</translation>
    </message>
    <message>
      <source>Optional: the assistant's instructions</source>
      <translation>Optional: die Anweisungen des Assistenten</translation>
    </message>
    <message>
      <source>Passage</source>
      <translation>Abschnitt</translation>
    </message>
    <message>
      <source>Passages</source>
      <translation>Abschnitte</translation>
    </message>
    <message>
      <source>Passages to draft from, spread over the documents</source>
      <translation>Abschnitte, aus denen entworfen wird, über die Dokumente verteilt</translation>
    </message>
    <message>
      <source>Passages:</source>
      <translation>Abschnitte:</translation>
    </message>
    <message>
      <source>Pause</source>
      <translation>Pausieren</translation>
    </message>
    <message>
      <source>Paused at step {step}. Resume continues from there.</source>
      <translation>Bei Schritt {step} pausiert. „Fortsetzen“ macht dort weiter.</translation>
    </message>
    <message>
      <source>Pausing after the current step…</source>
      <translation>Pause nach dem aktuellen Schritt…</translation>
    </message>
    <message>
      <source>Preset</source>
      <translation>Voreinstellung</translation>
    </message>
    <message>
      <source>Preset:</source>
      <translation>Voreinstellung:</translation>
    </message>
    <message>
      <source>Prompt</source>
      <translation>Prompt</translation>
    </message>
    <message>
      <source>Question</source>
      <translation>Frage</translation>
    </message>
    <message>
      <source>Rank</source>
      <translation>Rang</translation>
    </message>
    <message>
      <source>Rank:</source>
      <translation>Rang:</translation>
    </message>
    <message>
      <source>Read them through before training: double-click a prompt or reply to correct it.</source>
      <translation>Lesen Sie sie vor dem Training durch: Doppelklicken Sie auf einen Prompt oder eine Antwort, um ihn bzw. sie zu korrigieren.</translation>
    </message>
    <message>
      <source>Remove duplicates</source>
      <translation>Duplikate entfernen</translation>
    </message>
    <message>
      <source>Remove selected</source>
      <translation>Auswahl entfernen</translation>
    </message>
    <message>
      <source>Removed {n} duplicate.</source>
      <translation>{n} Duplikat entfernt.</translation>
    </message>
    <message>
      <source>Removed {n} duplicates.</source>
      <translation>{n} Duplikate entfernt.</translation>
    </message>
    <message>
      <source>Replies you marked good, and replies you edited</source>
      <translation>Antworten, die Sie als gut markiert oder bearbeitet haben</translation>
    </message>
    <message>
      <source>Reply</source>
      <translation>Antwort</translation>
    </message>
    <message>
      <source>Resume</source>
      <translation>Fortsetzen</translation>
    </message>
    <message>
      <source>Resuming from the checkpoint…</source>
      <translation>Wird ab dem Prüfpunkt fortgesetzt…</translation>
    </message>
    <message>
      <source>Score</source>
      <translation>Ergebnis</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>Quelle</translation>
    </message>
    <message>
      <source>Split</source>
      <translation>Aufteilen</translation>
    </message>
    <message>
      <source>Split</source>
      <comment>the column that says train or held out</comment>
      <translation>Aufteilung</translation>
    </message>
    <message>
      <source>Start training</source>
      <translation>Training starten</translation>
    </message>
    <message>
      <source>Starting the training process…</source>
      <translation>Trainingsprozess wird gestartet…</translation>
    </message>
    <message>
      <source>Step {step} of {total} · loss {loss} · about {duration} left</source>
      <translation>Schritt {step} von {total} · Verlust {loss} · noch etwa {duration}</translation>
    </message>
    <message>
      <source>Step {step} of {total}: loss {loss}, smoothed {smoothed}.</source>
      <translation>Schritt {step} von {total}: Verlust {loss}, geglättet {smoothed}.</translation>
    </message>
    <message>
      <source>Stop</source>
      <comment>stop drafting examples</comment>
      <translation>Anhalten</translation>
    </message>
    <message>
      <source>Stopped</source>
      <translation>Angehalten</translation>
    </message>
    <message>
      <source>Stopping after this passage…</source>
      <translation>Wird nach diesem Abschnitt angehalten…</translation>
    </message>
    <message>
      <source>System prompt:</source>
      <translation>Systemanweisung:</translation>
    </message>
    <message>
      <source>Targets:</source>
      <translation>Ziele:</translation>
    </message>
    <message>
      <source>The adapter was trained but not registered: {reason}</source>
      <translation>Der Adapter wurde trainiert, aber nicht registriert: {reason}</translation>
    </message>
    <message>
      <source>The address of the training component archive published with this version of Hearth. Its sha256 is fetched from the same address + .sha256 and checked before anything is installed.</source>
      <translation>Die Adresse des Archivs der Trainingskomponente, das mit dieser Hearth-Version veröffentlicht wurde. Seine sha256 wird von derselben Adresse + .sha256 geholt und geprüft, bevor etwas installiert wird.</translation>
    </message>
    <message>
      <source>The dataset has only {n} example.</source>
      <translation>Der Datensatz hat nur {n} Beispiel.</translation>
    </message>
    <message>
      <source>The dataset has only {n} examples.</source>
      <translation>Der Datensatz hat nur {n} Beispiele.</translation>
    </message>
    <message>
      <source>The inference thread is not running.</source>
      <translation>Der Inferenz-Thread läuft nicht.</translation>
    </message>
    <message>
      <source>The loss appears here</source>
      <translation>Hier erscheint der Verlust</translation>
    </message>
    <message>
      <source>The model drafts questions and answers from your indexed documents for you to check</source>
      <translation>Das Modell entwirft Fragen und Antworten aus Ihren indizierten Dokumenten, die Sie dann prüfen</translation>
    </message>
    <message>
      <source>The model reads passages of your documents and drafts one question and answer for each. Drafts whose answer is not backed by its passage are left unticked. Check every draft: small models get facts wrong.</source>
      <translation>Das Modell liest Abschnitte Ihrer Dokumente und entwirft zu jedem eine Frage mit Antwort. Entwürfe, deren Antwort nicht durch ihren Abschnitt belegt ist, bleiben unmarkiert. Prüfen Sie jeden Entwurf: Kleine Modelle geben Fakten oft falsch wieder.</translation>
    </message>
    <message>
      <source>The share of examples kept back to compare the model before and after training</source>
      <translation>Der Anteil der Beispiele, der zurückgehalten wird, um das Modell vor und nach dem Training zu vergleichen</translation>
    </message>
    <message>
      <source>The size of the adapter's LoRA matrices</source>
      <translation>Die Größe der LoRA-Matrizen des Adapters</translation>
    </message>
    <message>
      <source>Tick the drafts to add to the dataset</source>
      <translation>Markieren Sie die Entwürfe, die in den Datensatz sollen</translation>
    </message>
    <message>
      <source>Train an adapter to compare its answers with the base model's.</source>
      <translation>Trainieren Sie einen Adapter, um seine Antworten mit denen des Basismodells zu vergleichen.</translation>
    </message>
    <message>
      <source>Train on a small dataset?</source>
      <translation>Mit einem kleinen Datensatz trainieren?</translation>
    </message>
    <message>
      <source>Train on another machine…</source>
      <translation>Auf einem anderen Rechner trainieren…</translation>
    </message>
    <message>
      <source>Trained in {duration} on {device}.</source>
      <translation>In {duration} auf {device} trainiert.</translation>
    </message>
    <message>
      <source>Training cancelled.</source>
      <translation>Training abgebrochen.</translation>
    </message>
    <message>
      <source>Training component address</source>
      <translation>Adresse der Trainingskomponente</translation>
    </message>
    <message>
      <source>Training component {version} installed ({size} MB, {path}).</source>
      <translation>Trainingskomponente {version} installiert ({size} MB, {path}).</translation>
    </message>
    <message>
      <source>Training component: not installed.</source>
      <translation>Trainingskomponente: nicht installiert.</translation>
    </message>
    <message>
      <source>Training data (*.jsonl *.json *.csv);;All files (*)</source>
      <translation>Trainingsdaten (*.jsonl *.json *.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
      <source>Training examples</source>
      <translation>Trainingsbeispiele</translation>
    </message>
    <message>
      <source>Training here: {estimate} on this computer's CPU.</source>
      <translation>Training hier: {estimate} auf der CPU dieses Computers.</translation>
    </message>
    <message>
      <source>Training loss plot</source>
      <translation>Diagramm des Trainingsverlusts</translation>
    </message>
    <message>
      <source>Training progress</source>
      <translation>Trainingsfortschritt</translation>
    </message>
    <message>
      <source>Training settings chosen for the size of the base model</source>
      <translation>Trainingseinstellungen passend zur Größe des Basismodells</translation>
    </message>
    <message>
      <source>Training stopped: {reason}</source>
      <translation>Training gestoppt: {reason}</translation>
    </message>
    <message>
      <source>Training {n} step on {device}</source>
      <translation>Training: {n} Schritt auf {device}</translation>
    </message>
    <message>
      <source>Training {n} steps on {device}</source>
      <translation>Training: {n} Schritte auf {device}</translation>
    </message>
    <message>
      <source>Untick any that are wrong; you can edit the text in the dataset table afterwards.</source>
      <translation>Entfernen Sie die Markierung bei falschen Entwürfen; den Text können Sie danach in der Datensatztabelle bearbeiten.</translation>
    </message>
    <message>
      <source>Verdict</source>
      <translation>Urteil</translation>
    </message>
    <message>
      <source>Where should Hearth write the training folder?</source>
      <translation>Wohin soll Hearth den Trainingsordner schreiben?</translation>
    </message>
    <message>
      <source>With the preset's value, the most passes: the run makes about the preset's number of steps, so a big dataset gets fewer passes, and it stops early once the held-out loss stops improving. Another value is used exactly.</source>
      <translation>Mit dem Wert der Voreinstellung die höchste Zahl an Durchläufen: Der Lauf macht etwa so viele Schritte wie die Voreinstellung vorsieht, ein großer Datensatz bekommt also weniger Durchläufe, und er endet früher, sobald sich der Verlust auf den zurückgehaltenen Beispielen nicht mehr verbessert. Ein anderer Wert wird genau so verwendet.</translation>
    </message>
    <message>
      <source>Write a folder with the data and ready-to-run TRL and Axolotl configs for a GPU server; import the adapter it makes with Import adapter… in the Adapters panel</source>
      <translation>Einen Ordner mit den Daten und startfertigen TRL- und Axolotl-Konfigurationen für einen GPU-Server schreiben; den dort erstellten Adapter importieren Sie mit „Adapter importieren…“ im Bereich „Adapter“</translation>
    </message>
    <message>
      <source>Wrote {folder}. Copy it to a GPU machine and follow README.txt there; then import the adapter it makes in the Adapters panel.</source>
      <translation>{folder} geschrieben. Kopieren Sie ihn auf einen Rechner mit GPU und folgen Sie dort der README.txt; importieren Sie dann den erstellten Adapter im Bereich „Adapter“.</translation>
    </message>
    <message>
      <source>backed ({support})</source>
      <translation>belegt ({support})</translation>
    </message>
    <message>
      <source>held out</source>
      <translation>zurückgehalten</translation>
    </message>
    <message>
      <source>https://…/hearth-training-&lt;version&gt;-cpu-&lt;os&gt;-….zip</source>
      <translation>https://…/hearth-training-&lt;version&gt;-cpu-&lt;os&gt;-….zip</translation>
    </message>
    <message>
      <source>it needs about {memory} of memory to train</source>
      <translation>das Training braucht etwa {memory} Arbeitsspeicher</translation>
    </message>
    <message>
      <source>n/a</source>
      <translation>k. A.</translation>
    </message>
    <message>
      <source>step {step} of {total}</source>
      <translation>Schritt {step} von {total}</translation>
    </message>
    <message>
      <source>train</source>
      <translation>Training</translation>
    </message>
    <message>
      <source>{done} MB</source>
      <translation>{done} MB</translation>
    </message>
    <message>
      <source>{done} of {total}</source>
      <translation>{done} von {total}</translation>
    </message>
    <message>
      <source>{done} of {total} MB</source>
      <translation>{done} von {total} MB</translation>
    </message>
    <message>
      <source>{drafted} drafted, {kept} backed by their passage and ticked.</source>
      <translation>{drafted} entworfen, {kept} durch ihren Abschnitt belegt und markiert.</translation>
    </message>
    <message>
      <source>{estimate} on this computer's CPU</source>
      <translation>{estimate} auf der CPU dieses Computers</translation>
    </message>
    <message>
      <source>{minutes} min {seconds} s</source>
      <translation>{minutes} min {seconds} s</translation>
    </message>
    <message>
      <source>{model} is too big to train here in reasonable time ({why}). Train it on a machine with a GPU: Hearth writes the data and a ready-to-run configuration for it.</source>
      <translation>{model} ist zu groß, um hier in vertretbarer Zeit trainiert zu werden ({why}). Trainieren Sie es auf einem Rechner mit GPU: Hearth schreibt dafür die Daten und eine startfertige Konfiguration.</translation>
    </message>
    <message>
      <source>{n} bad row was left out:</source>
      <translation>{n} fehlerhafte Zeile wurde ausgelassen:</translation>
    </message>
    <message>
      <source>{n} bad rows were left out:</source>
      <translation>{n} fehlerhafte Zeilen wurden ausgelassen:</translation>
    </message>
    <message>
      <source>{n} example</source>
      <translation>{n} Beispiel</translation>
    </message>
    <message>
      <source>{n} examples</source>
      <translation>{n} Beispiele</translation>
    </message>
    <message>
      <source>{n} step</source>
      <translation>{n} Schritt</translation>
    </message>
    <message>
      <source>{n} steps</source>
      <translation>{n} Schritte</translation>
    </message>
    <message>
      <source>{seconds} s</source>
      <translation>{seconds} s</translation>
    </message>
    <message>
      <source>{steps} in {seconds} s, final loss {loss}; rank {rank}, alpha {alpha}, targets {targets}, {epochs} epochs, learning rate {rate}</source>
      <translation>{steps} in {seconds} s, Endverlust {loss}; Rang {rank}, Alpha {alpha}, Ziele {targets}, {epochs} Epochen, Lernrate {rate}</translation>
    </message>
    <message>
      <source>{total}: {train} train, {held} held out</source>
      <translation>{total}: {train} Training, {held} zurückgehalten</translation>
    </message>
    <message>
      <source>… and {count} more</source>
      <translation>… und {count} weitere</translation>
    </message>
  </context>
</TS>
