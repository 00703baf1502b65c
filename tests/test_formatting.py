"""How numbers read: each variant of model.formatting on the values that tell them apart."""

from __future__ import annotations

import math

from model.formatting import (
    axis_number,
    decimals_for,
    fixed,
    p_value,
    setting_number,
    signed_significant,
    significant,
    staff_number,
    table_number,
    yuan_number,
)

NAN, INF = math.nan, math.inf


def test_a_text_table_shows_fewer_decimals_as_numbers_grow():
    cases = {0.12345: "0.123", 99.9994: "99.999", 123.45: "123.5", 480000.4: "480,000", NAN: "–"}
    assert {v: table_number(v) for v in cases} == cases
    assert table_number(0.5, signed=True) == "+0.500" and table_number(-1234.0, signed=True) == "-1,234"
    assert table_number(INF, signed=True) == "+inf" and table_number(-INF) == "-inf"
    assert table_number("n/a") == "n/a"


def test_an_axis_shows_few_decimals():
    cases = {0.0: "0", 2.5: "2.5", 0.0123: "0.0123", 150.5: "150.5", 150.0: "150", 1500.4: "1,500"}
    assert {v: axis_number(v) for v in cases} == cases
    assert axis_number(NAN) == "–"


def test_fixed_decimals_follow_the_largest_value():
    assert decimals_for([0.0118, -0.0044]) == 4
    assert decimals_for([795385.0]) == 0
    assert fixed(0.00369, 4) == "+0.0037" and fixed(-0.00001, 3) == "0.000"
    assert fixed(420000.0, 0) == "+420,000" and fixed(NAN, 2) == "–"


def test_a_setting_reads_as_a_scenario_gives_it():
    cases = {6: "6", 12000: "12,000", 0.25: "0.25", 2.0: "2", 15000.0: "15,000", 12345.678: "12,345.7"}
    assert {v: setting_number(v) for v in cases} == cases
    assert setting_number(INF) == "inf"


def test_p_values_and_pattern_statistics():
    assert p_value(0.0004) == "<0.001" and p_value(0.0004, spaced=True) == "< 0.001"
    assert p_value(0.04567) == "0.046" and p_value(None) == "–" and p_value(NAN) == "–"
    assert signed_significant(0.012) == "+0.0120" and signed_significant(-3.0) == "-3.00"
    assert signed_significant(NAN) == "–"
    assert significant(0.123456, 4) == "0.1235" and significant(2.5, 4) == "2.5"


def test_resource_numbers_read_easily():
    cases = {6.0: "6", 2.46: "2.5", 2.44: "2.4", 0.0: "0", -0.01: "0", NAN: "–"}
    assert {v: staff_number(v) for v in cases} == cases
    assert yuan_number(480000.4) == "480,000" and yuan_number(1245384.6) == "1,245,385"
