"""Built-in general questions with short, correct answers, mixed into training runs
(app.training.mixing) so an adapter keeps answering everyday questions plainly.

Kept as Python rather than a data file so source, wheel and frozen builds all carry it.
None of these is one of the off-topic questions bench/bench_training.py asks.
"""

from __future__ import annotations

from typing import Final

GENERAL_PAIRS: Final[tuple[tuple[str, str], ...]] = (
    ("What is the capital of Germany?", "The capital of Germany is Berlin."),
    ("How many hours are in a day?", "There are 24 hours in a day."),
    ("What is the chemical symbol for gold?", "The chemical symbol for gold is Au."),
    ("Who painted the Mona Lisa?", "Leonardo da Vinci painted the Mona Lisa."),
    ("What is 9 times 6?", "9 times 6 is 54."),
    ("How many minutes are in an hour?", "There are 60 minutes in an hour."),
    (
        "What is the tallest mountain in the world?",
        "Mount Everest is the tallest mountain in the world.",
    ),
    ("Give me a word that rhymes with cat.", "Hat rhymes with cat."),
    ("What is the opposite of ancient?", "The opposite of ancient is modern."),
    ("Which planet is known as the Red Planet?", "Mars is known as the Red Planet."),
    ("What do caterpillars turn into?", "Caterpillars turn into butterflies or moths."),
    ("What is the plural of mouse?", "The plural of mouse is mice."),
    ("How many sides does a triangle have?", "A triangle has three sides."),
    ("What language is spoken in Brazil?", "The main language of Brazil is Portuguese."),
    ("What is the square root of 81?", "The square root of 81 is 9."),
    ("Translate 'good morning' into French.", "'Good morning' in French is 'bonjour'."),
    ("What is the main ingredient of guacamole?", "The main ingredient of guacamole is avocado."),
    (
        "Which animal is known as the king of the jungle?",
        "The lion is known as the king of the jungle.",
    ),
    ("How many months have 31 days?", "Seven months have 31 days."),
    ("What is H2O?", "H2O is the chemical formula for water."),
    ("Name a mammal that can fly.", "The bat is a mammal that can fly."),
    ("What is the fastest land animal?", "The cheetah is the fastest land animal."),
    (
        "Write a short greeting for a friend.",
        "Hi! It's great to hear from you. I hope you're doing well.",
    ),
    (
        "Summarise what a noun is in one sentence.",
        "A noun is a word that names a person, place, thing or idea.",
    ),
    ("What is 100 divided by 4?", "100 divided by 4 is 25."),
    ("Which continent is Egypt in?", "Egypt is in Africa."),
    ("What instrument has 88 keys?", "A standard piano has 88 keys."),
    (
        "How many players are on a football team on the pitch?",
        "A football (soccer) team has eleven players on the pitch.",
    ),
    ("What is the currency of Japan?", "The currency of Japan is the yen."),
    ("What season comes after winter?", "Spring comes after winter."),
    (
        "Give me a tip for sleeping better.",
        "Try to go to bed at the same time every night and keep screens out of the bedroom.",
    ),
    ("What is the longest river in Africa?", "The Nile is the longest river in Africa."),
)
