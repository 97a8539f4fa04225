"""Tests of hamstrings.leg: the sagittal-plane leg model (lengths, moment arms, drawing)."""

from __future__ import annotations

import csv
import functools
import math
import subprocess
import sys
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from hamstrings import leg

REQUIRED = (
    "semimembranosus", "semitendinosus", "biceps_femoris_long", "biceps_femoris_short",
    "rectus_femoris", "vastus_intermedius", "vastus_medialis", "vastus_lateralis", "psoas",
    "iliacus", "gastrocnemius_medial", "gastrocnemius_lateral", "soleus", "tibialis_anterior",
    "gluteus_maximus",
)
BIARTICULAR_HAMSTRINGS = ("semimembranosus", "semitendinosus", "biceps_femoris_long")
# Which joints each muscle crosses, from anatomy (not from the model's own CROSSES).
ANATOMY = {
    **dict.fromkeys(BIARTICULAR_HAMSTRINGS + ("rectus_femoris",), ("hip", "knee")),
    **dict.fromkeys(("biceps_femoris_short", "vastus_intermedius", "vastus_medialis",
                     "vastus_lateralis"), ("knee",)),
    **dict.fromkeys(("psoas", "iliacus", "gluteus_maximus", "gluteus_maximus_upper",
                     "gluteus_maximus_lower"), ("hip",)),
    **dict.fromkeys(("gastrocnemius_medial", "gastrocnemius_lateral"), ("knee", "ankle")),
    **dict.fromkeys(("soleus", "tibialis_anterior"), ("ankle",)),
}
CM = 0.01


def random_poses(n: int, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    return {j: rng.uniform(lo, hi, n) for j, (lo, hi) in leg.JOINT_LIMITS.items()}


# -- API ----------------------------------------------------------------------------------------

def test_names_groups_and_limits():
    assert set(REQUIRED) <= set(leg.MUSCLES)
    assert leg.JOINT_LIMITS == {"hip": (-30, 140), "knee": (-10, 160), "ankle": (-50, 50)}
    assert set(leg.GROUPS) == set(leg.MUSCLES)
    assert set(BIARTICULAR_HAMSTRINGS) <= set(leg.HAMSTRINGS)
    assert leg.QUADRICEPS == ("rectus_femoris", "vastus_intermedius", "vastus_medialis",
                              "vastus_lateralis")
    assert {leg.GROUPS[m] for m in ("psoas", "iliacus")} == {"hip_flexors"}
    assert leg.GROUPS["soleus"] == "calf" and leg.GROUPS["tibialis_anterior"] == "dorsiflexors"


def test_crossed_joints_match_anatomy():
    assert set(leg.MUSCLES) == set(ANATOMY)
    for muscle, joints in ANATOMY.items():
        assert leg.CROSSES[muscle] == joints, muscle


def test_scalar_input_gives_floats_and_all_keys():
    lengths, arms = leg.lengths_and_moment_arms(10, 20, 5)
    assert set(lengths) == set(arms) == set(leg.MUSCLES)
    for muscle in leg.MUSCLES:
        assert isinstance(lengths[muscle], float) and 0.1 < lengths[muscle] < 0.7
        assert set(arms[muscle]) == {"hip", "knee", "ankle"}
        assert all(isinstance(v, float) for v in arms[muscle].values())
    alone = leg.muscle_lengths(10, 20, 5)  # separately generated code: same up to rounding
    assert all(alone[m] == pytest.approx(lengths[m], abs=1e-15) for m in leg.MUSCLES)
    assert leg.moment_arms(10, 20, 5) == arms


@pytest.mark.parametrize("shapes, expected", [
    (((), (), ()), ()),
    (((7,), (), ()), (7,)),
    (((), (7,), (7,)), (7,)),
    (((4, 1), (1, 5), ()), (4, 5)),
    (((4, 1), (1, 5), (3, 1, 1)), (3, 4, 5)),
    (((0,), (), ()), (0,)),
])
def test_broadcasting(shapes, expected):
    rng = np.random.default_rng(1)
    angles = [np.asarray(rng.uniform(lo, hi, s)) if s else float(rng.uniform(lo, hi))
              for s, (lo, hi) in zip(shapes, leg.JOINT_LIMITS.values())]
    lengths, arms = leg.lengths_and_moment_arms(*angles)
    for muscle in leg.MUSCLES:
        assert np.shape(lengths[muscle]) == expected
        for joint in leg.JOINTS:
            assert np.shape(arms[muscle][joint]) == expected
    if 0 in expected:
        return
    # every element equals the scalar evaluation of its own pose
    full = np.broadcast_arrays(*angles)
    index = tuple(s - 1 for s in expected)
    one = leg.muscle_lengths(*(float(a[index]) for a in full))
    for muscle in leg.MUSCLES:
        assert np.asarray(lengths[muscle])[index] == pytest.approx(one[muscle], abs=1e-15)


def test_large_input_is_chunked_consistently():
    poses = random_poses(3 * leg._CHUNK + 17, seed=2)
    lengths, arms = leg.lengths_and_moment_arms(**poses)
    for start in (0, leg._CHUNK - 1, 3 * leg._CHUNK + 16):
        one = leg.lengths_and_moment_arms(**{j: a[start] for j, a in poses.items()})
        for muscle in leg.MUSCLES:
            assert lengths[muscle][start] == pytest.approx(one[0][muscle], abs=1e-15)
            assert arms[muscle]["knee"][start] == pytest.approx(one[1][muscle]["knee"], abs=1e-15)


@pytest.mark.parametrize("joint", leg.JOINTS)
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, "below", "above"])
def test_bad_angles_raise(joint, bad):
    lo, hi = leg.JOINT_LIMITS[joint]
    value = {"below": lo - 0.001, "above": hi + 0.001}.get(bad, bad)
    for given in (value, np.array([0.0, value, 1.0])):
        angles = {"hip": 0.0, "knee": 0.0, "ankle": 0.0, joint: given}
        for function in (leg.muscle_lengths, leg.moment_arms, leg.lengths_and_moment_arms,
                         leg.pose):
            with pytest.raises(ValueError, match=rf"{joint} must be within {lo}\.\.{hi} degrees"):
                function(**angles)


