"""Every label a person reads exists in English and Chinese."""

from __future__ import annotations

import re
import tomllib
from types import SimpleNamespace

import pytest

from model import i18n, shipped
from model.experiment.spec import load_spec
from model.outcomes import OUTCOMES
from model.scenario import load_scenario, shipped_scenarios, valid_keys
from model.schema import ElderCare, PropertyService

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_schema_field_has_an_english_and_a_chinese_label():
    keys = i18n.schema_keys()
    assert "government.workstation" in keys and "name" in keys
    for key in keys:
        en, zh = i18n.key_label(key, "en"), i18n.key_label(key, "zh")
        assert en and en != key, key
        assert CJK.search(zh), f"{key}: no Chinese label ({zh!r})"


def test_every_settable_key_has_labels_including_rollout_keys():
    for key in valid_keys():
        assert CJK.search(i18n.key_label(key, "zh")), key
    assert i18n.key_label("rollout.set.government.workstation", "zh") == i18n.key_label(
        "government.workstation", "zh"
    )


def test_every_lever_unit_and_outcome_unit_is_translated():
    for key in i18n.schema_keys():
        unit = i18n.key_unit(key, "en")
        assert unit, f"{key}: no unit at the end of its description"
        assert i18n.has(f"unit.{unit}"), f"{key}: unit {unit!r} has no translation"
        assert CJK.search(i18n.key_unit(key, "zh")), key
    for outcome in OUTCOMES:
        assert i18n.has(f"unit.{outcome.unit}"), outcome.unit
        zh = i18n.outcome_unit(outcome.name, "zh")
        assert zh == "0-1" or CJK.search(zh), outcome.name


def test_every_outcome_has_both_labels():
    for outcome in OUTCOMES:
        assert i18n.outcome_label(outcome.name, "en") == outcome.label_en
        assert CJK.search(i18n.outcome_label(outcome.name, "zh")), outcome.name
    with pytest.raises(KeyError):
        i18n.outcome_label("no_such_outcome", "en")


def test_shipped_scenarios_have_titles_and_descriptions_in_both_languages_in_their_files():
    for name in shipped_scenarios():
        own = tomllib.loads(shipped.named(name, "scenarios").read_text(encoding="utf-8"))
        assert {"title", "title_zh", "description", "description_zh"} <= set(own), name
        assert i18n.scenario_label(name, "en") == own["title"]
        assert i18n.scenario_label(name, "zh") == own["title_zh"] and CJK.search(own["title_zh"]), name
        assert i18n.scenario_description(name, "en") == own["description"]
        assert i18n.scenario_description(name, "zh") == own["description_zh"]
        assert CJK.search(own["description_zh"]), f"{name}: no Chinese description"
    assert i18n.scenario_label("my_own", "zh") == "my_own"
    assert i18n.scenario_description("my_own", "zh", "fallback") == "fallback"


def test_shipped_experiments_have_descriptions_in_both_languages_in_their_specs():
    names = shipped.names("experiments")
    assert "separation" in names
    for name in names:
        spec, _ = load_spec(name)
        assert spec.description and CJK.search(spec.description_zh), f"{name}: no Chinese description"


def test_the_report_describes_an_experiment_in_its_specs_language():
    from model.report.question import _description

    def described(lang: str, spec: dict[str, str]) -> str:
        r = SimpleNamespace(manifest={"description": spec["description"], "spec": spec}, spec=spec)
        return _description(SimpleNamespace(r=r, lang=lang))

    both = {"description": "Two arms.", "description_zh": "两组。"}
    assert (described("en", both), described("zh", both)) == ("Two arms.", "两组。")
    assert described("zh", {"description": "Two arms."}) == "Two arms."  # no Chinese: its English


def test_a_scenario_that_extends_another_is_not_titled_like_it(tmp_path):
    path = tmp_path / "mine.toml"
    base = shipped.named("separation", "scenarios").as_posix()
    path.write_text(f'extends = "{base}"\n', encoding="utf-8")
    mine = load_scenario(path)
    assert (mine.name, mine.title, mine.title_zh, mine.description_zh) == ("mine", "", "", "")
    assert mine.description == load_scenario("separation").description  # inherited, as before


def test_choice_values_cover_the_schema_enums():
    assert i18n.choices("market.elder_care") == [c.value for c in ElderCare]
    assert i18n.choices("market.property_service") == [c.value for c in PropertyService]
    for value in ElderCare:
        assert CJK.search(i18n.choice_label("market.elder_care", value, "zh"))
    assert i18n.value_text("government.workstation", True, "zh") == "是"
    assert i18n.value_text("government.top_down_tasks_per_week", 36.0, "en") == "36"


def test_every_ui_string_has_both_languages():
    for key in i18n.string_keys():
        assert i18n.t(key, "en"), key
        zh = i18n.t(key, "zh")
        assert zh, key
        if key not in ("ui.difference", "ui.no_data", "unit.0-1", "report.list_separator"):  # symbols only
            assert CJK.search(zh), f"{key}: no Chinese text"


def test_t_formats_falls_back_and_rejects_unknown_languages():
    assert i18n.t("ui.week_of", "en", week=3, weeks=156) == "Week 3 of 156"
    assert i18n.t("ui.week_of", "zh", week=3, weeks=156) == "第 3 周 / 共 156 周"
    assert i18n.t("no.such.key", "zh") == "no.such.key"
    with pytest.raises(ValueError, match="language"):
        i18n.t("ui.step", "fr")


def test_add_strings_needs_both_languages_and_refuses_silent_conflicts():
    i18n.add_strings({"test.heading": {"en": "Results", "zh": "结果"}})
    assert i18n.t("test.heading", "zh") == "结果"
    i18n.add_strings({"test.heading": {"en": "Results", "zh": "结果"}})  # same text: fine
    with pytest.raises(ValueError, match="already defined"):
        i18n.add_strings({"test.heading": {"en": "Findings", "zh": "发现"}})
    with pytest.raises(ValueError, match="no text for zh"):
        i18n.add_strings({"test.other": {"en": "Only English"}})


def test_env_lang(monkeypatch):
    monkeypatch.setenv(i18n.LANG_ENV, "zh")
    assert i18n.env_lang() == "zh"
    monkeypatch.setenv(i18n.LANG_ENV, "klingon")
    assert i18n.env_lang() == "en"


def test_figures_fall_back_to_english_without_a_cjk_font(monkeypatch):
    monkeypatch.setattr(i18n, "cjk_font", lambda: None)
    assert i18n.figure_lang("zh") == "en"
    assert i18n.figure_rc("zh") == {}
    monkeypatch.setattr(i18n, "cjk_font", lambda: "WenQuanYi Micro Hei")
    assert i18n.figure_lang("zh") == "zh"
    assert i18n.figure_rc("zh")["font.sans-serif"][0] == "WenQuanYi Micro Hei"
