"""What the dashboard accepts from a browser and from the command line: scenarios only from its list,
control values only as their controls send them, requests only for its own address; and a failure
is one translated sentence on the page, never a traceback or a server path."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from model import i18n
from model.cli import main
from model.dashboard import catalogue, guard, launch, page, session
from model.dashboard.levers import KEY_LEVERS, lever_value, whole_number
from model.dashboard.paired import PairedCommunities
from model.dashboard.session import Settings
from model.scenario import shipped_scenarios

ROOT = Path(__file__).resolve().parent.parent

# Anything a tampered browser can put in a widget's value (JSON), plus paths and near-misses of names.
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
PATHS = st.sampled_from(
    [
        "/etc/passwd",
        "/dev/zero",
        "../../../etc/passwd",
        "scenarios/yicheng.toml",
        str(ROOT / "scenarios" / "yicheng.toml"),
        "yicheng.toml",
        "YICHENG",
        " yicheng",
        "yicheng\x00",
        "",
        "x" * 5000,
    ]
)


@pytest.fixture
def small(monkeypatch):
    monkeypatch.setenv("COMMGOV_DASHBOARD_HOUSEHOLDS", "120")
    monkeypatch.setenv("COMMGOV_DASHBOARD_WEEKS", "10")


@pytest.fixture
def named_file(tmp_path, monkeypatch):
    """A facilitator's edited copy of traditional.toml, offered through $COMMGOV_DASHBOARD_FILES."""
    text = (ROOT / "scenarios" / "traditional.toml").read_text()
    path = tmp_path / "traditional.toml"
    path.write_text(text.replace('title = "', 'title = "Our own: ', 1))
    monkeypatch.setenv(catalogue.FILES_ENV, str(path))
    catalogue.current.cache_clear()
    yield path
    catalogue.current.cache_clear()


# --- the scenario list ----------------------------------------------------------------------------------


def test_the_menu_offers_the_shipped_scenarios_then_the_named_files(named_file):
    offered = catalogue.current()
    ids = offered.ids()
    assert session.scenario_choices() == ids
    assert ids[: len(catalogue.SCENARIO_ORDER)] == list(catalogue.SCENARIO_ORDER)
    assert set(shipped_scenarios()) < set(ids)
    assert {"subdistrict_yicheng", "subdistrict_large"} < set(ids)  # then a second menu of communities
    assert ids[-1] == "traditional-2"  # numbered: the shipped traditional keeps its name
    assert offered.path("traditional-2") == named_file
    assert offered.label("traditional-2", "en").startswith("Our own: ")
    assert offered.label("traditional", "en") == i18n.scenario_label("traditional", "en")
    pair = PairedCommunities(scenario_a="traditional-2", households=60, weeks=2)
    assert pair.arms[0].name == "traditional-2"
    pair.release()


@settings(max_examples=100, deadline=None)
@given(value=JSON | PATHS)
def test_anything_but_an_offered_identifier_is_refused(value):
    offered = catalogue.current()
    assume(value not in offered)
    with pytest.raises(ValueError):
        offered.path(value)
    with pytest.raises(ValueError):
        Settings().with_scenario("A", value)


def test_a_named_file_gone_bad_after_launch_is_left_out(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(catalogue.FILES_ENV, str(tmp_path / "gone.toml"))
    catalogue.current.cache_clear()
    try:
        assert catalogue.current().ids() == catalogue.Catalogue().ids()
    finally:
        catalogue.current.cache_clear()
    assert "left out of the menu" in capsys.readouterr().err


# --- control values ---------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(lever=st.sampled_from(KEY_LEVERS), value=JSON)
def test_a_lever_takes_only_what_its_control_sends(lever, value):
    if lever.kind == "checkbox":
        valid = isinstance(value, bool)
    elif lever.kind == "slider":
        number = isinstance(value, int | float) and not isinstance(value, bool)
        valid = number and math.isfinite(value) and lever.low <= value <= lever.high
    else:
        valid = isinstance(value, str) and value in i18n.choices(lever.key)
    if valid:
        lever_value(lever.key, value)
    else:
        with pytest.raises(ValueError):
            lever_value(lever.key, value)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1, 14, "7", None, True, [3]])
def test_a_slider_refuses_what_it_cannot_show(value):
    with pytest.raises(ValueError):
        whole_number(value, 1, 13)
    assert whole_number(6.6, 1, 13) == 7


