"""The run plan without torch: epochs scaled to the dataset, the learning-rate schedule, the
early-stopping decision, and what is mixed into and held back from the training examples."""

from __future__ import annotations

import pytest

from app.training.config import Hyperparameters
from app.training.errors import TrainingError
from app.training.examples import TrainingExample, make_example
from app.training.mixing import general_examples, mix_general, run_examples, validation_slice
from app.training.presets import preset_for
from app.training.schedule import (
    MIN_AUTO_EPOCHS,
    EarlyStopping,
    general_count,
    learning_rate_at,
    planned_epochs,
    total_steps,
)


def test_fixed_epochs_are_kept_without_a_target() -> None:
    assert planned_epochs(50, 4, 3.0, target_steps=0) == 3.0
    assert total_steps(50, 4, 3.0) == 39  # 13 steps per epoch


def test_epochs_scale_with_the_dataset_between_the_bounds() -> None:
    # 60 examples, batch 4: 15 steps an epoch, so 90 steps are 6 passes.
    assert planned_epochs(60, 4, 10.0, target_steps=90) == 6.0
    # A tiny dataset would need 30 passes: capped at the preset's ceiling.
    assert planned_epochs(12, 4, 10.0, target_steps=90) == 10.0
    # A big one gets fewer passes, never fewer than the floor.
    assert planned_epochs(2000, 4, 10.0, target_steps=90) == MIN_AUTO_EPOCHS
    # A ceiling below the floor wins (the user asked for so few).
    assert planned_epochs(2000, 4, 1.0, target_steps=90) == 1.0


def test_bigger_datasets_never_get_more_epochs() -> None:
    sizes = [8, 20, 50, 60, 100, 400, 5000]
    epochs = [planned_epochs(n, 4, 12.0, target_steps=100) for n in sizes]
    assert epochs == sorted(epochs, reverse=True)
    assert epochs[0] > epochs[-1]


def test_learning_rate_warms_up_then_decays_to_a_tenth() -> None:
    peak, total, warmup = 2e-3, 100, 5
    rates = [learning_rate_at(step, total, peak, warmup) for step in range(total)]
    assert rates[0] == pytest.approx(peak / warmup)
    assert rates[:warmup] == sorted(rates[:warmup])
    assert rates[warmup - 1] == pytest.approx(peak)
    assert rates[warmup:] == sorted(rates[warmup:], reverse=True)
    assert learning_rate_at(total, total, peak, warmup) == pytest.approx(peak / 10)


def test_early_stopping_waits_for_patience_and_keeps_the_best_epoch() -> None:
    stopper = EarlyStopping(patience=2)
    assert stopper.update(1, 2.0)
    assert stopper.update(2, 1.5)
    assert not stopper.should_stop()
    assert not stopper.update(3, 1.6)
    assert not stopper.should_stop()  # one epoch without progress: patience is 2
    assert not stopper.update(4, 1.4995)  # below MIN_DELTA: no real improvement
    assert stopper.should_stop()
    assert stopper.best_epoch == 2
    assert stopper.best_loss == 1.5


def test_early_stopping_never_stops_before_its_minimum_or_without_patience() -> None:
    early = EarlyStopping(patience=1, min_epochs=3)
    early.update(1, 1.0)
    early.update(2, 1.2)
    assert not early.should_stop()  # epoch 2 < min_epochs
    early.update(3, 1.3)
    assert early.should_stop()
    never = EarlyStopping(patience=0)
    for epoch, loss in enumerate([1.0, 2.0, 3.0, 4.0], start=1):
        never.update(epoch, loss)
    assert not never.should_stop()


def test_early_stopping_state_survives_a_checkpoint() -> None:
    stopper = EarlyStopping(patience=2)
    stopper.update(1, 1.0)
    stopper.update(2, 1.1)
    again = EarlyStopping.from_record(stopper.as_record())
    assert again == stopper
    again.update(3, 1.2)
    assert again.should_stop()


