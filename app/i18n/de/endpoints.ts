<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
  <context>
    <name>hearth</name>
    <message>
      <source> s</source>
      <translation> s</translation>
    </message>
    <message>
      <source>API key</source>
      <translation>API-Schlüssel</translation>
    </message>
    <message>
      <source>API key environment variable</source>
      <translation>Umgebungsvariable für den API-Schlüssel</translation>
    </message>
    <message>
      <source>Add</source>
      <translation>Hinzufügen</translation>
    </message>
    <message>
      <source>Add endpoint</source>
      <translation>Endpunkt hinzufügen</translation>
    </message>
    <message>
      <source>An OpenAI-compatible API on {address} only: programs on other computers cannot reach it.</source>
      <translation>Eine OpenAI-kompatible API nur auf {address}: Programme auf anderen Computern erreichen sie nicht.</translation>
    </message>
    <message>
      <source>Base URL</source>
      <translation>Basis-URL</translation>
    </message>
    <message>
      <source>Connected, but the server lists no models.</source>
      <translation>Verbunden, aber der Server führt keine Modelle auf.</translation>
    </message>
    <message>
      <source>Connected: {n} model available.</source>
      <translation>Verbunden: {n} Modell verfügbar.</translation>
    </message>
    <message>
      <source>Connected: {n} models available.</source>
      <translation>Verbunden: {n} Modelle verfügbar.</translation>
    </message>
    <message>
      <source>Connecting to {url}…</source>
      <translation>Verbindung mit {url} wird hergestellt…</translation>
    </message>
    <message>
      <source>Copy</source>
      <translation>Kopieren</translation>
    </message>
    <message>
      <source>Copy the base URL</source>
      <translation>Basis-URL kopieren</translation>
    </message>
    <message>
      <source>Let other programs on this computer use Hearth's models</source>
      <translation>Anderen Programmen auf diesem Computer Hearths Modelle zur Verfügung stellen</translation>
    </message>
    <message>
      <source>Local API at {url}</source>
      <translation>Lokale API unter {url}</translation>
    </message>
    <message>
      <source>Local API server</source>
      <translation>Lokaler API-Server</translation>
    </message>
    <message>
      <source>Messages sent with a remote endpoint leave this computer and are answered by that server. Hearth never contacts one until you choose it for a chat.</source>
      <translation>Nachrichten über einen entfernten Endpunkt verlassen diesen Computer und werden von diesem Server beantwortet. Hearth nimmt erst Kontakt auf, wenn Sie ihn für einen Chat wählen.</translation>
    </message>
    <message>
      <source>Model</source>
      <translation>Modell</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>New endpoint</source>
      <translation>Neuer Endpunkt</translation>
    </message>
    <message>
      <source>New token</source>
      <translation>Neues Token</translation>
    </message>
    <message>
      <source>No token: any program on this computer may use it</source>
      <translation>Kein Token: Jedes Programm auf diesem Computer darf sie nutzen</translation>
    </message>
    <message>
      <source>None (optional)</source>
      <translation>Keiner (optional)</translation>
    </message>
    <message>
      <source>Not running locally: {endpoint}</source>
      <translation>Läuft nicht lokal: {endpoint}</translation>
    </message>
    <message>
      <source>Not running: {reason}</source>
      <translation>Läuft nicht: {reason}</translation>
    </message>
    <message>
      <source>Not saved: {reason}</source>
      <translation>Nicht gespeichert: {reason}</translation>
    </message>
    <message>
      <source>Off: nothing listens for other programs.</source>
      <translation>Aus: Nichts wartet auf andere Programme.</translation>
    </message>
    <message>
      <source>Port</source>
      <translation>Port</translation>
    </message>
    <message>
      <source>Remote endpoints</source>
      <translation>Entfernte Endpunkte</translation>
    </message>
    <message>
      <source>Remote: {name} · {model}</source>
      <translation>Entfernt: {name} · {model}</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>Entfernen</translation>
    </message>
    <message>
      <source>Remove endpoint</source>
      <translation>Endpunkt entfernen</translation>
    </message>
    <message>
      <source>Remove “{name}” and its stored API key?</source>
      <translation>„{name}“ und seinen gespeicherten API-Schlüssel entfernen?</translation>
    </message>
    <message>
      <source>Running at {url}</source>
      <translation>Läuft unter {url}</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>Speichern</translation>
    </message>
    <message>
      <source>Saved “{name}”.</source>
      <translation>„{name}“ gespeichert.</translation>
    </message>
    <message>
      <source>Stored in the keyring (type to replace)</source>
      <translation>Im Schlüsselbund gespeichert (zum Ersetzen eintippen)</translation>
    </message>
    <message>
      <source>Test connection</source>
      <translation>Verbindung testen</translation>
    </message>
    <message>
      <source>Test the connection to list the models</source>
      <translation>Testen Sie die Verbindung, um die Modelle aufzulisten</translation>
    </message>
    <message>
      <source>The local API needs the shared inference thread, which is not running.</source>
      <translation>Die lokale API braucht den gemeinsamen Inferenz-Thread, der nicht läuft.</translation>
    </message>
    <message>
      <source>The local API server did not start: {reason}</source>
      <translation>Der lokale API-Server ist nicht gestartet: {reason}</translation>
    </message>
    <message>
      <source>The name of an environment variable that holds the API key, instead of the key</source>
      <translation>Der Name einer Umgebungsvariablen, die den API-Schlüssel enthält, statt des Schlüssels</translation>
    </message>
    <message>
      <source>Timeout</source>
      <translation>Zeitlimit</translation>
    </message>
    <message>
      <source>Token</source>
      <translation>Token</translation>
    </message>
    <message>
      <source>URL</source>
      <translation>URL</translation>
    </message>
    <message>
      <source>Verify TLS certificates</source>
      <translation>TLS-Zertifikate prüfen</translation>
    </message>
    <message>
      <source>Your messages are sent to {url} ({model}) and answered there, not on this computer.</source>
      <translation>Ihre Nachrichten werden an {url} ({model}) gesendet und dort beantwortet, nicht auf diesem Computer.</translation>
    </message>
    <message>
      <source>e.g. team-gpu</source>
      <translation>z. B. team-gpu</translation>
    </message>
    <message>
      <source>or: the name of an environment variable</source>
      <translation>oder: der Name einer Umgebungsvariablen</translation>
    </message>
    <message>
      <source>⚠ TLS certificates will not be checked: anyone on the network path could read your messages or pose as this server. Only for a network you trust.</source>
      <translation>⚠ TLS-Zertifikate werden nicht geprüft: Jeder auf dem Netzwerkweg könnte Ihre Nachrichten lesen oder sich als dieser Server ausgeben. Nur für ein Netzwerk, dem Sie vertrauen.</translation>
    </message>
  </context>
</TS>
