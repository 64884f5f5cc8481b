"""A process that builds again and again reads a dataset again exactly when its bytes changed."""

from __future__ import annotations

import pytest

from lc_helpers.errors import DatasetError
from lc_helpers.pipeline.cache_keys import build_keys
from lc_helpers.pipeline.steps.validate import loaded_dataset
from tests.conftest import edit_csv


def _load(data):
    keys = build_keys(data, "2", pdf=False)
    return loaded_dataset(data, keys.code, keys.data)


def test_unchanged_bytes_give_the_dataset_already_loaded_and_an_edit_is_read_again(dataset_copy):
    data = dataset_copy()
    first = _load(data)
    assert _load(data) is first  # the preview's next save of a notebook: nothing re-read
    edit_csv(data / "sessions.csv", 2, "topic", "A topic typed today")
    edited = _load(data)
    assert edited is not first
    assert "A topic typed today" in set(edited.sessions["topic"])


def test_bad_data_is_never_kept_so_the_fix_is_read(dataset_copy):
    data = dataset_copy()
    good = _load(data)
    edit_csv(data / "sessions.csv", 2, "attendance_total", "many")
    with pytest.raises(DatasetError):
        _load(data)
    edit_csv(data / "sessions.csv", 2, "attendance_total", str(good.sessions["attendance_total"].iloc[0]))
    assert _load(data).sessions.equals(good.sessions)


def test_a_file_saved_while_the_dataset_is_read_is_not_kept_under_the_old_key(dataset_copy, monkeypatch):
    import lc_helpers.pipeline.steps.validate as step

    data = dataset_copy()
    keys = build_keys(data, "2", pdf=False)  # the build's keys: taken before any step reads a file
    loading = step.load_dataset

    def saved_meanwhile(folder):
        loaded = loading(folder)
        edit_csv(data / "sessions.csv", 2, "topic", "Saved during the build")
        return loaded

    monkeypatch.setattr(step, "load_dataset", saved_meanwhile)
    first = loaded_dataset(data, keys.code, keys.data)
    monkeypatch.setattr(step, "load_dataset", loading)
    edit_csv(data / "sessions.csv", 2, "topic", first.sessions["topic"].iloc[0])  # the edit is undone
    again = loaded_dataset(data, keys.code, keys.data)  # same bytes as the key: must be read, not reused
    assert again is not first