# --- the page, driven as a tampered browser would -----------------------------------------------------


def _rendered() -> Any:
    import solara

    _, rc = solara.render(page.Dashboard(app_layout=False), handle_error=False)
    return rc


def _week(rc: Any) -> str:
    import ipyvuetify as v

    return rc.find(v.Html, class_="commgov-week").widget.children[0]


def _refused(rc: Any) -> bool:
    import ipyvuetify as v

    return bool(rc.find(v.Alert, class_="commgov-refused").widgets)


def _controls(rc: Any) -> dict[str, Any]:
    """Every widget whose value the browser sends, by a name for the test's messages."""
    import ipyvuetify as v

    found = {
        "scenario A": rc.find(v.Select, class_="commgov-scenario-a").widget,
        "scenario B": rc.find(v.Select, class_="commgov-scenario-b").widget,
        "reform week": rc.find(v.Slider, class_="commgov-reform-week").widget,
        "weeks per frame": rc.find(v.Slider, class_="commgov-per-frame").widget,
        "colour by": rc.find(v.Select, class_="commgov-colour-by").widget,
    }
    for lever in KEY_LEVERS:
        box = rc.find(v.Html, class_=f"commgov-lever-a-{lever.key.replace('.', '-').replace('_', '-')}")
        kind = {"checkbox": v.Checkbox, "slider": v.Slider, "select": v.Select}[lever.kind]
        found[lever.key] = box.find(kind).widget
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_hostile_values_from_the_browser_change_nothing_and_say_so(small, data):
    import ipyvuetify as v

    from model.scenario import loading

    rc = _rendered()
    read: list[Path] = []
    original = loading.read_toml
    offered = {path.resolve() for path in map(catalogue.current().path, catalogue.current().ids())}
    try:
        rc.find(v.Btn, class_="commgov-step").widget.click()
        assert _week(rc) == "Week 1 of 10"
        controls = _controls(rc)
        name = data.draw(st.sampled_from(sorted(controls)), label="control")
        value = data.draw(JSON | PATHS, label="value")
        widget = controls[name]
        assume(value != widget.v_model)  # equal to what it shows (True == 1): no change is sent
        if "scenario" in name:
            assume(value not in catalogue.current())
        elif name == "colour by":
            assume(value not in ("satisfaction", "belonging", "trust"))
        elif name in ("reform week", "weeks per frame"):
            assume(not (isinstance(value, int | float) and not isinstance(value, bool)))
        else:
            try:
                lever_value(name, value)
                assume(False)
            except ValueError:
                pass
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(
                loading, "read_toml", lambda path, *a: read.append(Path(path)) or original(path, *a)
            )
            widget.v_model = value
        assert _week(rc) == "Week 1 of 10", (name, value)  # nothing was rebuilt
        assert _refused(rc), (name, value)
        assert all(path.resolve() in offered for path in read), read
    finally:
        rc.close()


def test_a_good_value_after_a_refused_one_is_taken(small):
    import ipyvuetify as v

    rc = _rendered()
    try:
        rc.find(v.Btn, class_="commgov-step").widget.click()
        staff = _controls(rc)["government.workstation_staff"]
        staff.v_model = "ten"
        assert _refused(rc) and _week(rc) == "Week 1 of 10"
        staff.v_model = 10
        assert not _refused(rc) and _week(rc) == "Week 0 of 10"  # taken: the pair starts again
    finally:
        rc.close()


def test_an_unexpected_failure_is_one_translated_sentence(monkeypatch):
    import ipyvuetify as v
    import solara

    def broken() -> Settings:
        raise RuntimeError("/srv/secret/path exploded")

    monkeypatch.setattr(page, "settings_from_env", broken)
    for lang, expected in (("en", i18n.t("ui.failed", "en")), ("zh", i18n.t("ui.failed", "zh"))):
        monkeypatch.setenv("COMMGOV_LANG", lang)
        _, rc = solara.render(page.Page(), handle_error=False)
        try:
            alert = rc.find(v.Alert, class_="commgov-failed")
            assert expected in str(alert.widget.children)
            text = str([w.children for w in rc.find(v.Html).widgets])
            assert "secret" not in text and "Traceback" not in text
        finally:
            rc.close()


# --- Host and Origin ------------------------------------------------------------------------------------


