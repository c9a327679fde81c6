<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
  <context>
    <name>hearth</name>
    <message>
      <source> s</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>API key</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>API key environment variable</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Add</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Add endpoint</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>An OpenAI-compatible API on {address} only: programs on other computers cannot reach it.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Base URL</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Connected, but the server lists no models.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Connected: {n} model available.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Connected: {n} models available.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Connecting to {url}…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Copy</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Copy the base URL</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Let other programs on this computer use Hearth's models</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Local API at {url}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Local API server</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Messages sent with a remote endpoint leave this computer and are answered by that server. Hearth never contacts one until you choose it for a chat.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Model</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>New endpoint</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>New token</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No token: any program on this computer may use it</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>None (optional)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Not running locally: {endpoint}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Not running: {reason}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Not saved: {reason}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Off: nothing listens for other programs.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Port</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Remote endpoints</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Remote: {name} · {model}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Remove</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Remove endpoint</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Remove “{name}” and its stored API key?</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Running at {url}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Save</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Saved “{name}”.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Stored in the keyring (type to replace)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Test connection</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Test the connection to list the models</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The local API needs the shared inference thread, which is not running.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The local API server did not start: {reason}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The name of an environment variable that holds the API key, instead of the key</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Timeout</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Token</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>URL</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Verify TLS certificates</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Your messages are sent to {url} ({model}) and answered there, not on this computer.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>e.g. team-gpu</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>or: the name of an environment variable</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>⚠ TLS certificates will not be checked: anyone on the network path could read your messages or pose as this server. Only for a network you trust.</source>
      <translation type="unfinished" />
    </message>
  </context>
</TS>
