<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
  <context>
    <name>hearth</name>
    <message>
      <source>Add a GGUF model file you already have, from any folder or drive.</source>
      <translation>Fügen Sie eine vorhandene GGUF-Modelldatei hinzu, aus einem beliebigen Ordner oder Laufwerk.</translation>
    </message>
    <message>
      <source>Browse all models</source>
      <translation>Alle Modelle durchsehen</translation>
    </message>
    <message>
      <source>Browse the catalog…</source>
      <translation>Katalog durchsehen…</translation>
    </message>
    <message>
      <source>Cancel download</source>
      <translation>Download abbrechen</translation>
    </message>
    <message>
      <source>Cancelling…</source>
      <translation>Wird abgebrochen…</translation>
    </message>
    <message>
      <source>Choose a model</source>
      <translation>Ein Modell wählen</translation>
    </message>
    <message>
      <source>Choose a model — Hearth</source>
      <translation>Ein Modell wählen — Hearth</translation>
    </message>
    <message>
      <source>Chosen model: {name}</source>
      <translation>Gewähltes Modell: {name}</translation>
    </message>
    <message>
      <source>Close this screen (Esc). It opens again at the next start while only the starter model is here; Help → Choose a model… opens it any time.</source>
      <translation>Diese Ansicht schließen (Esc). Sie öffnet sich beim nächsten Start wieder, solange nur das Startmodell vorhanden ist; Hilfe → Modell wählen… öffnet sie jederzeit.</translation>
    </message>
    <message>
      <source>Could not download {name}</source>
      <translation>{name} konnte nicht heruntergeladen werden</translation>
    </message>
    <message>
      <source>Download</source>
      <comment>caption above the size of the download</comment>
      <translation>Download</translation>
    </message>
    <message>
      <source>Download ({size})</source>
      <translation>Herunterladen ({size})</translation>
    </message>
    <message>
      <source>Download a model below, use one from another app, or import a model file.</source>
      <translation>Laden Sie unten ein Modell herunter, verwenden Sie eines aus einer anderen App oder importieren Sie eine Modelldatei.</translation>
    </message>
    <message>
      <source>Download progress</source>
      <translation>Download-Fortschritt</translation>
    </message>
    <message>
      <source>Download {name}</source>
      <translation>{name} herunterladen</translation>
    </message>
    <message>
      <source>Downloading {name}</source>
      <translation>{name} wird heruntergeladen</translation>
    </message>
    <message>
      <source>Downloading…</source>
      <translation>Wird heruntergeladen…</translation>
    </message>
    <message>
      <source>Downloads come from {host} and are checked before use. Nothing you type ever leaves this computer.</source>
      <translation>Downloads kommen von {host} und werden vor der Verwendung geprüft. Nichts, was Sie eingeben, verlässt jemals diesen Computer.</translation>
    </message>
    <message>
      <source>Engine</source>
      <translation>Engine</translation>
    </message>
    <message>
      <source>Estimated from {basis} and the model's size.</source>
      <translation>Geschätzt aus {basis} und der Größe des Modells.</translation>
    </message>
    <message>
      <source>Every catalog model by size, with its licence and what it is good for.</source>
      <translation>Jedes Katalogmodell nach Größe, mit Lizenz und wofür es sich eignet.</translation>
    </message>
    <message>
      <source>Find models…</source>
      <translation>Modelle suchen…</translation>
    </message>
    <message>
      <source>From other apps</source>
      <translation>Aus anderen Apps</translation>
    </message>
    <message>
      <source>Good for {uses}</source>
      <translation>Gut für {uses}</translation>
    </message>
    <message>
      <source>Graphics card</source>
      <translation>Grafikkarte</translation>
    </message>
    <message>
      <source>Hearth answers with a language model that runs on this computer. Choose one that suits it; you can change your choice at any time from the Help menu.</source>
      <translation>Hearth antwortet mit einem Sprachmodell, das auf diesem Computer läuft. Wählen Sie eines, das zu ihm passt; Ihre Wahl können Sie jederzeit über das Hilfe-Menü ändern.</translation>
    </message>
    <message>
      <source>Import a file…</source>
      <translation>Datei importieren…</translation>
    </message>
    <message>
      <source>Import a model file</source>
      <translation>Eine Modelldatei importieren</translation>
    </message>
    <message>
      <source>Keep the starter</source>
      <translation>Startmodell behalten</translation>
    </message>
    <message>
      <source>Keep the starter model</source>
      <translation>Das Startmodell behalten</translation>
    </message>
    <message>
      <source>Licence</source>
      <translation>Lizenz</translation>
    </message>
    <message>
      <source>Memory</source>
      <translation>Arbeitsspeicher</translation>
    </message>
    <message>
      <source>Model to download</source>
      <translation>Herunterzuladendes Modell</translation>
    </message>
    <message>
      <source>No catalog model fits in this computer's {memory} of memory. The starter model is the best choice here; a model file of your own can be imported below.</source>
      <translation>Kein Katalogmodell passt in die {memory} Arbeitsspeicher dieses Computers. Das Startmodell ist hier die beste Wahl; eine eigene Modelldatei können Sie unten importieren.</translation>
    </message>
    <message>
      <source>None in use</source>
      <translation>Keine in Verwendung</translation>
    </message>
    <message>
      <source>Not now</source>
      <translation>Nicht jetzt</translation>
    </message>
    <message>
      <source>On this computer: {fit}</source>
      <translation>Auf diesem Computer: {fit}</translation>
    </message>
    <message>
      <source>Or another model:</source>
      <translation>Oder ein anderes Modell:</translation>
    </message>
    <message>
      <source>Other catalog models that fit this computer</source>
      <translation>Weitere Katalogmodelle, die zu diesem Computer passen</translation>
    </message>
    <message>
      <source>Other ways to start</source>
      <translation>Andere Wege zum Start</translation>
    </message>
    <message>
      <source>Pause</source>
      <translation>Pausieren</translation>
    </message>
    <message>
      <source>Pause download</source>
      <translation>Download pausieren</translation>
    </message>
    <message>
      <source>Paused at {percent}%: {done} of {total} downloaded.</source>
      <translation>Bei {percent} % pausiert: {done} von {total} heruntergeladen.</translation>
    </message>
    <message>
      <source>Pausing…</source>
      <translation>Wird pausiert…</translation>
    </message>
    <message>
      <source>Problem: {problem}</source>
      <translation>Problem: {problem}</translation>
    </message>
    <message>
      <source>Processor</source>
      <translation>Prozessor</translation>
    </message>
    <message>
      <source>Recommended</source>
      <translation>Empfohlen</translation>
    </message>
    <message>
      <source>Recommended for this computer</source>
      <translation>Empfohlen für diesen Computer</translation>
    </message>
    <message>
      <source>Recommended model: {name}</source>
      <translation>Empfohlenes Modell: {name}</translation>
    </message>
    <message>
      <source>Resume download</source>
      <translation>Download fortsetzen</translation>
    </message>
    <message>
      <source>Resume downloading {name}</source>
      <translation>Download von {name} fortsetzen</translation>
    </message>
    <message>
      <source>Scroll the page</source>
      <translation>Seite blättern</translation>
    </message>
    <message>
      <source>Speed here (an estimate)</source>
      <translation>Geschwindigkeit hier (geschätzt)</translation>
    </message>
    <message>
      <source>Speed on the graphics card (an estimate)</source>
      <translation>Geschwindigkeit auf der Grafikkarte (geschätzt)</translation>
    </message>
    <message>
      <source>Start chatting</source>
      <translation>Chat beginnen</translation>
    </message>
    <message>
      <source>Starting {name}…</source>
      <translation>{name} wird gestartet…</translation>
    </message>
    <message>
      <source>The built-in starter model cannot be used</source>
      <translation>Das mitgelieferte Startmodell kann nicht verwendet werden</translation>
    </message>
    <message>
      <source>The model catalog could not be read: {reason}</source>
      <translation>Der Modellkatalog konnte nicht gelesen werden: {reason}</translation>
    </message>
    <message>
      <source>The small model that came with Hearth is already here: instant, for trying Hearth out and for short, simple replies.</source>
      <translation>Das kleine Modell, das mit Hearth kam, ist schon da: sofort bereit, zum Ausprobieren von Hearth und für kurze, einfache Antworten.</translation>
    </message>
    <message>
      <source>The starter model is not on this computer.</source>
      <translation>Das Startmodell ist nicht auf diesem Computer.</translation>
    </message>
    <message>
      <source>This computer</source>
      <translation>Dieser Computer</translation>
    </message>
    <message>
      <source>Try again</source>
      <translation>Erneut versuchen</translation>
    </message>
    <message>
      <source>Try downloading {name} again</source>
      <translation>Download von {name} erneut versuchen</translation>
    </message>
    <message>
      <source>Use models that LM Studio, Ollama, GPT4All or Jan already downloaded, without copying them.</source>
      <translation>Modelle verwenden, die LM Studio, Ollama, GPT4All oder Jan schon heruntergeladen haben, ohne sie zu kopieren.</translation>
    </message>
    <message>
      <source>Use the starter</source>
      <translation>Startmodell verwenden</translation>
    </message>
    <message>
      <source>Use this model</source>
      <translation>Dieses Modell verwenden</translation>
    </message>
    <message>
      <source>Use {name}</source>
      <translation>{name} verwenden</translation>
    </message>
    <message>
      <source>Welcome to Hearth</source>
      <translation>Willkommen bei Hearth</translation>
    </message>
    <message>
      <source>Why this one: {reason}</source>
      <translation>Warum dieses: {reason}</translation>
    </message>
    <message>
      <source>Your choice</source>
      <translation>Ihre Wahl</translation>
    </message>
    <message>
      <source>checked against its published sha256</source>
      <translation>gegen seine veröffentlichte sha256 geprüft</translation>
    </message>
    <message>
      <source>checked against the hub's sha256</source>
      <translation>gegen die sha256 des Hubs geprüft</translation>
    </message>
    <message>
      <source>commercial use allowed</source>
      <translation>kommerzielle Nutzung erlaubt</translation>
    </message>
    <message>
      <source>limits commercial use</source>
      <translation>schränkt kommerzielle Nutzung ein</translation>
    </message>
    <message>
      <source>memory {speed}/s</source>
      <translation>Speicher {speed}/s</translation>
    </message>
    <message>
      <source>models run on the processor</source>
      <translation>Modelle laufen auf dem Prozessor</translation>
    </message>
    <message>
      <source>runs models on the processor</source>
      <translation>führt Modelle auf dem Prozessor aus</translation>
    </message>
    <message>
      <source>runs models with {backend}</source>
      <translation>führt Modelle mit {backend} aus</translation>
    </message>
    <message>
      <source>shares the computer's memory</source>
      <translation>teilt sich den Arbeitsspeicher des Computers</translation>
    </message>
    <message>
      <source>{free} free of {total}</source>
      <translation>{free} von {total} frei</translation>
    </message>
    <message>
      <source>{memory} free now</source>
      <translation>{memory} jetzt frei</translation>
    </message>
    <message>
      <source>{name} is already on this computer.</source>
      <translation>{name} ist bereits auf diesem Computer.</translation>
    </message>
    <message>
      <source>{name} is ready ({checked}). Hearth uses it from now on.</source>
      <translation>{name} ist bereit ({checked}). Hearth verwendet es ab jetzt.</translation>
    </message>
    <message>
      <source>{n} core</source>
      <translation>{n} Kern</translation>
    </message>
    <message>
      <source>{n} cores</source>
      <translation>{n} Kerne</translation>
    </message>
    <message>
      <source>{uses}. {good_for} {speed}, an estimate.</source>
      <translation>{uses}. {good_for} {speed}, geschätzt.</translation>
    </message>
  </context>
</TS>
