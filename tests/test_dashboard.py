"""The dashboard's logic without a browser: the paired model, settings, map data, figures, CLI."""

from __future__ import annotations

import numpy as np
import pytest

from model.cli import main
from model.dashboard import canvas, frames, geometry, launch, page, session, tables
from model.dashboard.levers import DEFAULT_ARMS, KEY_LEVERS, arm_scenario, parse_seed, scenario_levers
from model.dashboard.paired import PairedCommunities
from model.dashboard.session import Settings
from model.schema import after_reform

SMALL = {"households": 240, "weeks": 12}


@pytest.fixture
def pair():
    paired = PairedCommunities(scenario_a="traditional", scenario_b="separation", reform_week=2, **SMALL)
    yield paired
    paired.release()


# --- seeds ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seed"), [("42", 42), (" 7 ", 7), ("1_000", 1000), ("+3", 3), (5, 5), ("0", 0)]
)
def test_seed_text_becomes_an_int(text, seed):
    assert parse_seed(text) == seed


@pytest.mark.parametrize("text", ["", "abc", "-1", "1.5", "1e3", str(2**63), True, 2**63])
def test_bad_seed_text_is_refused(text):
    with pytest.raises(ValueError, match="seed"):
        parse_seed(text)


# --- the paired model -----------------------------------------------------------------------------


def test_both_arms_share_the_seed_and_the_residents(pair):
    a, b = (arm.model for arm in pair.arms)
    assert a.settings.run.seed == b.settings.run.seed == 1
    assert a.population.size == b.population.size
    np.testing.assert_array_equal(a.population.building, b.population.building)
    np.testing.assert_array_equal(a.population.satisfaction, b.population.satisfaction)


def test_step_advances_both_arms_together(pair):
    pair.step()
    assert pair.week == 1
    assert [arm.model.week for arm in pair.arms] == [1, 1]
    assert pair.advance(100) == SMALL["weeks"] - 1
    assert not pair.running
    assert pair.advance(1) == 0
    pair.step()  # past the end: harmless
    assert pair.week == SMALL["weeks"]


def test_identical_arrangements_stay_identical_week_by_week():
    pair = PairedCommunities(scenario_a="yicheng", scenario_b="yicheng", reform_week=1, seed="9", **SMALL)
    pair.advance(6)
    a, b = (arm.model.record.series(pair.week) for arm in pair.arms)
    for name in canvas.KEY_OUTCOMES:
        np.testing.assert_array_equal(a[name], b[name])
    pair.release()


def test_before_the_reform_the_arms_agree_and_after_it_they_differ(pair):
    pair.advance(2)
    a, b = (arm.model.record.series(pair.week) for arm in pair.arms)
    np.testing.assert_array_equal(a["satisfaction"], b["satisfaction"])
    pair.advance(6)
    a, b = (arm.model.record.series(pair.week) for arm in pair.arms)
    assert not np.array_equal(a["committee_admin_share"], b["committee_admin_share"])


def test_reset_rebuilds_from_the_keyword_arguments(pair):
    first = pair.arms[0].model.population.satisfaction.copy()
    pair.advance(3)
    fresh = pair.reset()
    assert fresh.week == 0 and fresh.running
    assert fresh.kwargs == pair.kwargs
    np.testing.assert_array_equal(fresh.arms[0].model.population.satisfaction, first)
    # SolaraViz-style: every argument is a keyword with a default
    again = PairedCommunities(**pair.kwargs)
    assert again.kwargs == pair.kwargs
    fresh.release()
    again.release()


def test_default_pair_is_the_default_community():
    pair = PairedCommunities(weeks=1)
    assert pair.weeks == 1
    assert 7000 < pair.arms[0].model.population.size < 8200  # ~7,500 residents
    assert [arm.name for arm in pair.arms] == list(DEFAULT_ARMS)
    pair.release()


def test_lever_edits_change_the_arrangement_after_the_reform():
    scenario = arm_scenario(
        "traditional",
        {"government.workstation": True, "government.workstation_staff": 9, "market.elder_care": "sponsored"},
        reform_week=4,
    )
    assert scenario.run.rollout_week == 4
    assert scenario.government.workstation is False
    after = after_reform(scenario)
    assert after.government.workstation is True
    assert after.government.workstation_staff == 9
    assert after.market.elder_care.value == "sponsored"