def test_non_numbers_raise_naming_the_argument():
    with pytest.raises(ValueError, match="ankle must be a number"):
        leg.muscle_lengths(0, 0, "ten")


def test_limits_are_inclusive():
    for corner in np.array(np.meshgrid(*leg.JOINT_LIMITS.values())).reshape(3, -1).T:
        assert all(np.isfinite(v) for v in leg.muscle_lengths(*corner).values())


def scalar_and_array_poses() -> list:
    """Seeded random poses, the corners and edges of the joint box, and poses within
    1e-6 deg of every wrap's lift-off (found by bisection along the knee, then the hip,
    then the ankle), where the two paths could pick different branches."""
    poses = list(zip(*random_poses(300, seed=11).values()))
    limits = list(leg.JOINT_LIMITS.values())
    rng = np.random.default_rng(12)
    for corner in np.array(np.meshgrid(*limits, indexing="ij")).reshape(3, -1).T:
        poses.append(tuple(corner))
    for i, (lo, hi) in enumerate(limits):  # one joint at an edge, the others random
        for edge in (lo, hi):
            for _ in range(5):
                pose = [rng.uniform(*limit) for limit in limits]
                pose[i] = edge
                poses.append(tuple(pose))
    for muscle_wraps in lift_off_poses():
        poses.append(muscle_wraps)
    return [tuple(float(a) for a in pose) for pose in poses]


