"""Generated hostile scenario files and experiment specs: every one is refused in one sentence.

Hypothesis writes random bytes, random TOML trees, schema keys with values of the wrong type, and
huge, deep or looping files; `commgov run` and `commgov experiment` must exit with status 2,
print exactly one line naming the file, and write nothing. The default suite tries FAST examples
per class; the `slow` variants try SLOW (the figures in docs/reliability.md come from those).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import tempfile
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.cli import main
from model.scenario import valid_keys
from model.scenario.fields import field_of
from model.scenario.reading import MAX_NESTING

FAST, SLOW = 100, 1000
TRIED: Counter[str] = Counter()  # inputs tried per class, for the figures in docs/reliability.md

words = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)
scalars = st.one_of(
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
)
trees = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(words, inner, max_size=4),
    max_leaves=20,
)


def quoted(text: str) -> str:
    """A TOML basic string: JSON's escapes, any other character as itself (DEL must be escaped)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_value(value: object) -> str:
    """A value as inline TOML (JSON's strings, numbers and arrays are TOML's too)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{quoted(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, float):
        return repr(value)
    return quoted(value) if isinstance(value, str) else json.dumps(value)


def toml_document(table: dict[str, object]) -> str:
    return "".join(f"{json.dumps(key)} = {toml_value(value)}\n" for key, value in table.items())


SCENARIO_KEYS = [k for k in valid_keys() if "." in k and not k.startswith("rollout.set.")]
NOT_A_SECTION = words.filter(lambda w: w not in {k.split(".")[0] for k in valid_keys()} | {"extends"})


@st.composite
def random_scenarios(draw) -> str:
    """A random tree with at least one top-level key no scenario has."""
    table = draw(st.dictionaries(words, trees, max_size=5))
    table[draw(NOT_A_SECTION)] = draw(trees)
    return toml_document(table)


def _wrong_for(key: str):
    kind = field_of(tuple(key.split("."))).annotation  # type: ignore[union-attr]
    if kind in (int, float):
        return st.one_of(st.text(max_size=10), st.booleans(), st.lists(scalars, max_size=3))
    if kind is bool:
        return st.one_of(st.integers(), st.text(max_size=10), st.floats(allow_nan=False))
    return st.one_of(st.integers(), st.booleans(), st.lists(scalars, max_size=3), st.floats(allow_nan=False))


@st.composite
def wrong_types(draw) -> str:
    """Schema keys with values of a type they cannot hold."""
    key = draw(st.sampled_from(SCENARIO_KEYS))
    section, name = key.split(".")
    return f"[{section}]\n{json.dumps(name)} = {toml_value(draw(_wrong_for(key)))}\n"


@st.composite
def deep_or_huge(draw) -> str:
    """Nesting past the limit (arrays, inline tables or dotted keys), or a file past 1 MiB."""
    depth = draw(st.integers(MAX_NESTING + 1, 3000))
    choice = draw(st.sampled_from(["array", "table", "dotted", "huge"]))
    if choice == "array":
        return "a = " + "[" * depth + "]" * depth
    if choice == "table":
        return "a = " + "{b = " * depth + "1" + "}" * depth
    if choice == "dotted":
        return "a" + ".a" * depth + " = 1"
    return "x = 1\n" + "#" * (2**20 + draw(st.integers(0, 4096)))


@st.composite
def random_specs(draw) -> str:
    """A random tree that is not a spec: its kind is missing or wrong, or a key is unknown."""
    table = draw(st.dictionaries(words, trees, max_size=5))
    if draw(st.booleans()):
        table["kind"] = draw(trees.filter(lambda v: v not in ("compare", "sweep", "sensitivity")))
    else:
        table["zz_" + draw(words)] = draw(trees)
    return toml_document(table)


SPEC_WRONG = {
    "kind": st.one_of(st.integers(), st.text(max_size=12).filter(lambda t: t not in ("compare",))),
    "replications": st.one_of(st.integers(max_value=0), st.integers(min_value=100_001), st.text(max_size=5)),
    "seed": st.one_of(st.integers(max_value=-1), st.floats(allow_nan=False), st.booleans()),
    "weeks": st.one_of(st.integers(max_value=0), st.text(max_size=5), st.lists(scalars, max_size=2)),
    "scenarios": st.one_of(st.integers(), st.lists(st.integers(), min_size=1, max_size=3), st.just([])),
    "outcomes": st.one_of(st.just([]), st.lists(words.filter(lambda w: not w.isidentifier()), min_size=1)),
    "set": st.one_of(st.integers(), st.text(max_size=10), st.lists(st.integers(), min_size=1)),
    "name": st.text(max_size=20).filter(lambda t: not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", t)),
}


@st.composite
def spec_wrong_types(draw) -> str:
    """A valid comparison with one key given a value it cannot hold."""
    table: dict[str, object] = {"kind": "compare", "scenarios": ["traditional", "yicheng"], "replications": 1}
    key = draw(st.sampled_from(sorted(SPEC_WRONG)))
    table[key] = draw(SPEC_WRONG[key])
    return toml_document(table)


def assert_refused(command: str, content: bytes | str, make_extra=None, flags=(), names=None) -> None:
    """Write `content` to a fresh file, run `command` on it: exit 2, one line naming it, nothing written.

    `flags` are added to the command line; `names` is what the line must name (default: the file).
    """
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.toml"
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
        if make_extra:
            make_extra(Path(folder))
        out = Path(folder) / "out"
        argv = [command, str(path), "--out", str(out), *flags]
        if command == "experiment":
            argv += ["--backend", "serial", "--quiet"]
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()) as stdout:
            status = main(argv)
        lines = err.getvalue().strip().splitlines()
        assert status == 2, (content, err.getvalue(), stdout.getvalue())
        assert len(lines) == 1 and lines[0].startswith("commgov: error: "), err.getvalue()
        assert (names or str(path)) in lines[0], lines[0]
        assert len(lines[0]) < 1000, lines[0]
        assert not out.exists()


CLASSES = {
    "scenario: random bytes": ("run", st.binary(max_size=400)),
    "scenario: random TOML trees": ("run", random_scenarios()),
    "scenario: wrong types": ("run", wrong_types()),
    "scenario: deep or huge": ("run", deep_or_huge()),
    "spec: random bytes": ("experiment", st.binary(max_size=400)),
    "spec: random TOML trees": ("experiment", random_specs()),
    "spec: deep or huge": ("experiment", deep_or_huge()),
    "spec: wrong types": ("experiment", spec_wrong_types()),
}


def _accepts_empty(command: str, content: bytes | str) -> bool:
    """Random bytes may happen to be an empty (valid, all-defaults) scenario or a comment-only one."""
    if command != "run" or not isinstance(content, bytes):
        return False
    try:
        return tomllib.loads(content.decode("utf-8").removeprefix("\ufeff")) == {}
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def _fuzz(name: str, examples: int) -> None:
    command, strategy = CLASSES[name]

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(strategy)
    def check(content):
        if _accepts_empty(command, content):
            return  # a valid scenario: running it is not what this test is about
        TRIED[name] += 1
        assert_refused(command, content)

    check()


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_fuzzed_inputs_are_refused_in_one_sentence(name):
    _fuzz(name, FAST // 4 if "deep" in name else FAST)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CLASSES))
def test_many_fuzzed_inputs_are_refused_in_one_sentence(name):
    _fuzz(name, SLOW // 4 if "deep" in name else SLOW)
    print(f"\n{name}: {TRIED[name]} inputs refused in one sentence")


KEYS = set(valid_keys())
text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60)


def _dotted(item: str) -> str:
    """The key an override names, as `parse_override` reads it."""
    return ".".join(part.strip() for part in item.split("=", 1)[0].strip().split("."))


@settings(max_examples=FAST, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(text.filter(lambda item: _dotted(item) not in KEYS))
def test_fuzzed_set_flags_are_refused(item):
    TRIED["flag: random --set"] += 1
    assert_refused("run", "", flags=[f"--set={item}"])


@settings(max_examples=FAST, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(text.filter(lambda value: value.strip() and value.strip().lower() not in ("en", "zh")))
def test_fuzzed_language_variables_are_refused(value):
    TRIED["environment: random COMMGOV_LANG"] += 1
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COMMGOV_LANG", value)
        assert_refused("run", "", names="COMMGOV_LANG")


def _loop(folder: Path, length: int) -> None:
    """input.toml -> f1 -> ... -> input.toml: an extends cycle of `length` files."""
    names = ["input.toml", *(f"f{i}.toml" for i in range(1, length))]
    for here, there in zip(names[1:], [*names[2:], names[0]], strict=True):
        (folder / here).write_text(f'extends = "{there}"\n', encoding="utf-8")


@settings(max_examples=20, deadline=None, database=None)
@given(st.integers(2, 40))
def test_extends_cycles_and_long_chains_are_refused(length):
    def make(folder: Path) -> None:
        _loop(folder, length)

    assert_refused("run", 'extends = "f1.toml"\n' if length > 1 else 'extends = "input.toml"\n', make)


@settings(max_examples=10, deadline=None, database=None)
@given(st.integers(1, 6))
def test_symlink_loops_in_extends_are_refused(length):
    def make(folder: Path) -> None:
        names = [f"l{i}.toml" for i in range(length)]
        for here, there in zip(names, [*names[1:], names[0]], strict=True):
            os.symlink(there, folder / here)

    assert_refused("run", 'extends = "l0.toml"\n', make)