def test_scenario_edits_are_the_after_reform_values():
    levers = scenario_levers("yicheng")
    assert set(levers) == {lever.key for lever in KEY_LEVERS}
    assert levers["government.workstation"] is True
    assert scenario_levers("traditional")["government.workstation"] is False
    assert isinstance(levers["government.top_down_tasks_per_week"], float)


def test_key_edits_are_schema_fields_with_sensible_ranges():
    for lever in KEY_LEVERS:
        value = scenario_levers("traditional")[lever.key]
        if lever.kind == "slider":
            assert lever.low <= value <= lever.high, lever.key
        elif lever.kind == "checkbox":
            assert isinstance(value, bool), lever.key


# --- settings of a session ------------------------------------------------------------------------


def test_settings_edits_and_scenario_picks():
    settings = Settings()
    edited = settings.with_lever("A", "government.workstation_staff", 10)
    assert edited.edits("A") == {"government.workstation_staff": 10}
    assert edited.lever_values("A")["government.workstation_staff"] == 10
    own = settings.lever_values("A")["government.workstation_staff"]  # the scenario's own value
    back = edited.with_lever("A", "government.workstation_staff", own)
    assert back.edits("A") == {}
    assert back == settings  # frozen and comparable: the page rebuilds only on a real change
    picked = edited.with_scenario("A", "market")
    assert picked.scenario_a == "market" and picked.edits("A") == {}
    assert picked.scenario_b == settings.scenario_b
    pair = PairedCommunities(**{**edited.kwargs(), **SMALL})
    assert pair.arms[0].edits == {"government.workstation_staff": 10}
    pair.release()


def test_settings_that_cannot_run_leave_the_reason_to_the_servers_log(capsys):
    assert session.build_pair(Settings(scenario_a="no_such_scenario", **SMALL)) is None
    assert "not a scenario this dashboard offers" in capsys.readouterr().err


def test_settings_from_env(monkeypatch):
    monkeypatch.setenv("COMMGOV_DASHBOARD_HOUSEHOLDS", "300")
    monkeypatch.setenv("COMMGOV_DASHBOARD_WEEKS", "20")
    assert session.settings_from_env() == Settings(households=300, weeks=20)
    monkeypatch.setenv("COMMGOV_DASHBOARD_HOUSEHOLDS", "lots")
    assert session.settings_from_env().households is None


# --- the map ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("households", "per_building", "per_compound"), [(240, 12, 25), (3000, 12, 25), (97, 5, 7), (1, 1, 1)]
)
def test_layout_puts_every_building_in_its_own_cell(households, per_building, per_compound):
    from model.population import synthesize
    from model.schema import PopulationSection

    population = synthesize(
        PopulationSection(
            households=households, households_per_building=per_building, buildings_per_compound=per_compound
        ),
        np.random.default_rng(0),
    )
    layout = geometry.layout_of(population)
    cells = set(zip(layout.x.tolist(), layout.y.tolist(), strict=True))
    assert len(cells) == population.buildings
    assert layout.x.min() >= 0 and layout.x.max() < layout.width
    assert layout.y.min() >= 0 and layout.y.max() < layout.height
    assert len(layout.compound_centres) == population.compounds


def test_map_data_shape_and_counts(pair):
    pair.advance(5)
    community = pair.arms[1].model
    data = geometry.map_data(community, "belonging", pair.arms[1].layout)
    buildings = community.population.buildings
    assert data.grid.shape == (data.layout.height, data.layout.width)
    assert np.isfinite(data.grid).sum() == buildings
    assert data.building_values.shape == data.disputes.shape == data.waiting.shape == (buildings,)
    assert ((data.building_values >= 0) & (data.building_values <= 1)).all()
    book = community.book
    owned = book.resident[book.waiting] >= 0
    assert data.waiting.sum() == owned.sum()
    assert (data.disputes <= data.waiting).all()
    expected = np.bincount(community.population.building, weights=community.population.belonging)
    expected /= np.bincount(community.population.building)
    np.testing.assert_allclose(data.building_values, expected)
    with pytest.raises(ValueError, match="colour_by"):
        geometry.map_data(community, "income")


