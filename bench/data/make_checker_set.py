"""Write bench/data/checker_clean.json: clean business texts with the sources they came from.

    python bench/data/make_checker_set.py

Each case is a text that states only what its sources hold (template fields, passages,
instructions), in English, Finnish or German, plus `facts`: the exact strings in the text that
bench_checker.py swaps for faults (an amount, a date, an e-mail, a phone number, a person's
name, the sentence holding a required fact). Seeded, so the file is reproducible.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

OUT = Path(__file__).with_name("checker_clean.json")

PEOPLE = [
    ("Mikko", "Virtanen"), ("Anna", "Korhonen"), ("Sarah", "Miller"), ("James", "Carter"),
    ("Laura", "Bennett"), ("Oliver", "Grant"), ("Emma", "Lindqvist"), ("Daniel", "Brooks"),
    ("Johanna", "Mäkinen"), ("Pekka", "Heikkinen"),
]  # fmt: skip
COMPANIES = [
    ("Kallio Energia Oy", "kallioenergia.fi"), ("Greenway Cafés Ltd", "greenway-cafes.co.uk"),
    ("Northwind Logistics", "northwind.com"), ("Bluefin Analytics GmbH", "bluefin.de"),
    ("Harbour Dental Clinic", "harbourdental.com"), ("Aurora Textiles Oy", "auroratextiles.fi"),
    ("Meridian Software AB", "meridian.se"), ("Lumo Kiinteistöt Oy", "lumokiinteistot.fi"),
]  # fmt: skip
CITIES = ["Helsinki", "Tampere", "Berlin", "Manchester", "Oulu", "Stockholm", "Turku"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]  # fmt: skip
MONTHS_FI = ["tammikuuta", "helmikuuta", "maaliskuuta", "huhtikuuta", "toukokuuta",
             "kesäkuuta", "heinäkuuta", "elokuuta", "syyskuuta", "lokakuuta", "marraskuuta",
             "joulukuuta"]  # fmt: skip
INSTRUCTIONS_EN = (
    "Write a {kind}. Tone: {tone}. Length: under {words} words. Put the key facts first."
)
INSTRUCTIONS_FI = (
    "Kirjoita {kind}. Sävy: {tone}. Pituus: alle {words} sanaa. Kerro tärkeimmät tiedot ensin."
)


def money_en(rng: random.Random, value: int) -> str:
    return rng.choice([f"EUR {value:,}", f"{value:,}.00 EUR", f"€{value:,}", f"{value:,} euros"])


def money_fi(rng: random.Random, value: int) -> str:
    grouped = f"{value:,}".replace(",", " ")
    return rng.choice([f"{grouped} €", f"{grouped},00 euroa", f"{grouped} euroa"])


def date_en(rng: random.Random, y: int, m: int, d: int) -> str:
    return rng.choice(
        [f"{d} {MONTHS_EN[m - 1]} {y}", f"{MONTHS_EN[m - 1]} {d}, {y}", f"{y}-{m:02d}-{d:02d}"]
    )


def date_fi(rng: random.Random, y: int, m: int, d: int) -> str:
    return rng.choice([f"{d}.{m}.{y}", f"{d}. {MONTHS_FI[m - 1]} {y}", f"{d}.{m}."])


def phone(rng: random.Random) -> str:
    n = [rng.randint(0, 9) for _ in range(7)]
    digits = "".join(map(str, n))
    return rng.choice(
        [f"+358 40 {digits[:3]} {digits[3:]}", f"040 {digits[:3]} {digits[3:]}",
         f"+44 20 {digits[:3]} {digits[3:]}0", f"+49 30 {digits}"]
    )  # fmt: skip


def email(first: str, last: str, domain: str) -> str:
    ascii_last = last.lower().replace("ä", "a").replace("ö", "o")
    return f"{first.lower()}.{ascii_last}@{domain}"


def _base(rng: random.Random) -> dict[str, Any]:
    first, last = rng.choice(PEOPLE)
    company, domain = rng.choice(COMPANIES)
    year = rng.choice([2025, 2026, 2027])
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return {
        "first": first, "last": last, "person": f"{first} {last}", "company": company,
        "domain": domain, "email": email(first, last, domain), "phone": phone(rng),
        "amount": rng.choice([480, 1250, 2400, 3875, 12600, 48200, 915]),
        "year": year, "month": month, "day": day, "iso": f"{year}-{month:02d}-{day:02d}",
        "invoice": f"INV-{rng.randint(1000, 9999)}", "city": rng.choice(CITIES),
        "tone": rng.choice(["professional", "friendly", "firm"]),
    }  # fmt: skip


def reminder_en(rng: random.Random) -> dict[str, Any]:
    b = _base(rng)
    amount, due = money_en(rng, b["amount"]), date_en(rng, b["year"], b["month"], b["day"])
    sentence = f"Our records show that invoice {b['invoice']} for {amount} was due on {due}."
    text = (
        f"Subject: Payment reminder for invoice {b['invoice']}\n\n"
        f"Dear {b['company']} team,\n\n{sentence} "
        "If the payment has already been made, please disregard this message. "
        f"Otherwise, kindly arrange the transfer at your earliest convenience.\n\n"
        f"Should you have any questions about the invoice, contact {b['person']} at "
        f"{b['email']} or call {b['phone']}.\n\nBest regards,\n{b['person']}\nAccounts"
    )
    fields = {"client_name": b["company"], "invoice_number": b["invoice"],
              "amount_due": str(b["amount"]), "due_date": b["iso"], "sender_name": b["person"],
              "contact_email": b["email"], "contact_phone": b["phone"]}  # fmt: skip
    instructions = INSTRUCTIONS_EN.format(kind="payment reminder", tone=b["tone"], words=120)
    return _case("en", text, fields, ["amount_due", "due_date", "invoice_number"], [],
                 instructions, amount, due, b, sentence, "amount_due")  # fmt: skip


def order_en(rng: random.Random) -> dict[str, Any]:
    b = _base(rng)
    quantity = rng.choice([12, 40, 150, 300])
    amount = money_en(rng, b["amount"])
    delivery = date_en(rng, b["year"], b["month"], b["day"])
    sentence = f"The total of {amount} includes delivery to {b['city']}."
    text = (
        f"Hello {b['first']},\n\nThank you for your order {b['invoice']} with {b['company']}. "
        f"We have received your request for {quantity} units and confirm the delivery date of "
        f"{delivery}. {sentence}\n\nIf anything changes, write to {b['email']} or phone "
        f"{b['phone']} and we will update the order.\n\nKind regards,\n{b['person']}"
    )
    fields = {"customer": b["person"], "order_number": b["invoice"], "quantity": str(quantity),
              "total": str(b["amount"]), "delivery_date": b["iso"], "city": b["city"],
              "company": b["company"], "support_email": b["email"],
              "support_phone": b["phone"]}  # fmt: skip
    instructions = INSTRUCTIONS_EN.format(kind="order confirmation", tone=b["tone"], words=150)
    return _case("en", text, fields, ["order_number", "total", "delivery_date"], [],
                 instructions, amount, delivery, b, sentence, "total")  # fmt: skip


def quarterly_en(rng: random.Random) -> dict[str, Any]:
    b = _base(rng)
    growth = rng.choice([4, 7, 11, 15])
    revenue = f"{b['amount'] / 1000:.1f} million euros"
    meeting = date_en(rng, b["year"], b["month"], b["day"])
    passage = (
        f"Quarterly report of {b['company']}. Revenue for the third quarter was "
        f"EUR {b['amount'] / 1000:.1f} million, up {growth} percent on the same quarter last "
        f"year. The board will review the results on {b['iso']}. Questions: {b['person']}, "
        f"{b['email']}, tel. {b['phone']}."
    )
    sentence = f"Third-quarter revenue reached {revenue}, an increase of {growth}% year on year."
    text = (
        f"## Summary\n\n{sentence} The board will discuss the figures on {meeting}.\n\n"
        f"## Contact\n\nFor questions about this update, please reach {b['person']} "
        f"({b['email']}, {b['phone']})."
    )
    instructions = INSTRUCTIONS_EN.format(kind="quarterly update", tone=b["tone"], words=100)
    return _case("en", text, {}, [], [passage], instructions, revenue.split(" ")[0], meeting,
                 b, sentence, "")  # fmt: skip


def meeting_en(rng: random.Random) -> dict[str, Any]:
    b = _base(rng)
    other_first, other_last = rng.choice([p for p in PEOPLE if p[0] != b["first"]])
    budget = money_en(rng, b["amount"])
    deadline = date_en(rng, b["year"], b["month"], b["day"])
    passage = (
        f"Minutes, project steering group, {b['city']}. Present: {b['person']}, "
        f"{other_first} {other_last}. Decisions: the pilot budget is {b['amount']} EUR; "
        f"the pilot report is due {b['iso']}. Contact for the pilot: {b['email']}, "
        f"{b['phone']}."
    )
    sentence = f"The group approved a pilot budget of {budget}."
    text = (
        f"Hi all,\n\nHere is a short follow-up from today's steering group meeting in "
        f"{b['city']}. {sentence} {other_first} {other_last} will prepare the pilot report, "
        f"which is due on {deadline}.\n\nPlease send any comments to {b['person']} at "
        f"{b['email']} or call {b['phone']}.\n\nThanks,\n{b['person']}"
    )
    instructions = INSTRUCTIONS_EN.format(kind="meeting follow-up e-mail", tone=b["tone"],
                                          words=120)  # fmt: skip
    return _case("en", text, {}, [], [passage], instructions, budget, deadline, b, sentence, "")


def support_en(rng: random.Random) -> dict[str, Any]:
    b = _base(rng)
    refund = money_en(rng, b["amount"] // 10)
    when = date_en(rng, b["year"], b["month"], b["day"])
    sentence = f"We have issued a refund of {refund} for order {b['invoice']}."
    text = (
        f"Dear {b['first']},\n\nThank you for contacting {b['company']} support, and sorry "
        f"for the trouble with your delivery. {sentence} The amount should appear on your "
        f"account by {when}.\n\nIf it has not arrived by then, reply to this message or "
        f"e-mail {b['email']}; you can also call us on {b['phone']}.\n\nWith best wishes,\n"
        f"{b['person']}, support team"
    )
    fields = {"customer_name": b["person"], "order_number": b["invoice"],
              "refund": str(b["amount"] // 10), "refund_date": b["iso"],
              "company": b["company"], "support_email": b["email"],
              "support_phone": b["phone"]}  # fmt: skip
    instructions = INSTRUCTIONS_EN.format(kind="customer support reply", tone=b["tone"], words=120)
    return _case("en", text, fields, ["refund", "order_number"], [], instructions, refund, when,
                 b, sentence, "refund")  # fmt: skip


def reminder_fi(rng: random.Random) -> dict[str, Any]:
    b = _base(rng)
    amount, due = money_fi(rng, b["amount"]), date_fi(rng, b["year"], b["month"], b["day"])
    sentence = f"Laskun {b['invoice']} summa {amount} erääntyi {due}."
    text = (
        f"Aihe: Maksumuistutus, lasku {b['invoice']}\n\nHyvä {b['company']},\n\n{sentence} "
        "Jos maksu on jo suoritettu, tämä viesti on aiheeton. Pyydämme muussa tapauksessa "
        "maksamaan laskun mahdollisimman pian.\n\n"
        f"Lisätietoja antaa {b['person']}, sähköposti {b['email']}, puhelin {b['phone']}.\n\n"
        f"Ystävällisin terveisin\n{b['person']}"
    )
    fields = {"asiakas": b["company"], "lasku": b["invoice"], "summa": str(b["amount"]),
              "erapaiva": b["iso"], "lahettaja": b["person"], "sahkoposti": b["email"],
              "puhelin": b["phone"]}  # fmt: skip
    instructions = INSTRUCTIONS_FI.format(kind="maksumuistutus", tone="asiallinen", words=120)
    return _case("fi", text, fields, ["summa", "erapaiva", "lasku"], [], instructions, amount,
                 due, b, sentence, "summa")  # fmt: skip


def meeting_fi(rng: random.Random) -> dict[str, Any]:
    b = _base(rng)
    other_first, other_last = rng.choice([p for p in PEOPLE if p[0] != b["first"]])
    budget = money_fi(rng, b["amount"])
    deadline = date_fi(rng, b["year"], b["month"], b["day"])
    passage = (
        f"Pöytäkirja, ohjausryhmä, {b['city']}. Läsnä: {b['person']}, {other_first} "
        f"{other_last}. Päätökset: pilotin budjetti on {b['amount']} euroa; raportti "
        f"valmistuu {b['iso']}. Yhteyshenkilö: {b['email']}, {b['phone']}."
    )
    sentence = f"Ohjausryhmä hyväksyi pilotille {budget} budjetin."
    text = (
        f"Hei kaikki,\n\nTässä lyhyt yhteenveto tämänpäiväisestä kokouksesta. {sentence} "
        f"{other_first} {other_last} valmistelee raportin, jonka määräpäivä on {deadline}.\n\n"
        f"Kommentit voi lähettää {b['first']}lle osoitteeseen {b['email']} tai soittaa "
        f"numeroon {b['phone']}.\n\nKiitos,\n{b['person']}"
    )
    instructions = INSTRUCTIONS_FI.format(kind="kokouksen yhteenveto", tone="ystävällinen",
                                          words=120)  # fmt: skip
    return _case("fi", text, {}, [], [passage], instructions, budget, deadline, b, sentence, "")


def order_fi(rng: random.Random) -> dict[str, Any]:
    b = _base(rng)
    amount = money_fi(rng, b["amount"])
    delivery = date_fi(rng, b["year"], b["month"], b["day"])
    sentence = f"Tilauksen kokonaishinta on {amount}."
    text = (
        f"Hei {b['first']},\n\nKiitos tilauksestasi {b['invoice']}. Vahvistamme, että "
        f"{b['company']} toimittaa tuotteet kaupunkiin {b['city']} {delivery}. {sentence}\n\n"
        f"Jos tilaukseen tulee muutoksia, ota yhteyttä osoitteeseen {b['email']} tai soita "
        f"{b['phone']}.\n\nYstävällisin terveisin\n{b['person']}, asiakaspalvelu"
    )
    fields = {"asiakas": b["person"], "tilausnumero": b["invoice"], "hinta": str(b["amount"]),
              "toimituspaiva": b["iso"], "kaupunki": b["city"], "yritys": b["company"],
              "sahkoposti": b["email"], "puhelin": b["phone"]}  # fmt: skip
    instructions = INSTRUCTIONS_FI.format(kind="tilausvahvistus", tone="asiallinen", words=150)
    return _case("fi", text, fields, ["tilausnumero", "hinta", "toimituspaiva"], [],
                 instructions, amount, delivery, b, sentence, "hinta")  # fmt: skip


MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
             "September", "Oktober", "November", "Dezember"]  # fmt: skip
INSTRUCTIONS_DE = (
    "Schreibe eine {kind}. Ton: {tone}. Länge: unter {words} Wörtern. Nenne die Fakten zuerst."
)


def money_de(rng: random.Random, value: int) -> str:
    grouped = f"{value:,}".replace(",", ".")
    return rng.choice([f"{grouped},00 EUR", f"{grouped} €", f"EUR {grouped},00"])


def date_de(rng: random.Random, y: int, m: int, d: int) -> str:
    return rng.choice([f"{d}.{m}.{y}", f"{d:02d}.{m:02d}.{y}", f"{d}. {MONTHS_DE[m - 1]} {y}"])


def reminder_de(rng: random.Random) -> dict[str, Any]:
    b = _base(rng)
    amount, due = money_de(rng, b["amount"]), date_de(rng, b["year"], b["month"], b["day"])
    sentence = f"Die Rechnung {b['invoice']} über {amount} war am {due} fällig."
    text = (
        f"Betreff: Zahlungserinnerung zur Rechnung {b['invoice']}\n\nSehr geehrte Damen und "
        f"Herren der {b['company']},\n\n{sentence} Sollten Sie die Zahlung bereits "
        "veranlasst haben, betrachten Sie dieses Schreiben bitte als gegenstandslos. "
        "Andernfalls bitten wir um Überweisung des offenen Betrags.\n\n"
        f"Bei Fragen erreichen Sie {b['person']} unter {b['email']} oder telefonisch unter "
        f"{b['phone']}.\n\nMit freundlichen Grüßen\n{b['person']}\nBuchhaltung"
    )
    fields = {"kunde": b["company"], "rechnung": b["invoice"], "betrag": str(b["amount"]),
              "faellig": b["iso"], "absender": b["person"], "email": b["email"],
              "telefon": b["phone"]}  # fmt: skip
    instructions = INSTRUCTIONS_DE.format(kind="Zahlungserinnerung", tone="sachlich", words=120)
    return _case("de", text, fields, ["betrag", "faellig", "rechnung"], [], instructions,
                 amount, due, b, sentence, "betrag")  # fmt: skip


def _case(
    lang: str, text: str, fields: dict[str, str], required: list[str], passages: list[str],
    instructions: str, amount: str, date: str, b: dict[str, Any], sentence: str,
    dropped_field: str,
) -> dict[str, Any]:  # fmt: skip
    for fact in (amount, date, b["email"], b["phone"], b["person"], sentence):
        assert fact in text, (fact, text)
    return {
        "lang": lang,
        "text": text,
        "fields": fields,
        "required": required,
        "passages": passages,
        "instructions": [instructions],
        "facts": {
            "amount": amount,
            "date": date,
            "email": b["email"],
            "phone": b["phone"],
            "person": b["person"],
            "sentence": sentence,
            "sentence_field": dropped_field,
            "tone": b["tone"],
        },
    }


SCENARIOS: list[tuple[Callable[[random.Random], dict[str, Any]], int]] = [
    (reminder_en, 6), (order_en, 6), (quarterly_en, 5), (meeting_en, 5), (support_en, 5),
    (reminder_fi, 5), (meeting_fi, 5), (order_fi, 5), (reminder_de, 5),
]  # fmt: skip


def main() -> None:
    rng = random.Random(17)
    cases = []
    for make, count in SCENARIOS:
        for number in range(count):
            case = make(rng)
            case["id"] = f"{make.__name__}-{number + 1}"
            cases.append(case)
    OUT.write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} clean cases to {OUT}")


if __name__ == "__main__":
    main()
