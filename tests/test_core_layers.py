"""The lowest layers: the data reader and the argument checks every model shares."""

import math

import numpy as np
import pytest

from hamstrings import tables, validate


def test_read_table_types_columns_and_is_read_only():
    rows = tables.read_table("leg_geometry.csv")
    hip = next(r for r in rows if r["name"] == "hip")
    assert hip["x"] == 0.0 and hip["radius"] is None and hip["element"] == "joint"
    with pytest.raises(TypeError):
        hip["x"] = 1.0
    assert tables.read_table("leg_geometry.csv") is rows  # read once


def test_read_table_unknown_name_lists_files():
    with pytest.raises(ValueError, match="name must be one of .*postures.csv"):
        tables.read_table("nope.csv")


def test_by_key_refuses_repeated_keys():
    with pytest.raises(ValueError, match="repeated"):
        tables.by_key("clinical_norms.csv", "test")


@pytest.mark.parametrize("check, args", [
    (validate.number, ("x",)), (validate.positive, ("x",)), (validate.non_negative, ("x",)),
    (validate.fraction, ("x",)), (validate.in_range, ("x", 0, 1)),
])
def test_checks_refuse_nan_and_text(check, args):
    for bad in (math.nan, math.inf, "abc", None):
        with pytest.raises(ValueError, match="^x must be"):
            check(bad, *args)


def test_joint_checks_use_the_limits():
    for joint, (lo, hi) in validate.JOINT_LIMITS.items():
        assert validate.joint_angle(lo, joint) == lo
        with pytest.raises(ValueError, match=rf"{joint} must be within {lo}\.\.{hi} degrees"):
            validate.joint_angle(hi + 1, joint)
        with pytest.raises(ValueError, match=joint):
            validate.joint_angles(np.array([lo, np.nan]), joint)


def test_choice_accepts_unhashable_values_as_errors():
    with pytest.raises(ValueError, match="body must be one of 'a'"):
        validate.choice([1], "body", {"a": 1})