def test_a_frame_has_two_maps_plots_and_a_table(pair):
    renderer = frames.FrameRenderer(pair, "satisfaction", "zh")
    first = renderer.frame()
    pair.advance(3)
    frame = renderer.frame()
    assert frame.week == 3 and frame.weeks == SMALL["weeks"]
    for png in (*frame.maps, frame.plots):
        assert png.startswith(b"\x89PNG")
    assert frame.maps[0] != first.maps[0]  # the week in the title at least
    assert [row.name for row in frame.rows] == list(tables.TABLE_OUTCOMES)
    assert all(np.isfinite(row.a) for row in frame.rows if row.name == "trust")
    html = tables.table_html(frame.rows, "zh")
    assert "对居委会的信任" in html and html.count("<tr") == len(frame.rows) + 1
    assert "B: " in frame.arm_titles[1]


def test_table_values_are_recent_means():
    assert tables.recent_value(np.array([1.0, np.nan, 3.0, 5.0]), 3) == 4.0
    assert np.isnan(tables.recent_value(np.array([np.nan, np.nan])))
    assert tables.format_value("trust", float("nan")) == "–"
    assert tables.format_value("admin_backlog", 12.0) == "12"


# --- the page, rendered without a browser -------------------------------------------------------------


def test_each_session_gets_its_own_models(monkeypatch):
    import ipyvuetify as v
    import solara

    monkeypatch.setenv("COMMGOV_DASHBOARD_HOUSEHOLDS", "120")
    monkeypatch.setenv("COMMGOV_DASHBOARD_WEEKS", "10")
    _, first = solara.render(page.Dashboard(app_layout=False), handle_error=False)
    _, second = solara.render(page.Dashboard(app_layout=False), handle_error=False)

    def week(rc):
        return rc.find(v.Html, class_="commgov-week").widget.children[0]

    try:
        first.find(v.Btn, class_="commgov-step").widget.click()
        first.find(v.Btn, class_="commgov-step").widget.click()
        assert week(first) == "Week 2 of 10"
        assert week(second) == "Week 0 of 10"
        checkbox = first.find(v.Html, class_="commgov-lever-a-government-workstation").find(v.Checkbox)
        checkbox.widget.v_model = True  # a lever change starts again from week 0
        assert week(first) == "Week 0 of 10"
        changed = first.find(v.Html, class_="commgov-changed").widgets[0].children[0]
        assert "Community affairs workstation = on" in changed
        seed = first.find(v.TextField, class_="commgov-seed").widget
        seed.v_model = "not a number"
        seed.fire_event("focusout", None)  # the box applies its text on leaving it or Enter
        assert week(first) == "Week 0 of 10"  # a bad seed keeps the current pair
        assert seed.error and "whole number" in str(seed.messages)
    finally:
        first.close()
        second.close()
    assert not any(isinstance(value, PairedCommunities) for value in vars(page).values())


# --- the command ------------------------------------------------------------------------------------------


def test_dashboard_command_help_and_bad_port(capsys):
    assert main(["dashboard", "--help"]) == 0
    assert "--lang" in capsys.readouterr().out
    assert main(["dashboard", "--port", "http"]) == 2
    assert "port" in capsys.readouterr().err
    assert main(["dashboard", "--lang", "fr"]) == 2


def test_server_runs_offline_with_the_chosen_language():
    env = launch.offline_environment("zh", base={"PATH": "/bin"})
    assert env["COMMGOV_LANG"] == "zh"
    assert env["SOLARA_ASSETS_PROXY"] == "True"
    assert env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"
    assert env["SOLARA_ASSETS_CDN"].startswith("http://127.0.0.1")
    assert str(launch.REPO_ROOT) in env["PYTHONPATH"]
    command = launch.server_command("127.0.0.1", 8765)
    assert command[command.index("run") + 1] == "model.dashboard.page"
    assert {"--production", "--no-open", "--no-check-version"} <= set(command)
    launch.check_assets()  # solara-assets is installed with the package
    assert (launch.assets_dir() / "@widgetti" / "vue-grid-layout@2.3.13-alpha.2").is_dir()