@functools.cache
def lift_off_poses() -> tuple:
    """Poses within about 1e-6 deg of a lift-off: bisection of each wrap angle along a
    joint, between a pressed and a lifted sample of a 1-deg sweep."""
    found = []
    for joint, (lo, hi) in leg.JOINT_LIMITS.items():
        sweep = np.arange(lo, hi + 0.1, 1.0)
        for others in (0.0, 40.0):
            base = {j: min(max(others, leg.JOINT_LIMITS[j][0]), leg.JOINT_LIMITS[j][1])
                    for j in leg.JOINTS}

            def phis(angle, base=base, joint=joint):
                return {(m, s): p for m, w in leg.pose(**{**base, joint: float(angle)})["wraps"]
                        .items() for s, p in w.items()}

            samples = [phis(a) for a in sweep]
            for k in range(len(sweep) - 1):
                for key, phi in samples[k].items():
                    if (phi > 0) != (samples[k + 1][key] > 0):
                        a, b = sweep[k], sweep[k + 1]
                        for _ in range(22):
                            middle = (a + b) / 2
                            if (phis(middle)[key] > 0) == (phi > 0):
                                a = middle
                            else:
                                b = middle
                        for angle in (a, b):
                            found.append(tuple({**base, joint: angle}[j] for j in leg.JOINTS))
    return tuple(found)


def test_one_pose_path_equals_the_array_path():
    """Scalar angles run plain-Python code generated from the same expressions as the
    numpy code; the two agree to 1e-12 m everywhere in the joint box, including the
    edges and either side of every lift-off."""
    poses = scalar_and_array_poses()
    assert len(lift_off_poses()) >= 10  # the bisection found lift-offs
    arrays = [np.array(a) for a in zip(*poses)]
    lengths, arms = leg.lengths_and_moment_arms(*arrays)
    alone = leg.muscle_lengths(*arrays)
    worst = 0.0
    for i, pose in enumerate(poses):
        one_lengths, one_arms = leg.lengths_and_moment_arms(*pose)
        one_alone = leg.muscle_lengths(*pose)
        assert leg.moment_arms(*pose) == one_arms
        for muscle in leg.MUSCLES:
            assert type(one_lengths[muscle]) is np.float64
            worst = max(worst, abs(one_lengths[muscle] - lengths[muscle][i]),
                        abs(one_alone[muscle] - alone[muscle][i]))
            for joint in leg.JOINTS:
                worst = max(worst, abs(one_arms[muscle][joint] - arms[muscle][joint][i]))
    assert worst < 1e-12, worst
    # ...and the drawing comes from the same code: wrap angles match the array path
    drawing = leg.pose(*poses[0])
    arrays_geometry = leg._evaluate("geometry", [np.radians([a]) for a in poses[0]])
    for muscle, wraps in drawing["wraps"].items():
        for site, phi in wraps.items():
            assert math.radians(phi) == pytest.approx(
                arrays_geometry[muscle, site, "phi"][0], abs=1e-12)


def test_muscle_arrays_are_the_dictionaries_values_in_the_asked_order():
    """One pose and many: rows follow the muscles asked for, the middle axis follows JOINTS,
    and a joint a muscle does not cross has a zero moment arm."""
    muscles = ("soleus", "semimembranosus", "rectus_femoris")
    for hip, knee, ankle in [(30.0, 45.0, 5.0), (np.array([0.0, 90.0]), np.array([10.0, 120.0]), 0.0)]:
        L, r = leg.muscle_arrays(muscles, hip, knee, ankle)
        lengths, arms = leg.lengths_and_moment_arms(hip, knee, ankle)
        assert L.shape == (3, *np.shape(lengths["soleus"]))
        assert r.shape == (3, 3, *np.shape(lengths["soleus"]))
        for i, muscle in enumerate(muscles):
            np.testing.assert_allclose(L[i], lengths[muscle], rtol=0, atol=1e-12)
            for j, joint in enumerate(leg.JOINTS):
                np.testing.assert_allclose(r[i, j], arms[muscle][joint], rtol=0, atol=1e-12)
    assert r[0, leg.JOINTS.index("hip")].tolist() == [0.0, 0.0]  # soleus does not cross the hip
    with pytest.raises(ValueError, match="unknown muscle 'biceps'"):
        leg.muscle_arrays(("biceps",), 0.0, 0.0, 0.0)
    with pytest.raises(ValueError, match=r"knee must be within -10\.\.160 degrees"):
        leg.muscle_arrays(muscles, 0.0, 170.0, 0.0)


