"""Settings: one table of environment variables, parsed with clear errors, and documented."""

import re
from pathlib import Path

import pytest

from sitrep.config import ENVIRONMENT, Settings, SettingsError

DOC = Path(__file__).resolve().parents[1] / "docs" / "settings.md"


def test_docs_list_every_setting_and_nothing_else():
    documented = set(re.findall(r"^\| `(SITREP_[A-Z_]+)` \|", DOC.read_text(encoding="utf-8"), re.M))
    assert documented == {v.name for v in ENVIRONMENT}


def test_every_variable_sets_a_field_of_settings():
    fields = set(Settings.__dataclass_fields__)
    assert {v.field for v in ENVIRONMENT} <= fields
    assert len({v.name for v in ENVIRONMENT}) == len(ENVIRONMENT)


def test_values_are_parsed_and_overrides_win():
    s = Settings.from_env({"SITREP_PROCESSES": "3", "SITREP_READ_OPEN": "no", "SITREP_DB": "x.db",
                           "SITREP_FETCH_ALLOW_NETWORKS": "127.0.0.1/32, 10.0.0.0/8", "SITREP_DASK": ""})
    assert (s.processes, s.read_open, s.db, s.dask) == (3, False, "x.db", None)
    assert s.fetch_allow_networks == ("127.0.0.1/32", "10.0.0.0/8")
    assert Settings.from_env({"SITREP_DB": "x.db"}, db="y.db", processes=None).db == "y.db"


@pytest.mark.parametrize("name,value", [("SITREP_PROCESSES", "two"), ("SITREP_PROCESSES", "0"),
                                        ("SITREP_READ_OPEN", "maybe"), ("SITREP_FETCH_TIMEOUT", "nan"),
                                        ("SITREP_FETCH_ALLOW_NETWORKS", "not-a-network")])
def test_a_bad_value_names_its_variable(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})


def test_cli_reports_a_bad_setting_in_one_line(monkeypatch, capsys):
    from sitrep.cli import main

    monkeypatch.setenv("SITREP_PROCESSES", "many")
    assert main(["incidents", "--db", "nowhere.db"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("sitrep: error: SITREP_PROCESSES") and "\n" not in err
