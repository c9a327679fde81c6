<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
  <context>
    <name>hearth</name>
    <message>
      <source>(built-in)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>(missing)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>A new chat's assistant: model, adapters, instructions</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Adapter: {name} at {scale}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Adapters</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Adapters must be made for the base model; Hearth checks this when the assistant loads.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Add</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Add MCP server</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Add an MCP server</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Add…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Approve MCP server</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Approve the server first: listing its tools starts it.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Approve…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Assistant</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Assistant imported</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Assistant packs (*{suffix})</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Assistant settings</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Assistants</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Base model</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Browse…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Calculator</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Cannot start yet: {problems}.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Checking {file}…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Choose a base model (import one first if the list is empty).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Choose an icon image</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Choose the key file to sign with, or untick Sign.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Choose the signing key file</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Choose where to save the pack</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Choose where to save the pack.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Clear image</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Command and arguments</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Connect to a server on this computer (loopback URL)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Could not list the tools: {reason}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Create one with New…, or import a .hearth pack.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Delete</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Delete assistant</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Delete {name}? Chats started from it are kept; its adapters, templates and documents stay in the library.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Description</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Document collections</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Document collections its chats answer from</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Duplicate</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Duplicate assistant</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Ed25519 key file (hearth assistants keygen)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Edit assistant</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Edit {name}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Edit…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Environment</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Environment line {number} (“{line}”) needs KEY=VALUE.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Environment of {name}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Environment values of the MCP server</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Environment…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Export</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Export assistant pack</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Export progress</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Export {name}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Export…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>General</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Get it…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Get the missing model</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Get the model…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Give the command that starts the MCP server.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Hearth packs (*.hearth)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Hearth stores this command line, never code. It runs only when a chat with this assistant uses tools, or when you press List tools.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Hearth's own tools:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>How the assistant should behave: its role, tone, what it must never do…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Icon</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Icon emoji</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Icon image</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Image…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Import</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Import an assistant pack</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Import assistant pack</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Import progress</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Import {file}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Imported {name}.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Importing…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Import…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Include the knowledge documents</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Include the model file (the other person needs no download)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Include the tool servers' environment values (they may be passwords or keys)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Instructions</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Instructions:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>KEY=VALUE, one a line (optional)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Key file</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Key files (*.pem *.key);;All files (*)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Knowledge &amp;&amp; templates</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Knowledge: {names}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Let Hearth start “{name}” for this assistant's chats?

It {what}

Approve only a program you trust: it runs with your rights.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>List tools</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Listing tools</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>MCP servers</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>MCP servers give this assistant's chats tools (turn on Tools in the chat). Every call asks you first unless you tick “Always allow”. Changes here are saved at once.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>MCP servers:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Min-p</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Model &amp;&amp; adapters</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Model: {model}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>More: KEY=VALUE, one a line (optional)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>NOT approved: its tools are off until you approve</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>New assistant</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>New…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No adapters in the library yet (File → Import model…).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No assistant</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No assistants</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No collections yet: add documents in a collection first.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Nobody vouches for this pack: import it only if you trust where it came from.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>One prompt per line</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>PNG images (*.png)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Pack size</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Pick an assistant to see what it does; double-click to start a chat with it</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Pinned templates</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Remove</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Remove MCP server</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Repeat penalty</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Reply length (tokens)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Sampling</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Sampling: {settings}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Save as</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Save the assistant first; then its MCP servers can be added here.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Save the pack</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Save the pack as</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Saved {file} ({size}, {signed}).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Scale of {adapter}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Search its documents</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Sign the pack with my key</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Signature</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Signing key</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Signing key file</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Size</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Start a chat with an assistant</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Start a program on this computer (stdio)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Start chat</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Start the server once and show its tools, to pick which to use</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Starter prompts</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Starting “{name}” to list its tools…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Stop the reply in progress before switching assistants.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Temperature</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Templates: {names}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The command line cannot be read: {reason}.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The import failed. Nothing was kept.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The pack holds the assistant, its adapters and its own templates. Whoever imports it sees whether it is signed, and by which key.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The server gets these when Hearth starts it.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>This assistant has no document collections.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>This assistant's tool servers set no environment values.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Ticked tools are offered to the model</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Today's date</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Tools</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Tools of the MCP server</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Tools of “{name}” (ticked: offered to the model):</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Tools: add a server first.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Tools: approve the server first (listing them starts it).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Tools: press List tools to see and pick them.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Top-k</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Top-p</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Try asking:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>URL</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Unticked, the pack names {keys} with empty values, and the importer is asked to fill them in.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Use my default model (the starter model until I pick another)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Will add</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Your setting</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>about {size}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>an emoji</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>approved</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>e.g. Contracts assistant</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>e.g. files</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>e.g. uvx my-mcp-server --root ~/Documents</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>follows your default model</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>needs a value</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>needs a value for {keys} (Environment…)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>scale</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>sha256 {sha}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>signed by {fingerprint}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>unsigned</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>up to about {size}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{file} cannot be read: {reason}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{file} passed every check.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{file} was refused. Nothing was changed.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{file}: choose a PNG image under {size} KiB.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{name} (not in your library)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{name} is ready</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{packed} (unpacks to {unpacked})</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{problem}, then import it again.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>“{default}” keeps what Settings says.</source>
      <translation type="unfinished" />
    </message>
  </context>
</TS>