@pytest.mark.parametrize("angles, message", [
    ((200.0, 0.0, 0.0), r"hip must be within -30\.\.140 degrees; got 200\.0"),
    ((0, -11, 0), r"knee must be within -10\.\.160 degrees; got -11\.0"),
    ((0.0, 0.0, float("nan")), r"ankle must be within -50\.\.50 degrees; got nan"),
    ((0.0, float("inf"), 0.0), r"knee must be within -10\.\.160 degrees; got inf"),
    ((np.float64(141), 0.0, 0.0), r"hip must be within -30\.\.140 degrees; got 141\.0"),
    (("ten", 0.0, 0.0), r"hip must be a number or an array of numbers"),
    ((0.0, [10, "x"], 0.0), r"knee must be a number or an array of numbers"),
])
def test_one_pose_errors_match_the_array_path(angles, message):
    """The fast scalar validation raises what the array validation raises."""
    for function in (leg.muscle_lengths, leg.lengths_and_moment_arms, leg.moment_arms, leg.pose):
        with pytest.raises(ValueError, match=message):
            function(*angles)
    if isinstance(angles[1], list):
        return
    as_arrays = [np.array([a]) if isinstance(a, float) else a for a in angles]
    with pytest.raises(ValueError, match=message.split("; got")[0]):
        leg.muscle_lengths(*as_arrays)


def test_one_pose_accepts_the_joint_range_edges_and_numpy_scalars():
    for pose in [(-30, -10, -50), (140, 160, 50), (np.int64(10), np.float32(20.5), 5)]:
        lengths, arms = leg.lengths_and_moment_arms(*pose)
        expected = leg.muscle_lengths(*(np.array([float(a)]) for a in pose))
        for muscle in leg.MUSCLES:
            assert lengths[muscle] == pytest.approx(expected[muscle][0], abs=1e-12)


def test_shapes_that_do_not_broadcast_raise():
    with pytest.raises(ValueError, match="broadcast"):
        leg.muscle_lengths(np.zeros(3), np.zeros(4), 0)
    with pytest.raises(ValueError, match="broadcast"):
        leg.moment_arms(0, np.zeros((2, 3)), np.zeros(2))


# -- behaviour ----------------------------------------------------------------------------------

def test_hamstrings_lengthen_with_hip_flexion_and_shorten_with_knee_flexion():
    """Over 0-120 deg of knee flexion, the range the knee pin was fitted over; beyond
    ~125 deg the straight 2D paths pass in front of the knee pin (see the report)."""
    hip = np.arange(-30, 120.1, 1.0)
    knee = np.arange(0, 120.1, 1.0)
    for muscle in BIARTICULAR_HAMSTRINGS:
        for other in (0, 45, 90):
            assert np.all(np.diff(leg.muscle_lengths(hip, other, 0)[muscle]) > 0), muscle
            assert np.all(np.diff(leg.muscle_lengths(other, knee, 0)[muscle]) < 0), muscle
        assert leg.muscle_lengths(90, 0, 0)[muscle] - leg.muscle_lengths(0, 0, 0)[muscle] > 4 * CM


def test_rectus_femoris_is_the_reverse():
    hip = np.arange(-30, 100.1, 1.0)
    knee = np.arange(-10, 160.1, 1.0)
    for other in (0, 45, 90):
        assert np.all(np.diff(leg.muscle_lengths(hip, other, 0)["rectus_femoris"]) < 0)
        assert np.all(np.diff(leg.muscle_lengths(other, knee, 0)["rectus_femoris"]) > 0)


def test_one_joint_muscles_ignore_the_other_joints():
    poses = random_poses(50, seed=3)
    base = leg.muscle_lengths(**poses)
    moved = leg.muscle_lengths(poses["hip"][::-1], poses["knee"][::-1], poses["ankle"])
    np.testing.assert_array_equal(moved["soleus"], base["soleus"])  # ankle only
    moved = leg.muscle_lengths(poses["hip"][::-1], poses["knee"], poses["ankle"][::-1])
    np.testing.assert_array_equal(moved["biceps_femoris_short"], base["biceps_femoris_short"])
    # ...and do depend on their own joint
    assert np.ptp(leg.muscle_lengths(0, 0, np.array([-40, 40]))["soleus"]) > 3 * CM
    assert np.ptp(leg.muscle_lengths(0, np.array([0, 90]), 0)["biceps_femoris_short"]) > 3 * CM


