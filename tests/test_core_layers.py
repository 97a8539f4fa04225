"""The lowest layers: the data reader and the argument checks every model shares."""

import math

import numpy as np
import pytest

from hamstrings import antagonist, body, tables, validate


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


# ----------------------------------------------------------------------------- the body model


def test_the_body_model_is_the_one_antagonist_and_dynamics_use():
    assert antagonist.shank_foot is body.shank_foot and antagonist.gravity_torque is body.gravity_torque
    assert antagonist.DEFAULT_PERSON is body.DEFAULT_PERSON


def test_shank_foot_scales_with_body_mass_and_is_checked():
    light, heavy = body.shank_foot(50.0), body.shank_foot(100.0)
    assert heavy.mass == pytest.approx(2 * light.mass) and heavy.com == light.com
    assert heavy.inertia == pytest.approx(2 * light.inertia)
    assert body.shank_foot() is body.shank_foot(body.DEFAULT_PERSON["body_mass"])  # cached
    for bad in (0.0, -70.0, float("nan"), "heavy"):
        with pytest.raises(ValueError, match="body_mass must be"):
            body.shank_foot(bad)
    with pytest.raises(ValueError, match="ankle must be within"):
        body.shank_foot(70.0, ankle=60.0)


def test_knee_torque_is_the_same_for_one_angle_and_many():
    sf = body.shank_foot()
    psi = np.linspace(-3.0, 3.0, 61)
    many = sf.knee_torque(psi)
    one = [sf.knee_torque(float(p)) for p in psi]
    np.testing.assert_allclose(one, many, rtol=1e-15, atol=1e-15)
    # the shank along the world's vertical axis: only the centre of mass's forward offset c_x acts
    assert sf.knee_torque(0.0) == pytest.approx(sf.weight * sf.com[0])


def test_gravity_torque_checks_its_angles_and_body():
    with pytest.raises(ValueError, match="hip must be within"):
        body.gravity_torque(150.0, 0.0)
    with pytest.raises(ValueError, match="body must be one of"):
        body.gravity_torque(0.0, 0.0, body="sideways")
    with pytest.raises(ValueError, match=r"body must be in \[-180, 180\]"):
        body.gravity_torque(0.0, 0.0, body=200.0)


# ----------------------------------------------------------------------------- the root finder


