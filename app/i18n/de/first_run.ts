<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
  <context>
    <name>hearth</name>
    <message>
      <source>Add a GGUF model file you already have, from any folder or drive.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Browse all models</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Browse the catalog…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Cancel download</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Cancelling…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Choose a model</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Choose a model — Hearth</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Chosen model: {name}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Close this screen (Esc). It opens again at the next start while only the starter model is here; Help → Choose a model… opens it any time.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Could not download {name}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Download ({size})</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Download a model below, use one from another app, or import a model file.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Download progress</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Download {name}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Downloading {name}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Downloading…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Downloads come from {host} and are checked before use. Nothing you type ever leaves this computer.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Engine</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Estimated from {basis} and the model's size.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Every catalog model by size, with its licence and what it is good for.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Find models…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>From other apps</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Good for {uses}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Graphics card</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Hearth answers with a language model that runs on this computer. Choose one that suits it; you can change your choice at any time from the Help menu.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Import a file…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Import a model file</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Keep the starter</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Keep the starter model</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Memory</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Model to download</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No catalog model fits in this computer's {memory} of memory. The starter model is the best choice here; a model file of your own can be imported below.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>None in use</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Not now</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>On this computer: {fit}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Other catalog models that fit this computer</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Other ways to start</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Pause</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Pause download</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Paused at {percent}%: {done} of {total} downloaded.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Pausing…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Problem: {problem}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Processor</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Recommended</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Recommended for this computer</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Recommended model: {name}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Resume download</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Resume downloading {name}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Scroll the page</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Speed here (an estimate)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Speed on the graphics card (an estimate)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Start chatting</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Starting {name}…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The built-in starter model cannot be used</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The model catalog could not be read: {reason}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The small model that came with Hearth is already here: instant, for trying Hearth out and for short, simple replies.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The starter model is not on this computer.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>This computer</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Try again</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Try downloading {name} again</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Use models that LM Studio, Ollama, GPT4All or Jan already downloaded, without copying them.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Use the starter</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Use this model</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Use {name}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Welcome to Hearth</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Why this one: {reason}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Your choice</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>checked against its published sha256</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>checked against the hub's sha256</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>commercial use allowed</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>limits commercial use</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>memory {speed}/s</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>models run on the processor</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>runs models on the processor</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>runs models with {backend}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>shares the computer's memory</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{free} free of {total}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{memory} free now</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{name} is already on this computer.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{name} is ready ({checked}). Hearth uses it from now on.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{n} core</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{n} cores</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{uses}. {good_for} {speed}, an estimate.</source>
      <translation type="unfinished" />
    </message>
  </context>
</TS>