def test_zero_moment_arm_at_joints_not_crossed():
    arms = leg.moment_arms(**random_poses(200, seed=4))
    for muscle, joints in ANATOMY.items():
        for joint in leg.JOINTS:
            values = arms[muscle][joint]
            assert values.shape == (200,)
            if joint in joints:
                assert np.all(values != 0), (muscle, joint)
            else:
                assert np.all(values == 0), (muscle, joint)


def test_moment_arms_match_finite_differences():
    """r = -dL/dq against a central difference of L, q in radians.

    Step 1e-5 rad: truncation ~1e-12 m on smooth stretches, rounding ~1e-11 m.
    Lift-off is C1 but not C2, so poses within 0.5 deg of a lift-off are left out.
    """
    poses = random_poses(300, seed=5)
    near_lift_off = np.zeros(300, bool)
    for i in range(300):
        phis = leg.pose(*(poses[j][i] for j in leg.JOINTS))["wraps"]
        near_lift_off[i] = any(abs(p) < 0.5 for w in phis.values() for p in w.values())
    assert near_lift_off.sum() < 30
    poses = {j: a[~near_lift_off] for j, a in poses.items()}
    h = np.degrees(1e-5)
    worst = 0.0
    for joint, (lo, hi) in leg.JOINT_LIMITS.items():
        q = np.clip(poses[joint], lo + h, hi - h)
        plus = leg.muscle_lengths(**{**poses, joint: q + h})
        minus = leg.muscle_lengths(**{**poses, joint: q - h})
        at = leg.moment_arms(**{**poses, joint: q})
        for muscle in leg.MUSCLES:
            fd = -(plus[muscle] - minus[muscle]) / 2e-5
            error = np.abs(fd - at[muscle][joint]).max()
            assert error < 1e-6, (muscle, joint, error)
            worst = max(worst, error)
    assert worst > 0  # the comparison really ran


def test_no_jumps_along_fine_sweeps():
    """0.1 deg steps over each joint's whole range, the other joints at a few values:
    no length jump over 1 mm (wrap branch cuts, lift-off), no moment-arm jump over 1 mm."""
    for joint, (lo, hi) in leg.JOINT_LIMITS.items():
        sweep = np.linspace(lo, hi, int(round((hi - lo) * 10)) + 1)
        for others in (-10, 0, 45, 100):
            pose = {j: np.clip(others, *leg.JOINT_LIMITS[j]) for j in leg.JOINTS}
            lengths, arms = leg.lengths_and_moment_arms(**{**pose, joint: sweep})
            for muscle in leg.MUSCLES:
                assert np.abs(np.diff(lengths[muscle])).max() < 1e-3, (muscle, joint, others)
                for j in leg.JOINTS:
                    assert np.abs(np.diff(arms[muscle][j])).max() < 1e-3, (muscle, joint, j)


def test_wraps_lift_off_somewhere_and_press_somewhere():
    """Every circle is in contact in some poses and lifted off in others (else it is dead
    data); the knee extensors stay wrapped over the whole knee range."""
    seen = {}
    for hip, knee, ankle in zip(*random_poses(400, seed=6).values()):
        for muscle, wraps in leg.pose(hip, knee, ankle)["wraps"].items():
            for site, phi in wraps.items():
                seen.setdefault((muscle, site), []).append(phi)
    for (muscle, site), phis in seen.items():
        assert max(phis) > 0, (muscle, site)
        if muscle in leg.QUADRICEPS:
            assert min(phis) > 0
        else:
            assert min(phis) < 0, (muscle, site)


