<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
  <context>
    <name>hearth</name>
    <message>
      <source>(yours)</source>
      <translation>(eigene)</translation>
    </message>
    <message>
      <source>Add a template from a .toml or .json file</source>
      <translation>Eine Vorlage aus einer .toml- oder .json-Datei hinzufügen</translation>
    </message>
    <message>
      <source>Add field</source>
      <translation>Feld hinzufügen</translation>
    </message>
    <message>
      <source>Add section</source>
      <translation>Abschnitt hinzufügen</translation>
    </message>
    <message>
      <source>All categories</source>
      <translation>Alle Kategorien</translation>
    </message>
    <message>
      <source>Available: each field's key, and tone, length, length_name, title. Jinja syntax: {% if key %}…{% endif %}, {% for item in key %}…{% endfor %}.</source>
      <translation>Verfügbar: der Schlüssel jedes Felds sowie tone, length, length_name, title. Jinja-Syntax: {% if key %}…{% endif %}, {% for item in key %}…{% endfor %}.</translation>
    </message>
    <message>
      <source>Browse for {label}</source>
      <translation>{label} auswählen</translation>
    </message>
    <message>
      <source>Browse…</source>
      <translation>Durchsuchen…</translation>
    </message>
    <message>
      <source>Cannot continue: {exc}.</source>
      <translation>Fortsetzen nicht möglich: {exc}.</translation>
    </message>
    <message>
      <source>Cannot delete the document: {exc}</source>
      <translation>Das Dokument kann nicht gelöscht werden: {exc}</translation>
    </message>
    <message>
      <source>Cannot open the document: {exc}</source>
      <translation>Das Dokument kann nicht geöffnet werden: {exc}</translation>
    </message>
    <message>
      <source>Cannot regenerate: {exc}.</source>
      <translation>Neu generieren nicht möglich: {exc}.</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>Kategorie</translation>
    </message>
    <message>
      <source>Choices</source>
      <translation>Auswahlwerte</translation>
    </message>
    <message>
      <source>Choose a template</source>
      <translation>Vorlage wählen</translation>
    </message>
    <message>
      <source>Choose {label}</source>
      <translation>{label} wählen</translation>
    </message>
    <message>
      <source>Comma-separated; the first is the default unless kept</source>
      <translation>Durch Kommas getrennt; der erste ist die Voreinstellung, sofern nicht beibehalten</translation>
    </message>
    <message>
      <source>Continue</source>
      <translation>Fortsetzen</translation>
    </message>
    <message>
      <source>Continued {name}.</source>
      <translation>{name} fortgesetzt.</translation>
    </message>
    <message>
      <source>Continued; {name} stopped at the token limit again.</source>
      <translation>Fortgesetzt; {name} endete erneut am Token-Limit.</translation>
    </message>
    <message>
      <source>Continuing {name}…</source>
      <translation>{name} wird fortgesetzt…</translation>
    </message>
    <message>
      <source>Copied as rich text.</source>
      <translation>Als formatierter Text kopiert.</translation>
    </message>
    <message>
      <source>Copy</source>
      <translation>Kopieren</translation>
    </message>
    <message>
      <source>Copy as rich text (with the Markdown as plain text)</source>
      <translation>Als formatierten Text kopieren (mit dem Markdown als reinem Text)</translation>
    </message>
    <message>
      <source>Create a template of your own</source>
      <translation>Eine eigene Vorlage erstellen</translation>
    </message>
    <message>
      <source>Cut off</source>
      <translation>Abgeschnitten</translation>
    </message>
    <message>
      <source>Cut off at the token limit</source>
      <translation>Am Token-Limit abgeschnitten</translation>
    </message>
    <message>
      <source>Default</source>
      <translation>Voreinstellung</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>Löschen</translation>
    </message>
    <message>
      <source>Delete document</source>
      <translation>Dokument löschen</translation>
    </message>
    <message>
      <source>Delete template</source>
      <translation>Vorlage löschen</translation>
    </message>
    <message>
      <source>Delete the template {template_id!r}?</source>
      <translation>Die Vorlage {template_id!r} löschen?</translation>
    </message>
    <message>
      <source>Delete this document and its recipe?</source>
      <translation>Dieses Dokument und sein Rezept löschen?</translation>
    </message>
    <message>
      <source>Delete your template (built-ins cannot be deleted)</source>
      <translation>Ihre Vorlage löschen (mitgelieferte Vorlagen können nicht gelöscht werden)</translation>
    </message>
    <message>
      <source>Description</source>
      <translation>Beschreibung</translation>
    </message>
    <message>
      <source>Document</source>
      <translation>Dokument</translation>
    </message>
    <message>
      <source>Document title</source>
      <translation>Dokumenttitel</translation>
    </message>
    <message>
      <source>Documents</source>
      <translation>Dokumente</translation>
    </message>
    <message>
      <source>Documents you generate are kept here with their recipe.</source>
      <translation>Von Ihnen generierte Dokumente werden hier mit ihrem Rezept aufbewahrt.</translation>
    </message>
    <message>
      <source>Drop your edits and show the text as the model wrote it</source>
      <translation>Ihre Änderungen verwerfen und den Text so zeigen, wie das Modell ihn schrieb</translation>
    </message>
    <message>
      <source>Duplicate…</source>
      <translation>Duplizieren…</translation>
    </message>
    <message>
      <source>Edit template: {name}</source>
      <translation>Vorlage bearbeiten: {name}</translation>
    </message>
    <message>
      <source>Edit your template, or duplicate a built-in one to edit it</source>
      <translation>Ihre Vorlage bearbeiten oder eine mitgelieferte duplizieren, um sie zu bearbeiten</translation>
    </message>
    <message>
      <source>Edit…</source>
      <translation>Bearbeiten…</translation>
    </message>
    <message>
      <source>Example</source>
      <translation>Beispiel</translation>
    </message>
    <message>
      <source>Export document</source>
      <translation>Dokument exportieren</translation>
    </message>
    <message>
      <source>Export template</source>
      <translation>Vorlage exportieren</translation>
    </message>
    <message>
      <source>Exported to {path}</source>
      <translation>Exportiert nach {path}</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>Exportieren…</translation>
    </message>
    <message>
      <source>Field columns</source>
      <translation>Feldspalten</translation>
    </message>
    <message>
      <source>Fields</source>
      <translation>Felder</translation>
    </message>
    <message>
      <source>Filter templates</source>
      <translation>Vorlagen filtern</translation>
    </message>
    <message>
      <source>Fix these before exporting:</source>
      <translation>Beheben Sie dies vor dem Exportieren:</translation>
    </message>
    <message>
      <source>Generate</source>
      <translation>Generieren</translation>
    </message>
    <message>
      <source>Generate again with the same recipe: the same prompts, settings and seed give the same text on the same model</source>
      <translation>Mit demselben Rezept neu generieren: dieselben Prompts, Einstellungen und derselbe Seed ergeben mit demselben Modell denselben Text</translation>
    </message>
    <message>
      <source>Generated documents</source>
      <translation>Generierte Dokumente</translation>
    </message>
    <message>
      <source>Generation failed: {message}</source>
      <translation>Generieren fehlgeschlagen: {message}</translation>
    </message>
    <message>
      <source>Help</source>
      <translation>Hilfe</translation>
    </message>
    <message>
      <source>Id</source>
      <translation>ID</translation>
    </message>
    <message>
      <source>Import template</source>
      <translation>Vorlage importieren</translation>
    </message>
    <message>
      <source>Import…</source>
      <translation>Importieren…</translation>
    </message>
    <message>
      <source>Instruction</source>
      <translation>Anweisung</translation>
    </message>
    <message>
      <source>Key</source>
      <translation>Schlüssel</translation>
    </message>
    <message>
      <source>Label</source>
      <translation>Beschriftung</translation>
    </message>
    <message>
      <source>Leave empty to take the title from the fields.</source>
      <translation>Leer lassen, um den Titel aus den Feldern zu übernehmen.</translation>
    </message>
    <message>
      <source>Length</source>
      <translation>Länge</translation>
    </message>
    <message>
      <source>Let the model go on from where it stopped. The recipe records it, so Regenerate writes the same text again.</source>
      <translation>Das Modell dort weiterschreiben lassen, wo es aufgehört hat. Das Rezept hält dies fest, sodass „Neu generieren“ denselben Text erneut schreibt.</translation>
    </message>
    <message>
      <source>List values and choices: separate items with ';' and ',' respectively</source>
      <translation>Listenwerte und Auswahlwerte: Einträge mit ';' bzw. ',' trennen</translation>
    </message>
    <message>
      <source>Lists: items separated by ';'. Choices: by ','.</source>
      <translation>Listen: Einträge durch ';' getrennt. Auswahlwerte: durch ','.</translation>
    </message>
    <message>
      <source>Lowercase letters, digits and hyphens; unique; fixed once saved</source>
      <translation>Kleinbuchstaben, Ziffern und Bindestriche; eindeutig; nach dem Speichern fest</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>New template</source>
      <translation>Neue Vorlage</translation>
    </message>
    <message>
      <source>New template from {name}</source>
      <translation>Neue Vorlage aus {name}</translation>
    </message>
    <message>
      <source>New…</source>
      <translation>Neu…</translation>
    </message>
    <message>
      <source>No model is loaded. Load one in the chat first.</source>
      <translation>Es ist kein Modell geladen. Laden Sie zuerst eines im Chat.</translation>
    </message>
    <message>
      <source>No template {template_id!r}.</source>
      <translation>Keine Vorlage {template_id!r}.</translation>
    </message>
    <message>
      <source>Not exported: {exc}</source>
      <translation>Nicht exportiert: {exc}</translation>
    </message>
    <message>
      <source>Not imported: {exc}</source>
      <translation>Nicht importiert: {exc}</translation>
    </message>
    <message>
      <source>Not saved:</source>
      <translation>Nicht gespeichert:</translation>
    </message>
    <message>
      <source>Not saved: {exc}</source>
      <translation>Nicht gespeichert: {exc}</translation>
    </message>
    <message>
      <source>One row per field of the template's form</source>
      <translation>Eine Zeile pro Feld des Vorlagenformulars</translation>
    </message>
    <message>
      <source>One row per section: its title and the instruction the model gets for it</source>
      <translation>Eine Zeile pro Abschnitt: sein Titel und die Anweisung, die das Modell dafür erhält</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>Öffnen</translation>
    </message>
    <message>
      <source>Optional guidance for the model's system turn</source>
      <translation>Optionale Vorgaben für die Systemnachricht an das Modell</translation>
    </message>
    <message>
      <source>Outline</source>
      <translation>Gliederung</translation>
    </message>
    <message>
      <source>Outline columns</source>
      <translation>Gliederungsspalten</translation>
    </message>
    <message>
      <source>PROMPT</source>
      <translation>PROMPT</translation>
    </message>
    <message>
      <source>Pick a template on the left to fill in its fields.</source>
      <translation>Wählen Sie links eine Vorlage, um ihre Felder auszufüllen.</translation>
    </message>
    <message>
      <source>Preview of the rendered prompt (with the fields' examples)</source>
      <translation>Vorschau des erzeugten Prompts (mit den Beispielwerten der Felder)</translation>
    </message>
    <message>
      <source>Problems:</source>
      <translation>Probleme:</translation>
    </message>
    <message>
      <source>Prompt</source>
      <translation>Prompt</translation>
    </message>
    <message>
      <source>Regenerate</source>
      <translation>Neu generieren</translation>
    </message>
    <message>
      <source>Regenerate section</source>
      <translation>Abschnitt neu generieren</translation>
    </message>
    <message>
      <source>Regenerate section {number}</source>
      <translation>Abschnitt {number} neu generieren</translation>
    </message>
    <message>
      <source>Remove field</source>
      <translation>Feld entfernen</translation>
    </message>
    <message>
      <source>Remove section</source>
      <translation>Abschnitt entfernen</translation>
    </message>
    <message>
      <source>Rendered prompt preview</source>
      <translation>Vorschau des erzeugten Prompts</translation>
    </message>
    <message>
      <source>Required</source>
      <translation>Pflichtfeld</translation>
    </message>
    <message>
      <source>Required.</source>
      <translation>Pflichtfeld.</translation>
    </message>
    <message>
      <source>SECTIONS (one prompt each)</source>
      <translation>ABSCHNITTE (je ein Prompt)</translation>
    </message>
    <message>
      <source>SYSTEM</source>
      <translation>SYSTEM</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>Speichern</translation>
    </message>
    <message>
      <source>Save as .docx, .pdf, .md or .html</source>
      <translation>Als .docx, .pdf, .md oder .html speichern</translation>
    </message>
    <message>
      <source>Save changes to this document?</source>
      <translation>Änderungen an diesem Dokument speichern?</translation>
    </message>
    <message>
      <source>Save the selected template as a .toml or .json file</source>
      <translation>Die ausgewählte Vorlage als .toml- oder .json-Datei speichern</translation>
    </message>
    <message>
      <source>Save your edits (Ctrl+S)</source>
      <translation>Ihre Änderungen speichern (Strg+S)</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>Gespeichert.</translation>
    </message>
    <message>
      <source>Search templates</source>
      <translation>Vorlagen durchsuchen</translation>
    </message>
    <message>
      <source>Section title</source>
      <translation>Abschnittstitel</translation>
    </message>
    <message>
      <source>Section {number} was written again, but your edits changed it, so your text was kept. “Use generated text” shows the model's version.</source>
      <translation>Abschnitt {number} wurde neu geschrieben, aber Sie hatten ihn geändert, daher wurde Ihr Text beibehalten. „Generierten Text verwenden“ zeigt die Fassung des Modells.</translation>
    </message>
    <message>
      <source>Sections</source>
      <translation>Abschnitte</translation>
    </message>
    <message>
      <source>Sections {numbers} stopped at the token limit. Continue goes on with {name}.</source>
      <translation>Die Abschnitte {numbers} endeten am Token-Limit. „Fortsetzen“ macht mit {name} weiter.</translation>
    </message>
    <message>
      <source>Stop</source>
      <translation>Stopp</translation>
    </message>
    <message>
      <source>Stop generating (Esc)</source>
      <translation>Generieren stoppen (Esc)</translation>
    </message>
    <message>
      <source>Stopped. Saved what was written; not reached: {sections}.</source>
      <translation>Gestoppt. Das Geschriebene wurde gespeichert; nicht erreicht: {sections}.</translation>
    </message>
    <message>
      <source>Stopped: {name} is as it was.</source>
      <translation>Gestoppt: {name} ist unverändert.</translation>
    </message>
    <message>
      <source>Stopping…</source>
      <translation>Wird gestoppt…</translation>
    </message>
    <message>
      <source>System guidance</source>
      <translation>Systemvorgaben</translation>
    </message>
    <message>
      <source>TOML (*.toml);;JSON (*.json)</source>
      <translation>TOML (*.toml);;JSON (*.json)</translation>
    </message>
    <message>
      <source>Template: type to filter, Enter to choose</source>
      <translation>Vorlage: zum Filtern tippen, Eingabetaste zum Wählen</translation>
    </message>
    <message>
      <source>Templates</source>
      <translation>Vorlagen</translation>
    </message>
    <message>
      <source>Templates (*.toml *.json)</source>
      <translation>Vorlagen (*.toml *.json)</translation>
    </message>
    <message>
      <source>Text files</source>
      <translation>Textdateien</translation>
    </message>
    <message>
      <source>The instruction; use fields as {{ key }}</source>
      <translation>Die Anweisung; Felder als {{ key }} einsetzen</translation>
    </message>
    <message>
      <source>The prompt cannot be rendered: {exc}</source>
      <translation>Der Prompt kann nicht erzeugt werden: {exc}</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>Titel</translation>
    </message>
    <message>
      <source>Tone</source>
      <translation>Ton</translation>
    </message>
    <message>
      <source>Tones</source>
      <translation>Töne</translation>
    </message>
    <message>
      <source>Type</source>
      <translation>Typ</translation>
    </message>
    <message>
      <source>Type to filter the templates; Up and Down move, Enter chooses, Esc closes.</source>
      <translation>Tippen Sie, um die Vorlagen zu filtern; Pfeil hoch und runter wechseln, die Eingabetaste wählt, Esc schließt.</translation>
    </message>
    <message>
      <source>Unexpected error: {exc}</source>
      <translation>Unerwarteter Fehler: {exc}</translation>
    </message>
    <message>
      <source>Unsaved document</source>
      <translation>Ungespeichertes Dokument</translation>
    </message>
    <message>
      <source>Use generated text</source>
      <translation>Generierten Text verwenden</translation>
    </message>
    <message>
      <source>Uses the chat's documents: {titles}</source>
      <translation>Verwendet die Dokumente des Chats: {titles}</translation>
    </message>
    <message>
      <source>Web page</source>
      <translation>Webseite</translation>
    </message>
    <message>
      <source>With sections, long documents are written one section at a time.</source>
      <translation>Mit Abschnitten werden lange Dokumente Abschnitt für Abschnitt geschrieben.</translation>
    </message>
    <message>
      <source>Word document</source>
      <translation>Word-Dokument</translation>
    </message>
    <message>
      <source>Write the document with the loaded model (Ctrl+Return)</source>
      <translation>Das Dokument mit dem geladenen Modell schreiben (Strg+Eingabe)</translation>
    </message>
    <message>
      <source>Write the flagged section again</source>
      <translation>Den markierten Abschnitt neu schreiben</translation>
    </message>
    <message>
      <source>Write the selected section again; the others stay</source>
      <translation>Den ausgewählten Abschnitt neu schreiben; die anderen bleiben</translation>
    </message>
    <message>
      <source>Write this template to a .toml or .json file</source>
      <translation>Diese Vorlage in eine .toml- oder .json-Datei schreiben</translation>
    </message>
    <message>
      <source>Writing section {number} of {count}: {title}</source>
      <translation>Abschnitt {number} von {count} wird geschrieben: {title}</translation>
    </message>
    <message>
      <source>Writing…</source>
      <translation>Wird geschrieben…</translation>
    </message>
    <message>
      <source>Written section by section: {n} section.</source>
      <translation>Abschnitt für Abschnitt geschrieben: {n} Abschnitt.</translation>
    </message>
    <message>
      <source>Written section by section: {n} sections.</source>
      <translation>Abschnitt für Abschnitt geschrieben: {n} Abschnitte.</translation>
    </message>
    <message>
      <source>YYYY-MM-DD</source>
      <translation>JJJJ-MM-TT</translation>
    </message>
    <message>
      <source>Your document appears here, ready to edit.</source>
      <translation>Ihr Dokument erscheint hier und kann bearbeitet werden.</translation>
    </message>
    <message>
      <source>Your edits are not saved yet. Discard keeps the document as it was last saved.</source>
      <translation>Ihre Änderungen sind noch nicht gespeichert. „Verwerfen“ behält das Dokument so, wie es zuletzt gespeichert wurde.</translation>
    </message>
    <message>
      <source>a number</source>
      <translation>eine Zahl</translation>
    </message>
    <message>
      <source>a template with id {id} already exists; choose another id</source>
      <translation>eine Vorlage mit der ID {id} gibt es bereits; wählen Sie eine andere ID</translation>
    </message>
    <message>
      <source>an amount, e.g. 1250.00</source>
      <translation>ein Betrag, z. B. 1250.00</translation>
    </message>
    <message>
      <source>complete</source>
      <translation>vollständig</translation>
    </message>
    <message>
      <source>cut off</source>
      <translation>abgeschnitten</translation>
    </message>
    <message>
      <source>e.g. {example}</source>
      <translation>z. B. {example}</translation>
    </message>
    <message>
      <source>edited</source>
      <translation>bearbeitet</translation>
    </message>
    <message>
      <source>failed</source>
      <translation>fehlgeschlagen</translation>
    </message>
    <message>
      <source>from the fields</source>
      <translation>aus den Feldern</translation>
    </message>
    <message>
      <source>one item per line</source>
      <translation>ein Eintrag pro Zeile</translation>
    </message>
    <message>
      <source>path of a text file</source>
      <translation>Pfad einer Textdatei</translation>
    </message>
    <message>
      <source>section {number}, “{title}”</source>
      <translation>Abschnitt {number}, „{title}“</translation>
    </message>
    <message>
      <source>stopped</source>
      <translation>gestoppt</translation>
    </message>
    <message>
      <source>stopped at the token limit; Continue goes on from there</source>
      <translation>am Token-Limit beendet; „Fortsetzen“ macht dort weiter</translation>
    </message>
    <message>
      <source>stopped before it was finished</source>
      <translation>vor dem Ende gestoppt</translation>
    </message>
    <message>
      <source>the text</source>
      <translation>der Text</translation>
    </message>
    <message>
      <source>writing…</source>
      <translation>wird geschrieben…</translation>
    </message>
    <message>
      <source>{model} · seed {seed} · template {template} v{version}</source>
      <translation>{model} · Seed {seed} · Vorlage {template} v{version}</translation>
    </message>
    <message>
      <source>{name} (copy)</source>
      <translation>{name} (Kopie)</translation>
    </message>
    <message>
      <source>{name} at {scale}</source>
      <translation>{name} mit {scale}</translation>
    </message>
    <message>
      <source>{name} stopped at the token limit: it may end mid-sentence.</source>
      <translation>{name} endete am Token-Limit: Er kann mitten im Satz aufhören.</translation>
    </message>
    <message>
      <source>{name} was continued, but your edits changed it, so your text was kept. “Use generated text” shows the model's version.</source>
      <translation>{name} wurde fortgesetzt, aber Sie hatten ihn geändert, daher wurde Ihr Text beibehalten. „Generierten Text verwenden“ zeigt die Fassung des Modells.</translation>
    </message>
    <message>
      <source>{source} was not imported:
{listed}</source>
      <translation>{source} wurde nicht importiert:
{listed}</translation>
    </message>
  </context>
</TS>