def test_general_count_is_a_share_with_the_pool_as_ceiling() -> None:
    assert general_count(50, 0.0, 32) == 0
    assert general_count(50, 0.2, 32) == 10
    assert general_count(5, 0.2, 32) == 1
    assert general_count(2, 0.1, 32) == 0  # a handful of examples stays as it is
    assert general_count(1000, 0.2, 32) == 32


def _facts(answers: int, phrasings: int) -> list[TrainingExample]:
    return [
        make_example(f"question {a}.{p}?", f"Answer number {a}.", split="train")
        for a in range(answers)
        for p in range(phrasings)
    ]


def test_mixing_adds_seeded_general_examples_after_the_users() -> None:
    train = _facts(10, 5)
    mixed = mix_general(train, 0.2, seed=1)
    assert mixed[: len(train)] == tuple(train)
    added = mixed[len(train) :]
    assert len(added) == 10
    assert all(e.source == "general" for e in added)
    assert mix_general(train, 0.2, seed=1) == mixed
    assert mix_general(train, 0.2, seed=2) != mixed
    assert mix_general(train, 0.0, seed=1) == tuple(train)


def test_mixing_skips_general_questions_the_user_already_asks() -> None:
    pool = general_examples()
    mine = [make_example(e.question, "My own answer.", split="train") for e in pool[:-3]]
    mixed = mix_general(mine, 1.0, seed=0)
    assert mixed[: len(mine)] == tuple(mine)
    # Only the three general questions the user does not ask are left to add.
    assert [e.question for e in mixed[len(mine) :]] != []
    assert sorted(e.question for e in mixed[len(mine) :]) == sorted(e.question for e in pool[-3:])


def test_validation_slice_holds_back_one_phrasing_per_well_taught_answer() -> None:
    train = _facts(10, 5) + _facts(1, 2)  # the last answer has only 2 phrasings
    kept, validation = validation_slice(train)
    assert len(validation) == 10  # one per answer taught 5 ways (20% of 52 allows 10)
    assert len(kept) + len(validation) == len(train)
    assert len({e.reply for e in validation}) == len(validation)
    assert {e.reply for e in kept} == {e.reply for e in train}  # no fact is lost


def test_validation_slice_gives_nothing_for_a_small_dataset() -> None:
    kept, validation = validation_slice(_facts(2, 4))
    assert validation == ()
    assert len(kept) == 8


def test_new_settings_are_validated_and_round_trip() -> None:
    hyper = Hyperparameters(target_steps=90, patience=2, general_fraction=0.2).validated()
    assert Hyperparameters.from_record(hyper.as_record()) == hyper
    old_record = {k: v for k, v in hyper.as_record().items() if k != "patience"}
    assert Hyperparameters.from_record(old_record).patience == 0  # an older card
    for bad in ({"patience": -1}, {"general_fraction": 1.5}, {"target_steps": -3}):
        with pytest.raises(TrainingError):
            Hyperparameters(**bad).validated()  # type: ignore[arg-type]


def test_the_starter_preset_scales_stops_early_and_mixes() -> None:
    tiny = preset_for(135_000_000).hyper
    assert tiny.target_steps > 0 and tiny.patience > 0 and tiny.general_fraction > 0
    small = planned_epochs(20, tiny.batch_size, tiny.epochs, tiny.target_steps)
    large = planned_epochs(600, tiny.batch_size, tiny.epochs, tiny.target_steps)
    assert small > large


def test_run_examples_validate_on_the_held_out_set_or_else_on_a_slice() -> None:
    train = _facts(10, 5)
    held_out = [make_example(f"other {i}?", f"Answer number {i}.") for i in range(4)]
    hyper = Hyperparameters(patience=2, general_fraction=0.1)
    mixed, validation = run_examples(train, held_out, hyper)
    assert validation == tuple(held_out)
    assert mixed[: len(train)] == tuple(train)
    assert sum(1 for e in mixed if e.source == "general") == 5
    sliced, validation = run_examples(train, held_out[:2], hyper)  # too few held out
    assert len(validation) == 10 and not set(validation) & set(sliced)
    plain, validation = run_examples(train, held_out, Hyperparameters())  # no patience
    assert plain == tuple(train) and validation == ()