# Moment arms to expect (muscles.md, cm): (muscle, joint, angles (hip, knee, ankle), low, high).
# The model is 2D: where it falls just outside a published range the bound is widened
# and the reason given.
EXPECTED_ARMS = [
    # hamstrings, knee: 2.5-4 near 0 deg
    *[(m, "knee", (0, 0, 0), 2.5, 4.0) for m in BIARTICULAR_HAMSTRINGS],
    # ... 3.5-5.5 at 30-60 deg knee flexion (peak); the 2D biceps femoris long head
    # peaks at 3.3 cm, so its lower bound is 3.0
    *[(m, "knee", (0, k, 0), 3.5, 5.5) for m in ("semimembranosus", "semitendinosus")
      for k in (30, 45, 60)],
    *[("biceps_femoris_long", "knee", (0, k, 0), 3.0, 5.5) for k in (30, 45, 60)],
    # hamstrings, hip: -5.7 to -4.3 near 0 deg (biceps femoris long head: -5.70)
    *[(m, "hip", (0, 0, 0), -5.71, -4.3) for m in BIARTICULAR_HAMSTRINGS],
    # ... about -7 to -5.5 at 30-40 deg hip flexion; semitendinosus reaches -7.06
    *[(m, "hip", (h, 0, 0), -7.1, -5.5) for m in BIARTICULAR_HAMSTRINGS for h in (30, 40)],
    # rectus femoris, hip: 3-4.5 near 0, about 5-5.5 at 40-50 deg
    ("rectus_femoris", "hip", (0, 0, 0), 3.0, 4.5),
    *[("rectus_femoris", "hip", (h, 0, 0), 5.0, 5.5) for h in (40, 45, 50)],
    # knee extensors: about -5 to -4.5 near 0; -2.7 to -2 somewhere in 90-120 deg (below)
    *[(m, "knee", (0, 0, 0), -5.0, -4.5) for m in leg.QUADRICEPS],
    # gastrocnemius, knee: about 2 near 0
    *[(m, "knee", (0, 0, 0), 1.8, 2.5) for m in ("gastrocnemius_medial", "gastrocnemius_lateral")],
    # soleus and gastrocnemius, ankle: about -5 to -4.5 near 0
    *[(m, "ankle", (0, 0, 0), -5.0, -4.5)
      for m in ("soleus", "gastrocnemius_medial", "gastrocnemius_lateral")],
]


@pytest.mark.parametrize("muscle, joint, angles, low, high", EXPECTED_ARMS)
def test_moment_arms_in_expected_ranges(muscle, joint, angles, low, high):
    assert low * CM <= leg.moment_arms(*angles)[muscle][joint] <= high * CM


def test_knee_extensor_and_gastrocnemius_arms_fall_with_deep_flexion():
    knee = np.arange(90, 120.1, 1.0)
    for muscle in leg.QUADRICEPS:
        arm = leg.moment_arms(0, knee, 0)[muscle]["knee"]
        assert np.all(np.diff(arm) > 0)  # magnitude falls
        assert np.any((arm >= -2.7 * CM) & (arm <= -2.0 * CM))
    for muscle in ("gastrocnemius_medial", "gastrocnemius_lateral"):
        arm = leg.moment_arms(0, np.array([0, 60, 90, 120]), 0)[muscle]["knee"]
        assert np.all(np.diff(arm) < 0) and arm[-1] < 1.0 * CM


def test_ankle_muscles_have_the_right_sign():
    ankle = np.arange(-50, 50.1, 5.0)
    arms = leg.moment_arms(0, 0, ankle)
    assert np.all(arms["tibialis_anterior"]["ankle"] > 0)  # dorsiflexor
    for muscle in ("soleus", "gastrocnemius_medial", "gastrocnemius_lateral"):
        assert np.all(arms[muscle]["ankle"] < 0)  # plantarflexors


# Rajagopal et al. 2016 muscle-tendon length in standing (muscles.md, cm). The 2D paths
# match it within 1 cm for the hamstrings, iliacus and gastrocnemii; the knee extensors
# (Rajagopal routes them over a patella; here a circle on the femur ends at the tibial
# tuberosity), psoas and soleus differ by 1.5-3.5 cm, as muscles.md says.
STANDING = {
    "semimembranosus": (41.2, 1.0), "semitendinosus": (45.4, 1.0),
    "biceps_femoris_long": (41.4, 1.0), "biceps_femoris_short": (23.8, 1.0),
    "iliacus": (20.8, 1.0), "gastrocnemius_medial": (45.7, 1.0),
    "gastrocnemius_lateral": (44.8, 1.0),
    "rectus_femoris": (51.2, 4.0), "vastus_intermedius": (28.2, 4.0),
    "vastus_medialis": (27.0, 4.0), "vastus_lateralis": (29.6, 4.0),
    "psoas": (22.9, 4.0), "soleus": (32.3, 4.0),
}