def test_a_busy_port_is_refused_in_one_sentence_before_any_address(capsys, monkeypatch):
    import socket

    def no_server(*args, **kwargs):
        raise AssertionError("no server may start on a port that is taken")

    monkeypatch.setattr(launch.subprocess, "Popen", no_server)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["dashboard", "--port", str(port)]) == 2
    out, err = capsys.readouterr()
    assert out == ""  # no address printed for a server that cannot start
    assert err.count("\n") == 1 and f"port {port} is already in use" in err and "--port " in err
    assert "Traceback" not in err and "ERROR" not in err


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (PermissionError(13, "Permission denied"), "reserved for the administrator"),
        (OSError(99, "Cannot assign requested address"), "is not an address of this machine"),
    ],
)
def test_a_privileged_port_or_foreign_host_is_refused_in_one_sentence(capsys, monkeypatch, error, expected):
    monkeypatch.setattr(launch, "_can_listen", lambda host, port: error if port == 80 else None)
    assert main(["dashboard", "--host", "192.0.2.77", "--port", "80"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and expected in err


class FakeServer:
    """Stands in for the `solara run` child: prints Solara's start line and exits at once."""

    def __init__(self, command, env, **options):
        host = command[command.index("--host") + 1]
        self.stdout = iter([f"Solara server is starting at http://{host}:1/\n", "server log line\n"])

    def wait(self, timeout=None):
        return 0

    def terminate(self):
        pass


def test_listening_on_every_address_prints_addresses_participants_can_open(capsys, monkeypatch):
    import socket

    monkeypatch.setattr(launch.subprocess, "Popen", FakeServer)
    monkeypatch.setattr(launch.signal, "signal", lambda *args: None)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert main(["dashboard", "--host", "0.0.0.0", "--port", str(port), "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "0.0.0.0" not in out  # neither ours nor Solara's start line
    assert f"http://localhost:{port}/ on this machine" in out
    for address in launch.lan_addresses():
        assert f"http://{address}:{port}/" in out
    assert "anyone on the network can open it" in out and "server log line" in out


def test_opening_lines_name_the_lan_addresses_and_the_hostname():
    lines = launch.opening_lines("0.0.0.0", 8800, "zh", ["192.168.1.23", "10.0.0.5"], "facilitator")
    text = "\n".join(lines)
    assert "participants on the same network open http://192.168.1.23:8800/ or http://10.0.0.5:8800/" in text
    assert "http://facilitator:8800/" in text and "0.0.0.0" not in text
    assert all(line.startswith("commgov dashboard: ") for line in lines)
    alone = "\n".join(launch.opening_lines("::", 8800, "en", [], "localhost"))
    assert "no network address yet" in alone and "http://localhost:8800/" in alone
    assert launch.opening_lines("127.0.0.1", 8765, "en", [], "") == [
        "commgov dashboard: http://localhost:8765/  (language en; Ctrl-C stops it)"
    ]
    assert "http://[fd00::2]:8800/" in launch.opening_lines("fd00::2", 8800, "en", [], "")[0]
    assert not any(address.startswith(("127.", "169.254.")) for address in launch.lan_addresses())


def test_the_server_silences_solaras_samesite_warning_and_no_other():
    import subprocess
    import sys

    env = launch.offline_environment("en", base={"PATH": "/bin", "PYTHONWARNINGS": "default"})
    assert env["PYTHONWARNINGS"].startswith("default,")  # a filter already set is kept
    warn = (
        "import warnings\n"
        "for message in ('Cookies with samesite=none require https, but ...', 'another warning'):\n"
        "    warnings.warn_explicit(message, UserWarning, 'x.py', 1, module='solara.server.starlette')\n"
    )
    done = subprocess.run([sys.executable, "-c", warn], env=env, capture_output=True, text=True, check=True)
    assert "samesite" not in done.stderr
    assert "another warning" in done.stderr


def test_the_server_serves_the_dashboards_own_styles():
    from pathlib import Path

    folder = Path(launch.offline_environment("en", base={})["SOLARA_ASSETS_EXTRA_LOCATIONS"])
    css = (folder / "custom.css").read_text()  # Solara links /static/assets/custom.css into every page
    assert ".v-input__slider" in css and ".v-list-item__title" in css


def test_the_served_chinese_font_covers_every_chinese_character_of_the_dashboard():
    from fontTools.ttLib import TTFont

    from tools import subset_font

    needed = subset_font.cjk_characters()
    assert "单" in needed and "宜" in needed and len(needed) > 300
    css = (launch.ASSETS_DIR / "custom.css").read_text()
    for weight in subset_font.WEIGHTS:
        path = subset_font.font_path(weight)
        assert path.parent == launch.ASSETS_DIR / "fonts" and f'url("fonts/{path.name}")' in css
        assert path.stat().st_size < 500_000  # a subset, not the 19 MB collection
        cmap = TTFont(path).getBestCmap()
        missing = "".join(char for char in needed if ord(char) not in cmap)
        assert not missing, f"{path.name} lacks {missing!r}: rerun python -m tools.subset_font"
    licence = (launch.ASSETS_DIR / "fonts" / "OFL.txt").read_text()
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Adobe" in licence