HOSTS = st.text(max_size=40) | st.sampled_from(
    ["evil.example:8765", "127.0.0.1.evil.example:8765", "localhost:80", "localhost", "127.0.0.1:08765x"]
)


@settings(max_examples=300, deadline=None)
@given(host=HOSTS)
def test_bound_to_loopback_only_loopback_names_with_the_port_pass(host):
    expected = host.strip().lower() in ("localhost:8765", "127.0.0.1:8765", "[::1]:8765")
    assert guard.host_allowed(host, "127.0.0.1", 8765, ("localhost",)) == expected


def test_bound_to_the_network_addresses_and_this_machines_names_pass():
    names = ("localhost", "hall-pc", "hall-pc.local")
    for host in (
        "192.168.1.20:8800",
        "[fe80::1]:8800",
        "hall-pc:8800",
        "HALL-PC.local:8800",
        "localhost:8800",
    ):
        assert guard.host_allowed(host, "0.0.0.0", 8800, names), host
    for host in ("evil.example:8800", "192.168.1.20:8765", "192.168.1.20", "hall-pc.evil.example:8800"):
        assert not guard.host_allowed(host, "0.0.0.0", 8800, names), host


def test_an_origin_must_be_the_pages_own():
    assert guard.origin_allowed(None, "127.0.0.1:8765")
    assert guard.origin_allowed("http://127.0.0.1:8765", "127.0.0.1:8765")
    for origin in ("http://evil.example", "null", "http://127.0.0.1:8766", "http://localhost:8765"):
        assert not guard.origin_allowed(origin, "127.0.0.1:8765"), origin


def _answer(kind: str, headers: list[tuple[bytes, bytes]]) -> list[dict[str, Any]]:
    """What the guard sends for one request (the app behind it answers 200)."""
    sent: list[dict[str, Any]] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})

    async def send(message: Any) -> None:
        sent.append(message)

    async def receive() -> dict[str, Any]:
        return {}

    wrapped = guard.HostGuard(app, bind="127.0.0.1", port=8765)
    # driven by hand: nothing in it waits, and the browser tests' Playwright may hold this thread's loop
    with pytest.raises(StopIteration):
        wrapped({"type": kind, "headers": headers}, receive, send).send(None)
    return sent


def test_the_guard_answers_403_to_requests_and_websockets_for_other_sites():
    assert _answer("http", [(b"host", b"127.0.0.1:8765")])[0]["status"] == 200
    assert _answer("http", [(b"host", b"evil.example:8765")])[0]["status"] == 403
    foreign = [(b"host", b"127.0.0.1:8765"), (b"origin", b"http://evil.example")]
    assert _answer("websocket", foreign) == [{"type": "websocket.close", "code": 1008}]


# --- the command ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("/dev/zero", "is not a regular file"),
        ("/etc/passwd", "is not valid TOML"),
        ("no_such_file.toml", "no such scenario file"),
    ],
)
def test_a_named_file_that_cannot_be_used_is_refused_before_anything_starts(
    capsys, monkeypatch, given, expected
):
    monkeypatch.setattr(launch.subprocess, "Popen", lambda *a, **k: pytest.fail("no server may start"))
    assert main(["dashboard", given]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("commgov: error: ") and expected in err


def test_the_language_defaults_from_commgov_lang(monkeypatch):
    seen = {}
    monkeypatch.setattr(launch, "_dashboard", lambda args: seen.update(vars(args)) or 0)
    monkeypatch.setenv("COMMGOV_LANG", "zh")
    assert main(["dashboard"]) == 0
    assert seen["lang"] == "zh" and seen["scenarios"] == []


def test_the_server_releases_sessions_and_hands_over_the_named_files(named_file):
    env = launch.offline_environment("en", base={"PATH": "/bin"}, files=str(named_file))
    assert env[catalogue.FILES_ENV] == str(named_file)
    assert env["SOLARA_KERNEL_CULL_TIMEOUT"] == f"{launch.SESSION_GRACE_SECONDS}s"
    assert env["MALLOC_ARENA_MAX"] == str(launch.MALLOC_ARENAS)
    assert env["SOLARA_APP"] == launch.APP_MODULE
    command = launch.server_command("127.0.0.1", 8765)
    assert command[1:4] == ["-m", "model.dashboard.guard", "run"]