@pytest.mark.parametrize("muscle", STANDING)
def test_standing_lengths_near_rajagopal(muscle):
    expected, tolerance = STANDING[muscle]
    assert leg.muscle_lengths(0, 0, 0)[muscle] == pytest.approx(expected * CM, abs=tolerance * CM)


# -- drawing ------------------------------------------------------------------------------------

@pytest.mark.parametrize("angles", [(0, 0, 0), (40, 70, 10), (120, 150, -40), (-30, -10, 50)])
def test_pose_paths_have_the_model_lengths(angles):
    drawing = leg.pose(*angles, arc_step=0.5)
    lengths = leg.muscle_lengths(*angles)
    flat = [m for m in leg.MUSCLES if not any(leg.SITES[s].z for s in leg.PATHS[m])]
    assert {"semimembranosus", "rectus_femoris", "gastrocnemius_medial"} <= set(flat)
    for muscle in flat:  # in the plane, the drawn polyline is the muscle path
        path = drawing["paths"][muscle]
        assert path.shape[1] == 2
        polyline = np.linalg.norm(np.diff(path, axis=0), axis=1).sum()
        assert polyline == pytest.approx(lengths[muscle], abs=2e-6)
    joints = drawing["joints"]
    np.testing.assert_allclose(joints["hip"], 0, atol=1e-15)
    thigh = math.hypot(leg.SITES["knee"].x, leg.SITES["knee"].y)
    shank = math.hypot(leg.SITES["ankle"].x, leg.SITES["ankle"].y)
    assert np.linalg.norm(joints["knee"]) == pytest.approx(thigh)
    assert np.linalg.norm(joints["ankle"] - joints["knee"]) == pytest.approx(shank)
    assert {"heel", "toe"} <= set(joints)
    assert set(drawing["circles"]) == {s.name for s in leg.SITES.values() if s.radius}


def test_pose_moves_the_right_way():
    standing, flexed = leg.pose(0, 0, 0), leg.pose(90, 90, 0)
    assert flexed["joints"]["knee"][0] > 0.3  # hip flexion swings the knee forward
    assert flexed["joints"]["ankle"][1] > flexed["joints"]["knee"][1] - 0.45
    knee_only = leg.pose(0, 90, 0)["joints"]
    assert knee_only["ankle"][0] < -0.3  # knee flexion swings the ankle backward
    toes_up = leg.pose(0, 0, 20)["joints"]
    assert toes_up["toe"][1] > standing["joints"]["toe"][1]  # dorsiflexion lifts the toes
    assert leg.pose(0, 0, 0)["wraps"]["rectus_femoris"]["knee_circle"] > 0
    with pytest.raises(ValueError, match="scalar"):
        leg.pose(np.zeros(2), 0, 0)


# -- symbolic model, generated code, data -------------------------------------------------------

def test_symbolic_length_and_moment_arm():
    import sympy as sm

    length = leg.symbolic_length("biceps_femoris_long")
    q = {s.name: s for s in length.free_symbols if s.name.startswith("q_")}
    assert set(q) == {"q_hip", "q_knee"}
    arms = leg.symbolic_moment_arms("biceps_femoris_long")
    assert sm.simplify(arms["hip"] + length.diff(q["q_hip"])) == 0
    assert arms["ankle"] == 0
    numeric = leg.symbolic_length("semimembranosus", numeric=True)
    assert numeric.has(sm.Piecewise) and numeric.free_symbols == {q["q_hip"], q["q_knee"]}
    value = float(numeric.subs({q["q_hip"]: math.radians(30), q["q_knee"]: math.radians(50)}))
    assert value == pytest.approx(leg.muscle_lengths(30, 50, 0)["semimembranosus"], abs=1e-12)
    with pytest.raises(ValueError, match="unknown muscle"):
        leg.symbolic_length("gracilis")


