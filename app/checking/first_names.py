"""Common first names (English, Finnish, Swedish, German and others often seen in business
text). The first word of a sentence is capitalised anyway, so there it counts as a name only
when it is one of these: "Nina will call you" is checked, "Delivery will follow" is not.
Names that are also everyday words (Will, Mark, Hope; Finnish Satu, Toivo, Lumi) are left out.
"""

from __future__ import annotations

_NAMES = """
aaron adam adrian aino aki alan albert alex alexander alice alicia amanda amelia amy ana andrea
andreas andrew angela anja anke anna anne anneli annika anton antti arja arto ashley astrid
barbara ben benjamin bernd birgit brian bruce carl carla carlos caroline catherine charles
charlotte chris christian christina christine claire clara daniel david deborah dennis diana
dieter dirk dominik donald dorothy edward eeva eija elena elias elina elisa elizabeth ella
ellen emil emilia emily emma eric erik erika eva fabian felix fiona florian frederik gabriel
gary george gerhard greta hanna hannah hannu hans harri harry heidi heikki heinz helen helena
helmut henrik henry hilkka ida ilkka ilona ines irene isabel isabella jaakko jacob jakob james
jan jane janne jari jason jenna jennifer jens jessica joan johan johanna johannes john jonas
jonathan jorma joseph joshua juha juho jukka julia julian juliane jussi justin kaarina kai
kaisa kalle karen karin karl kari katarina kate katharina kathleen katja kevin kimmo kirsi
klaus laura lauri lea leena lena leo leon liisa lina linda lisa lotta louise lucas lukas
luisa lars maija maria marie marika marina marjatta markku markus marko marcus martin
martina marta matias matthew matti maximilian megan melissa mia michael michelle mika mikael
mikko milla minna mirja nathan niina niklas niko nicole nina noah nora oliver olivia olli
oskar otto outi paavo pamela patrick paul paula pauli pekka per peter petra petri philip pia
pirjo raimo raija ralf rebecca riikka riitta risto robert ronja ruth sabine samuel sandra
sanna sara sarah sari sebastian seppo simon sofia sophie stefan stephanie steven susanna
susanne sven taina tapio tarja teemu terhi thomas tiina timo tobias tom tomas tommi tuomas
tuula ulla ursula valtteri veera veikko victoria viktor victor ville virpi walter william
yvonne
"""
FIRST_NAMES = frozenset(_NAMES.split())
