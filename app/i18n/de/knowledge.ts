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
      <source>, {count} could not be read (marked in the documents)</source>
      <translation>, {count} konnten nicht gelesen werden (in den Dokumenten markiert)</translation>
    </message>
    <message>
      <source>. Cancelled: the remaining files were not added</source>
      <translation>. Abgebrochen: Die übrigen Dateien wurden nicht hinzugefügt</translation>
    </message>
    <message>
      <source>. Stopped: the rest is done on the next sync</source>
      <translation>. Angehalten: Der Rest folgt beim nächsten Abgleich</translation>
    </message>
    <message>
      <source>; {count} could not be read (see the list)</source>
      <translation>; {count} konnten nicht gelesen werden (siehe Liste)</translation>
    </message>
    <message>
      <source>A collection named {name} already exists.</source>
      <translation>Eine Sammlung namens {name} gibt es bereits.</translation>
    </message>
    <message>
      <source>Add files</source>
      <translation>Dateien hinzufügen</translation>
    </message>
    <message>
      <source>Add files…</source>
      <translation>Dateien hinzufügen…</translation>
    </message>
    <message>
      <source>Add folder…</source>
      <translation>Ordner hinzufügen…</translation>
    </message>
    <message>
      <source>All documents</source>
      <translation>Alle Dokumente</translation>
    </message>
    <message>
      <source>Also remove its documents from Hearth</source>
      <translation>Auch seine Dokumente aus Hearth entfernen</translation>
    </message>
    <message>
      <source>Also remove its documents that are in no other collection or chat</source>
      <translation>Auch ihre Dokumente entfernen, die in keiner anderen Sammlung und keinem Chat sind</translation>
    </message>
    <message>
      <source>Answer only from the attached documents, citing them, and say so plainly when they do not contain the answer.</source>
      <translation>Nur aus den angehängten Dokumenten antworten, sie zitieren und klar sagen, wenn sie die Antwort nicht enthalten.</translation>
    </message>
    <message>
      <source>Attach</source>
      <translation>Anhängen</translation>
    </message>
    <message>
      <source>Attach collection</source>
      <translation>Sammlung anhängen</translation>
    </message>
    <message>
      <source>Attach documents or a collection to this chat</source>
      <translation>Dokumente oder eine Sammlung an diesen Chat anhängen</translation>
    </message>
    <message>
      <source>Attach files</source>
      <translation>Dateien anhängen</translation>
    </message>
    <message>
      <source>Attach files…</source>
      <translation>Dateien anhängen…</translation>
    </message>
    <message>
      <source>Attach to chat</source>
      <translation>An Chat anhängen</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Abbrechen</translation>
    </message>
    <message>
      <source>Cancelling…</source>
      <translation>Wird abgebrochen…</translation>
    </message>
    <message>
      <source>Collection: {name}</source>
      <translation>Sammlung: {name}</translation>
    </message>
    <message>
      <source>Collections</source>
      <translation>Sammlungen</translation>
    </message>
    <message>
      <source>Columns</source>
      <translation>Spalten</translation>
    </message>
    <message>
      <source>Could not be read</source>
      <translation>Nicht lesbar</translation>
    </message>
    <message>
      <source>Create a collection</source>
      <translation>Eine Sammlung anlegen</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>Löschen</translation>
    </message>
    <message>
      <source>Delete collection</source>
      <translation>Sammlung löschen</translation>
    </message>
    <message>
      <source>Delete the collection {name}? Chats that use it lose it, and a folder watched into it is no longer watched. Your files on disk are not touched.</source>
      <translation>Die Sammlung {name} löschen? Chats, die sie nutzen, verlieren sie, und ein in sie überwachter Ordner wird nicht mehr überwacht. Ihre Dateien auf der Festplatte bleiben unberührt.</translation>
    </message>
    <message>
      <source>Delete the selected collection</source>
      <translation>Die gewählte Sammlung löschen</translation>
    </message>
    <message>
      <source>Delete…</source>
      <translation>Löschen…</translation>
    </message>
    <message>
      <source>Document columns</source>
      <translation>Dokumentspalten</translation>
    </message>
    <message>
      <source>Document: {name}</source>
      <translation>Dokument: {name}</translation>
    </message>
    <message>
      <source>Documents</source>
      <translation>Dokumente</translation>
    </message>
    <message>
      <source>Documents ({patterns});;All files (*)</source>
      <translation>Dokumente ({patterns});;Alle Dateien (*)</translation>
    </message>
    <message>
      <source>Documents in {name}</source>
      <translation>Dokumente in {name}</translation>
    </message>
    <message>
      <source>Download OCR component</source>
      <translation>OCR-Komponente herunterladen</translation>
    </message>
    <message>
      <source>Download and install the component that reads scanned pages and pictures</source>
      <translation>Die Komponente herunterladen und installieren, die gescannte Seiten und Bilder liest</translation>
    </message>
    <message>
      <source>File</source>
      <translation>Datei</translation>
    </message>
    <message>
      <source>File not found</source>
      <translation>Datei nicht gefunden</translation>
    </message>
    <message>
      <source>Files that could not be indexed</source>
      <translation>Dateien, die nicht indiziert werden konnten</translation>
    </message>
    <message>
      <source>Folder no longer watched.</source>
      <translation>Ordner wird nicht mehr überwacht.</translation>
    </message>
    <message>
      <source>Folder sync: {n} file checked</source>
      <translation>Ordnerabgleich: {n} Datei geprüft</translation>
    </message>
    <message>
      <source>Folder sync: {n} files checked</source>
      <translation>Ordnerabgleich: {n} Dateien geprüft</translation>
    </message>
    <message>
      <source>Format</source>
      <translation>Format</translation>
    </message>
    <message>
      <source>Grounded only</source>
      <translation>Nur belegt</translation>
    </message>
    <message>
      <source>Index new and changed files and forget deleted ones (the selected folder, or all)</source>
      <translation>Neue und geänderte Dateien indizieren und gelöschte vergessen (der gewählte Ordner oder alle)</translation>
    </message>
    <message>
      <source>Indexed</source>
      <translation>Indiziert</translation>
    </message>
    <message>
      <source>Indexed with notes</source>
      <translation>Mit Hinweisen indiziert</translation>
    </message>
    <message>
      <source>Indexed {n} file</source>
      <translation>{n} Datei indiziert</translation>
    </message>
    <message>
      <source>Indexed {n} files</source>
      <translation>{n} Dateien indiziert</translation>
    </message>
    <message>
      <source>Indexed {total} of {total}, finishing…</source>
      <translation>{total} von {total} indiziert, wird abgeschlossen…</translation>
    </message>
    <message>
      <source>Indexing is already running; wait for it or cancel it.</source>
      <translation>Die Indizierung läuft bereits; warten Sie darauf oder brechen Sie sie ab.</translation>
    </message>
    <message>
      <source>Indexing of {n} watched folder did not finish ({done} of {total} files done). Resume where it stopped?</source>
      <translation>Die Indizierung von {n} überwachten Ordner wurde nicht beendet ({done} von {total} Dateien erledigt). Dort fortsetzen, wo sie aufgehört hat?</translation>
    </message>
    <message>
      <source>Indexing of {n} watched folders did not finish ({done} of {total} files done). Resume where it stopped?</source>
      <translation>Die Indizierung von {n} überwachten Ordnern wurde nicht beendet ({done} von {total} Dateien erledigt). Dort fortsetzen, wo sie aufgehört hat?</translation>
    </message>
    <message>
      <source>Indexing {number} of {total}</source>
      <translation>Indiziere {number} von {total}</translation>
    </message>
    <message>
      <source>Indexing {number} of {total}: {file}</source>
      <translation>Indiziere {number} von {total}: {file}</translation>
    </message>
    <message>
      <source>Install OCR component…</source>
      <translation>OCR-Komponente installieren…</translation>
    </message>
    <message>
      <source>Later</source>
      <translation>Später</translation>
    </message>
    <message>
      <source>Let the current chat answer from this collection</source>
      <translation>Den aktuellen Chat aus dieser Sammlung antworten lassen</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>Name of the new collection:</source>
      <translation>Name der neuen Sammlung:</translation>
    </message>
    <message>
      <source>New collection</source>
      <translation>Neue Sammlung</translation>
    </message>
    <message>
      <source>New name:</source>
      <translation>Neuer Name:</translation>
    </message>
    <message>
      <source>New…</source>
      <translation>Neu…</translation>
    </message>
    <message>
      <source>No collections yet (create them under Knowledge)</source>
      <translation>Noch keine Sammlungen (legen Sie sie unter „Wissen“ an)</translation>
    </message>
    <message>
      <source>No documents here yet. Add files, or watch a folder.</source>
      <translation>Hier sind noch keine Dokumente. Fügen Sie Dateien hinzu oder überwachen Sie einen Ordner.</translation>
    </message>
    <message>
      <source>No watched folders. Add one and its documents stay indexed as they change.</source>
      <translation>Keine überwachten Ordner. Fügen Sie einen hinzu, und seine Dokumente bleiben indiziert, wenn sie sich ändern.</translation>
    </message>
    <message>
      <source>Not everything in this document was indexed:</source>
      <translation>Nicht alles in diesem Dokument wurde indiziert:</translation>
    </message>
    <message>
      <source>OCR component address</source>
      <translation>Adresse der OCR-Komponente</translation>
    </message>
    <message>
      <source>OCR page {page} of {pages}, {file}</source>
      <translation>Texterkennung Seite {page} von {pages}, {file}</translation>
    </message>
    <message>
      <source>OCR {percent}%</source>
      <translation>Texterkennung {percent}%</translation>
    </message>
    <message>
      <source>OCR, {file}</source>
      <translation>Texterkennung, {file}</translation>
    </message>
    <message>
      <source>Open file</source>
      <translation>Datei öffnen</translation>
    </message>
    <message>
      <source>Pages</source>
      <translation>Seiten</translation>
    </message>
    <message>
      <source>Preparing to index…</source>
      <translation>Indizierung wird vorbereitet…</translation>
    </message>
    <message>
      <source>Problem</source>
      <translation>Problem</translation>
    </message>
    <message>
      <source>Remove documents</source>
      <translation>Dokumente entfernen</translation>
    </message>
    <message>
      <source>Remove from Hearth</source>
      <translation>Aus Hearth entfernen</translation>
    </message>
    <message>
      <source>Remove from collection</source>
      <translation>Aus der Sammlung entfernen</translation>
    </message>
    <message>
      <source>Remove the selected documents</source>
      <translation>Die gewählten Dokumente entfernen</translation>
    </message>
    <message>
      <source>Remove {name}</source>
      <translation>{name} entfernen</translation>
    </message>
    <message>
      <source>Remove {name} from this chat</source>
      <translation>{name} aus diesem Chat entfernen</translation>
    </message>
    <message>
      <source>Remove {what} from Hearth (every collection and chat)? Your files on disk are not touched.</source>
      <translation>{what} aus Hearth entfernen (aus jeder Sammlung und jedem Chat)? Ihre Dateien auf der Festplatte bleiben unberührt.</translation>
    </message>
    <message>
      <source>Remove {what}? From the collection only, or from Hearth altogether (every collection and chat)? Your files on disk are not touched.</source>
      <translation>{what} entfernen? Nur aus der Sammlung oder ganz aus Hearth (aus jeder Sammlung und jedem Chat)? Ihre Dateien auf der Festplatte bleiben unberührt.</translation>
    </message>
    <message>
      <source>Remove…</source>
      <translation>Entfernen…</translation>
    </message>
    <message>
      <source>Rename collection</source>
      <translation>Sammlung umbenennen</translation>
    </message>
    <message>
      <source>Rename the selected collection</source>
      <translation>Die gewählte Sammlung umbenennen</translation>
    </message>
    <message>
      <source>Rename…</source>
      <translation>Umbenennen…</translation>
    </message>
    <message>
      <source>Resume</source>
      <translation>Fortsetzen</translation>
    </message>
    <message>
      <source>Scanned pages or pictures went unread: reading them needs the OCR component.</source>
      <translation>Gescannte Seiten oder Bilder wurden nicht gelesen: Dafür wird die OCR-Komponente benötigt.</translation>
    </message>
    <message>
      <source>Scroll the documents</source>
      <translation>Dokumente blättern</translation>
    </message>
    <message>
      <source>Scroll the documents sideways</source>
      <translation>Dokumente seitlich blättern</translation>
    </message>
    <message>
      <source>Scroll the sources</source>
      <translation>Quellen blättern</translation>
    </message>
    <message>
      <source>Search score {score} (higher matched the question better)</source>
      <translation>Suchwert {score} (höher passt besser zur Frage)</translation>
    </message>
    <message>
      <source>Show full passage</source>
      <translation>Ganze Textstelle zeigen</translation>
    </message>
    <message>
      <source>Show less</source>
      <translation>Weniger zeigen</translation>
    </message>
    <message>
      <source>Some files could not be indexed</source>
      <translation>Einige Dateien konnten nicht indiziert werden</translation>
    </message>
    <message>
      <source>Sources</source>
      <translation>Quellen</translation>
    </message>
    <message>
      <source>Sources of an answer appear here. Attach documents to a chat and ask about them.</source>
      <translation>Hier erscheinen die Quellen einer Antwort. Hängen Sie Dokumente an einen Chat an und fragen Sie danach.</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>Stop indexing; files already indexed stay indexed</source>
      <translation>Indizierung anhalten; bereits indizierte Dateien bleiben indiziert</translation>
    </message>
    <message>
      <source>Stop watching</source>
      <translation>Nicht mehr überwachen</translation>
    </message>
    <message>
      <source>Stop watching the selected folder</source>
      <translation>Den gewählten Ordner nicht mehr überwachen</translation>
    </message>
    <message>
      <source>Stop watching {folder}? Your files there are not touched.</source>
      <translation>{folder} nicht mehr überwachen? Ihre Dateien dort bleiben unberührt.</translation>
    </message>
    <message>
      <source>Stop watching…</source>
      <translation>Nicht mehr überwachen…</translation>
    </message>
    <message>
      <source>Sync now</source>
      <translation>Jetzt abgleichen</translation>
    </message>
    <message>
      <source>The OCR component is installed: add the scanned files again to read them.</source>
      <translation>Die OCR-Komponente ist installiert: Fügen Sie die gescannten Dateien erneut hinzu, um sie zu lesen.</translation>
    </message>
    <message>
      <source>The address of the OCR component archive (hearth-ocr-…zip) published with this version of Hearth. It reads scanned pages and pictures, offline. Its sha256 is fetched from the same address + .sha256 and checked before anything is installed.</source>
      <translation>Die Adresse des OCR-Komponentenarchivs (hearth-ocr-…zip), das mit dieser Hearth-Version veröffentlicht wurde. Es liest gescannte Seiten und Bilder, offline. Seine sha256 wird von derselben Adresse + .sha256 abgerufen und geprüft, bevor etwas installiert wird.</translation>
    </message>
    <message>
      <source>The documents of the collection chosen on the left; point at a cell for more</source>
      <translation>Die Dokumente der links gewählten Sammlung; zeigen Sie auf eine Zelle für mehr</translation>
    </message>
    <message>
      <source>The whole section went into the prompt (no search score).</source>
      <translation>Der ganze Abschnitt ging in den Prompt ein (kein Suchwert).</translation>
    </message>
    <message>
      <source>Watch a folder</source>
      <translation>Einen Ordner überwachen</translation>
    </message>
    <message>
      <source>Watch a folder: its documents stay indexed as they change</source>
      <translation>Einen Ordner überwachen: Seine Dokumente bleiben indiziert, wenn sie sich ändern</translation>
    </message>
    <message>
      <source>Watched folders</source>
      <translation>Überwachte Ordner</translation>
    </message>
    <message>
      <source>Where on the page</source>
      <translation>Stelle auf der Seite</translation>
    </message>
    <message>
      <source>bottom of the page</source>
      <translation>unten auf der Seite</translation>
    </message>
    <message>
      <source>interrupted at {done} of {total} files</source>
      <translation>unterbrochen bei {done} von {total} Dateien</translation>
    </message>
    <message>
      <source>middle of the page</source>
      <translation>Mitte der Seite</translation>
    </message>
    <message>
      <source>page {page}, bottom</source>
      <translation>Seite {page}, unten</translation>
    </message>
    <message>
      <source>page {page}, middle</source>
      <translation>Seite {page}, Mitte</translation>
    </message>
    <message>
      <source>page {page}, top</source>
      <translation>Seite {page}, oben</translation>
    </message>
    <message>
      <source>stopped at {done} of {total} files</source>
      <translation>angehalten bei {done} von {total} Dateien</translation>
    </message>
    <message>
      <source>top of the page</source>
      <translation>oben auf der Seite</translation>
    </message>
    <message>
      <source>waiting: {n} file to check</source>
      <translation>wartet: {n} Datei zu prüfen</translation>
    </message>
    <message>
      <source>waiting: {n} files to check</source>
      <translation>wartet: {n} Dateien zu prüfen</translation>
    </message>
    <message>
      <source>{name} ({n} document)</source>
      <translation>{name} ({n} Dokument)</translation>
    </message>
    <message>
      <source>{name} ({n} documents)</source>
      <translation>{name} ({n} Dokumente)</translation>
    </message>
    <message>
      <source>{name}: could not be indexed.</source>
      <translation>{name}: konnte nicht indiziert werden.</translation>
    </message>
    <message>
      <source>{name}: indexing…</source>
      <translation>{name}: wird indiziert…</translation>
    </message>
    <message>
      <source>{n} document</source>
      <translation>{n} Dokument</translation>
    </message>
    <message>
      <source>{n} documents</source>
      <translation>{n} Dokumente</translation>
    </message>
    <message>
      <source>{n} file indexed; {failed} could not be read:</source>
      <translation>{n} Datei indiziert; {failed} konnten nicht gelesen werden:</translation>
    </message>
    <message>
      <source>{n} files indexed; {failed} could not be read:</source>
      <translation>{n} Dateien indiziert; {failed} konnten nicht gelesen werden:</translation>
    </message>
    <message>
      <source>{n} page read with OCR, mean confidence {percent}%</source>
      <translation>{n} Seite mit Texterkennung gelesen, mittlere Sicherheit {percent}%</translation>
    </message>
    <message>
      <source>{n} pages read with OCR, mean confidence {percent}%</source>
      <translation>{n} Seiten mit Texterkennung gelesen, mittlere Sicherheit {percent}%</translation>
    </message>
  </context>
</TS>