def test_generated_code_is_up_to_date():
    """The committed numpy code is what ``python -m hamstrings._leg_codegen`` writes."""
    from hamstrings import _leg_codegen, _leg_generated

    assert _leg_generated.DATA_HASH == leg.data_hash(), "CSV edited: regenerate"
    committed = _leg_codegen.TARGET.read_text()
    assert _leg_codegen.source() == committed, (
        f"regenerate with `python -m hamstrings._leg_codegen` "
        f"(committed with sympy {_leg_generated.SYMPY_VERSION})")


def test_import_is_fast_and_does_not_need_sympy():
    code = ("import sys, time; t = time.perf_counter(); import hamstrings.leg as leg; "
            "leg.lengths_and_moment_arms(10, 20, 5); t = time.perf_counter() - t; "
            "print(t, 'sympy' in sys.modules)")
    seconds, sympy_loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
    ).stdout.split()
    assert sympy_loaded == "False"
    assert float(seconds) < 2.0


def test_geometry_csv_has_sources_and_no_repeated_numbers():
    folder = resources.files("hamstrings") / "data"
    with (folder / "leg_geometry.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert all(row["source"].strip() for row in rows)
    fits = {row["name"] for row in rows if row["source"].startswith("Fit made for this book")}
    circles = {row["name"] for row in rows if row["radius"]}
    assert {"knee"} | circles <= fits  # the knee pin, knee circle and vias are our fits
    assert any("Rajagopal" in row["source"] for row in rows if row["name"] == "tibial_tuberosity")
    places = [(r["segment"], r["x"], r["y"], r["z"], r["radius"]) for r in rows]
    assert len(places) == len(set(places))  # each point or circle is typed once
    used = {name for path in leg.PATHS.values() for name in path}
    assert used <= set(leg.SITES)
    assert {s.name for s in leg.SITES.values() if s.element in ("point", "via_circle",
                                                                 "wrap_circle")} == used


def test_leg_does_not_import_its_code_generator():
    """No import circle: ``_leg_codegen`` imports ``leg``, never the other way round."""
    import ast

    tree = ast.parse(Path(leg.__file__).read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                for alias in node.names} | {alias.name for node in ast.walk(tree)
                                            if isinstance(node, ast.Import)
                                            for alias in node.names}
    assert "_leg_generated" in imported
    assert not {name for name in imported if "codegen" in name}


def test_stale_generated_code_is_rebuilt_in_memory(monkeypatch):
    """If the CSV files change, the module warns and lambdifies the same expressions itself
    (one pose and many)."""
    poses = random_poses(20, seed=7)
    expected = leg.lengths_and_moment_arms(**poses)
    monkeypatch.setattr(leg, "data_hash", lambda: "edited")
    leg._generated.cache_clear()
    try:
        with pytest.warns(UserWarning, match="_leg_codegen"):
            lengths, arms = leg.lengths_and_moment_arms(**poses)
        one = leg.lengths_and_moment_arms(*(float(poses[j][0]) for j in leg.JOINTS))
        drawn = leg.pose(*(float(poses[j][0]) for j in leg.JOINTS))
    finally:
        monkeypatch.undo()
        leg._generated.cache_clear()
    for muscle in leg.MUSCLES:
        np.testing.assert_allclose(lengths[muscle], expected[0][muscle], rtol=0, atol=1e-15)
        np.testing.assert_allclose(arms[muscle]["hip"], expected[1][muscle]["hip"],
                                   rtol=0, atol=1e-15)
        assert one[0][muscle] == pytest.approx(expected[0][muscle][0], abs=1e-12)
        for joint in leg.JOINTS:
            assert one[1][muscle][joint] == pytest.approx(expected[1][muscle][joint][0],
                                                          abs=1e-12)
    generated = leg.pose(*(float(poses[j][0]) for j in leg.JOINTS))["wraps"]
    assert drawn["wraps"].keys() == generated.keys()
    for muscle, wraps in generated.items():
        assert drawn["wraps"][muscle] == pytest.approx(wraps, abs=1e-9)
