<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
  <context>
    <name>hearth</name>
    <message>
      <source>Accept as is</source>
      <translation>So übernehmen</translation>
    </message>
    <message>
      <source>Copy</source>
      <translation>Kopieren</translation>
    </message>
    <message>
      <source>Hearth checked this text against its sources (documents, fields, the chat, the instructions). The underlined details are not in them: point at one to see why.</source>
      <translation>Hearth hat diesen Text mit seinen Quellen verglichen (Dokumente, Felder, der Chat, die Anweisungen). Die unterstrichenen Details stehen nicht darin: Zeigen Sie auf eines, um den Grund zu sehen.</translation>
    </message>
    <message>
      <source>Keep it as it is; the badge goes and your choice is saved</source>
      <translation>Unverändert lassen; der Hinweis verschwindet und Ihre Wahl wird gespeichert</translation>
    </message>
    <message>
      <source>Regenerate</source>
      <translation>Neu erzeugen</translation>
    </message>
    <message>
      <source>Write it again</source>
      <translation>Neu schreiben</translation>
    </message>
    <message>
      <source>{n} detail is not in your sources</source>
      <translation>{n} Detail steht nicht in Ihren Quellen</translation>
    </message>
    <message>
      <source>{n} details are not in your sources</source>
      <translation>{n} Details stehen nicht in Ihren Quellen</translation>
    </message>
  </context>
</TS>
