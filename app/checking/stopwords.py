"""Capitalised words that are not names: sentence furniture, greetings, titles, months, days,
in English, Finnish and German (the languages the checker is tuned and tested for)."""

from __future__ import annotations

_FUNCTION_WORDS = """
a an the and or but nor so yet for of in on at to by with from as into onto upon about above
after before below between during over under through without within across against along
i me my mine we us our ours you your yours he him his she her hers it its they them their theirs
this that these those who whom whose which what when where why how there here all any both each
few more most other some such no not only own same than too very can will just should would
could may might must shall do does did is are was were be been being have has had if then else
also however therefore thus hence meanwhile furthermore moreover
ja tai on ei se ne että kun jos niin myös der die das und oder ist sind ein eine zu im von
"""
_WORDS = """
please thank thanks thankyou
dear hello hi hey greetings regards sincerely best kind kindest warm warmest yours cordially
respectfully cheers sir madam mr mrs ms miss dr prof attn re fwd subject note notes ps
invoice invoices payment payments reminder total amount due date dates balance reference order
customer client company team department manager director summary introduction conclusion
background overview details detail section report letter memo agenda minutes action actions
next steps step item items question questions answer answers yes ok okay new please kindly
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
today tomorrow yesterday q1 q2 q3 q4 eur usd gbp sek vat inc ltd llc plc oy oyj ab gmbh ag
hyvä hyvää hei moi terveisin ystävällisin parhain kiitos kiitoksia arvoisa yst ystävällisesti
lasku laskun maksu maksumuistutus eräpäivä summa viite viitenumero asiakas yhteystiedot
tervehdys muistutus huomio huom
maanantai tiistai keskiviikko torstai perjantai lauantai sunnuntai
sehr geehrte geehrter herr frau mit freundlichen grüßen hallo liebe lieber danke
rechnung zahlung betrag datum fällig
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())
STOPWORDS = FUNCTION_WORDS | frozenset(_WORDS.split())
