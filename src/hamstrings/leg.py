"""Sagittal-plane leg: muscle-tendon lengths and moment arms from joint angles.

Four rigid segments (pelvis, thigh, shank, foot) joined by pin joints at the hip,
knee and ankle, seen from the lateral side of the right leg: x anterior, y up,
z lateral. All angles zero = upright standing. The thigh turns about the hip by
+hip (flexion swings the knee forward), the shank about the knee pin by -knee
(flexion swings the ankle backward), the foot about the ankle by +ankle
(dorsiflexion lifts the toes). Angles in degrees at the API, lengths in metres;
moment arm r = -dL/dq with q in radians, so positive = flexor (dorsiflexor at
the ankle) and 0 at joints a muscle does not cross.

Geometry (data, not code): ``data/leg_geometry.csv`` holds every joint centre,
point and circle once, with its source; ``data/leg_paths.csv`` lists each
muscle's sites from origin to insertion, and its group. Points are sagittal
projections of OpenSim gait2392 (Delp et al. 1990); the tibial tuberosity is
from Rajagopal et al. (2016); the knee pin, the 2.06 cm knee circle and the
3 mm one-sided via circles are fits made for this book, not published data.

Paths: straight segments between points, and circles. A path wraps a circle
tangent - arc - tangent while pressed against it and lifts off (straight line)
when not; lift-off is smooth (same length and slope). The knee extensors' wrap
circle and the small one-sided via circles (which replace gait2392's
conditional via points) are the same element; only their size differs. For
psoas, iliacus and gluteus maximus each point keeps a constant lateral offset
z: rotations stay in the sagittal plane, lengths are taken in 3D (a circle is a
cylinder along z, so a z offset adds in quadrature to the length around it).

How the numbers are made: :func:`symbolic_model` builds every length with
``sympy.physics.mechanics`` (ReferenceFrame, Point, LinearPathway,
ObstacleSetPathway; wraps as a ``Piecewise`` with ``atan2`` wrap angles) and
differentiates it. ``hamstrings/_leg_generated.py`` is code printed from
those expressions by ``python -m hamstrings._leg_codegen`` and committed, so
importing this module needs neither sympy nor a build step; a test checks that
it is up to date. It holds two forms of each function, from the same common
subexpressions: numpy code for arrays of poses (evaluated in chunks spread
over a thread pool) and plain-Python ``math`` code for one pose, which runs
when all three angles are numbers (tens of microseconds instead of hundreds).
If the CSV files do not match it (its ``DATA_HASH``), the same expressions are
lambdified in memory on first use, with a warning; this module never imports
the generator.

References: Delp et al. 1990 (IEEE Trans Biomed Eng 37:757-767);
Rajagopal et al. 2016 (IEEE Trans Biomed Eng 63:2068-2079).
"""

from __future__ import annotations

import functools
import hashlib
import math
import os
import threading
import types
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

from . import tables, validate
from .validate import JOINT_LIMITS, JOINTS

__all__ = [
    "JOINTS", "JOINT_LIMITS", "SEGMENTS", "MUSCLES", "GROUPS", "HAMSTRINGS",
    "QUADRICEPS", "CROSSES", "SITES", "PATHS", "Site",
    "muscle_lengths", "moment_arms", "lengths_and_moment_arms", "muscle_arrays", "standing_lengths", "pose",
    "symbolic_model", "symbolic_length", "symbolic_moment_arms", "SymbolicModel", "Wrap",
    "generated_outputs", "data_hash",
]

# JOINTS (names, proximal to distal) and JOINT_LIMITS (valid range of each angle, degrees,
# inclusive) live in hamstrings.validate, which every layer's argument checks use.

SEGMENTS = ("pelvis", "thigh", "shank", "foot")
"""Segments, proximal to distal; joint i lies between segments i and i + 1."""

# How each joint turns its distal segment about z (the lateral axis), per unit angle.
_JOINT_SIGN = {"hip": 1, "knee": -1, "ankle": 1}
# The joint centre each segment's frame has its origin at.
_SEGMENT_ORIGIN = {"pelvis": "hip", "thigh": "hip", "shank": "knee", "foot": "ankle"}
_SENSE = {"CCW": 1, "CW": -1}


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------

class Site(NamedTuple):
    """A point or circle fixed in a segment (one row of ``leg_geometry.csv``).

    ``element`` is "joint", "landmark" (drawing only), "point", "wrap_circle" or
    "via_circle"; coordinates in metres in the segment's frame (z = 0 when the
    CSV leaves it blank); ``radius`` (m) and ``sense`` (+1 counter-clockwise,
    -1 clockwise in the lateral view) only for circles.
    """

    name: str
    element: str
    segment: str
    x: float
    y: float
    z: float
    radius: float | None
    sense: int | None
    source: str


_DATA_FILES = ("leg_geometry.csv", "leg_paths.csv")


def _site(row) -> Site:
    circle = row["radius"] is not None
    return Site(
        row["name"], row["element"], row["segment"], row["x"], row["y"], row["z"] or 0.0,
        row["radius"] if circle else None, _SENSE[row["sense"]] if circle else None, row["source"],
    )


def data_hash() -> str:
    """SHA-256 of the two leg CSV files (stamped into the generated code)."""
    digest = hashlib.sha256()
    for name in _DATA_FILES:
        digest.update(tables.read_bytes(name))
    return digest.hexdigest()


SITES = {row["name"]: _site(row) for row in tables.read_table("leg_geometry.csv")}
"""Every joint centre, landmark, path point and circle by name (:class:`Site`)."""
_PATH_ROWS = tables.read_table("leg_paths.csv")
PATHS = {row["muscle"]: tuple(row["path"].split()) for row in _PATH_ROWS}
"""Muscle name -> names of its path sites, origin to insertion."""
MUSCLES = tuple(PATHS)
"""All muscle names, in the order of ``leg_paths.csv``."""
GROUPS = {row["muscle"]: row["group"] for row in _PATH_ROWS}
"""Muscle name -> functional group ("hamstrings", "quadriceps", "hip_flexors",
"calf", "dorsiflexors", "hip_extensors")."""
HAMSTRINGS = tuple(m for m in MUSCLES if GROUPS[m] == "hamstrings")
"""The hamstring group, including the biceps femoris short head (knee only)."""
QUADRICEPS = tuple(m for m in MUSCLES if GROUPS[m] == "quadriceps")


def _crossed(path: tuple) -> tuple:
    levels = [SEGMENTS.index(SITES[name].segment) for name in path]
    return JOINTS[min(levels):max(levels)]


CROSSES = {muscle: _crossed(path) for muscle, path in PATHS.items()}
"""Muscle name -> joints it crosses (its moment arm is zero at the others)."""


# --------------------------------------------------------------------------
# Symbolic model (sympy is imported only here)
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Wrap:
    """A circle a muscle path wraps around (symbolic).

    ``phi`` is the wrap angle (rad): the arc length is ``radius * phi`` while
    ``phi > 0``; at ``phi <= 0`` the path has lifted off. ``start`` and ``end``
    are the tangent points, as vectors from the hip centre.
    """

    site: str
    radius: float
    sense: int
    phi: object
    start: object
    end: object


@dataclass(frozen=True)
class SymbolicModel:
    """The leg built with ``sympy.physics.mechanics``.

    ``angles`` joint -> Symbol (rad); ``constants`` Symbol -> value (m) of
    every geometric constant (``<site>_x``, ``_y``, ``_z``, ``<circle>_r``);
    ``frames`` segment -> ReferenceFrame; ``points`` site name -> Point;
    ``lengths`` muscle -> Expr (m); ``moment_arms`` muscle -> joint -> Expr
    (m, r = -dL/dq); ``wraps`` muscle -> tuple of :class:`Wrap`.
    """

    angles: dict
    constants: dict
    frames: dict
    points: dict
    lengths: dict
    moment_arms: dict
    wraps: dict


def _sympy() -> tuple:
    """``sympy`` and ``sympy.physics.mechanics``, for the symbolic model only.

    Imported when first needed, not at the top: they take about 1.5 s to import and the
    numbers (the generated code) never need them.
    """
    import sympy
    import sympy.physics.mechanics

    return sympy, sympy.physics.mechanics


@functools.cache
def _kinematics() -> tuple:
    """(angles, constants, frames, points): the segments and every site as a Point.

    Geometric constants stay symbols (``knee_x``, ``knee_circle_r``...), so the
    expressions keep their structure; ``constants`` maps them to metres.
    """
    sm, me = _sympy()

    angles = {joint: sm.Symbol(f"q_{joint}", real=True) for joint in JOINTS}
    frames = {"pelvis": me.ReferenceFrame("pelvis")}
    for joint, proximal, distal in zip(JOINTS, SEGMENTS, SEGMENTS[1:]):
        frames[distal] = me.ReferenceFrame(distal)
        frames[distal].orient_axis(frames[proximal], frames[proximal].z,
                                   _JOINT_SIGN[joint] * angles[joint])
    constants, points = {}, {"hip": me.Point("hip")}
    for site in sorted(SITES.values(), key=lambda s: s.name not in JOINTS):  # joints first
        frame, offset = frames[site.segment], me.Vector(0)
        for axis, value in zip("xyz", (site.x, site.y, site.z)):
            if value:
                symbol = sm.Symbol(f"{site.name}_{axis}", real=True)
                constants[symbol] = value
                offset += symbol * getattr(frame, axis)
        if site.radius:
            constants[sm.Symbol(f"{site.name}_r", positive=True)] = site.radius
        if site.name != "hip":
            points[site.name] = points[_SEGMENT_ORIGIN[site.segment]].locatenew(site.name, offset)
    return angles, constants, frames, points


def _turn_angle(cp, cq, sense, branch=0):
    """Angle (rad) from c->p to c->q turning in ``sense``, within +-pi of ``branch``.

    ``branch + atan2(sin, cos)`` of the angle minus ``branch``: one of the two
    vectors is first turned by ``branch`` (a constant one if there is one, so
    that the turn is folded into the constants), which puts the cut of
    ``atan2`` opposite to ``branch``.
    """
    sm, _ = _sympy()

    angles = set(_kinematics()[0].values())
    turn = sense * branch
    if cq[0].free_symbols & angles and not cp[0].free_symbols & angles:
        cp = _rotate(cp, turn)
    else:
        cq = _rotate(cq, -turn)
    (px, py), (qx, qy) = cp, cq
    return branch + sm.atan2(sense * (px * qy - py * qx), px * qx + py * qy)


def _rotate(v, angle):
    """(x, y) turned counter-clockwise by ``angle`` (rad)."""
    sm, _ = _sympy()

    c, s = sm.cos(angle), sm.sin(angle)
    return v[0] * c - v[1] * s, v[0] * s + v[1] * c


def _branch_centre(angle, step: int = 2):
    """Centre (rad, whole degrees) of the range an angle covers inside the joint limits.

    ``angle`` (an ``atan2`` expression of a turn, 0 to 360 deg in standing) is
    sampled on a grid of the joint box, unwrapped and pinned to its standing
    value, so that ``atan2`` can be cut where the angle never goes. Raises if
    the angle spans (nearly) a full turn.
    """
    sm, _ = _sympy()

    angles, constants = _kinematics()[:2]
    angle = angle.xreplace(constants)
    symbols = [q for q in angles.values() if q in angle.free_symbols]
    axes = [np.radians(np.arange(lo, hi + 1, step)) for joint, (lo, hi) in JOINT_LIMITS.items()
            if angles[joint] in angle.free_symbols]
    f = sm.lambdify(symbols, angle, "numpy")
    g = np.array(np.broadcast_to(f(*np.meshgrid(*axes, indexing="ij")),
                                 tuple(len(a) for a in axes)))
    for k in reversed(range(g.ndim)):  # unwrap along each axis from the first slice
        g[(0,) * k] = np.unwrap(g[(0,) * k], axis=0)
    standing = tuple(int(np.flatnonzero(a == 0)[0]) for a in axes)
    turn = 2 * np.pi
    g += turn * np.round((float(f(*(0,) * len(axes))) % turn - g[standing]) / turn)
    if g.max() - g.min() > 2 * np.pi - np.radians(10):
        raise ValueError("a wrap angle covers a full turn inside the joint limits")
    return sm.rad(int(round(np.degrees((g.max() + g.min()) / 2))))


def _wrap(p, circle, q, site: Site):
    """Length of the path p -> circle -> q, and its :class:`Wrap`.

    Tangent - arc - tangent while the path presses on the circle, straight
    once it lifts off: the wrap angle phi = theta - alpha_p - alpha_q, with
    theta the angle from c->p to c->q in the wrap sense and alpha the angle
    between c->p (c->q) and its tangent point, tan(alpha) = tangent length /
    radius. The path wraps while phi > 0; at phi = 0 both pieces have the same
    length and slope, so lift-off is smooth. The circle is a cylinder along z:
    a z offset between p and q adds in quadrature to the planar length (the
    geodesic on the cylinder).
    """
    sm, _ = _sympy()

    frames, points = _kinematics()[2:]
    frame, r, s = frames[site.segment], sm.Symbol(f"{site.name}_r", positive=True), site.sense
    cp, cq = [(v.dot(frame.x), v.dot(frame.y)) for v in (p.pos_from(circle), q.pos_from(circle))]
    (px, py), (qx, qy) = cp, cq
    tp, tq = sm.sqrt(px**2 + py**2 - r**2), sm.sqrt(qx**2 + qy**2 - r**2)
    theta = _turn_angle(cp, cq, s, _branch_centre(_turn_angle(cp, cq, s)))
    phi = theta - sm.atan2(tp, r) - sm.atan2(tq, r)
    planar = sm.Piecewise((tp + tq + r * phi, phi > 0),
                          (sm.sqrt((qx - px) ** 2 + (qy - py) ** 2), True))
    dz = q.pos_from(p).dot(frame.z)
    length = planar if dz == 0 else sm.sqrt(planar**2 + dz**2)

    def tangent_point(x, y, t, turn):  # c->x turned by +-alpha and scaled to the radius
        offset = (r * x - turn * t * y) * frame.x + (r * y + turn * t * x) * frame.y
        return circle.pos_from(points["hip"]) + r / (x**2 + y**2) * offset

    start, end = tangent_point(px, py, tp, s), tangent_point(qx, qy, tq, -s)
    return length, Wrap(site.name, site.radius, s, phi, start, end)


def _straight(run: list):
    """Length of the straight segments through the Points of ``run``.

    A ``LinearPathway`` (two points) or ``ObstacleSetPathway`` (more). Its
    attachments are copies of the points, each located from the previous one
    by the segment's vector expressed in a single frame (of the middle
    segment between the two), so that each segment length comes out as
    sqrt(x**2 + y**2 + z**2) in that frame: the same length in fewer terms.
    """
    _, me = _sympy()

    if len(run) < 2:
        return 0
    frames = _kinematics()[2]
    attachments = [run[0]]
    for a, b in zip(run, run[1:]):
        levels = sorted(SEGMENTS.index(SITES[p.name].segment) for p in (a, b))
        frame = frames[SEGMENTS[sum(levels) // 2]]
        attachments.append(attachments[-1].locatenew(b.name, b.pos_from(a).express(frame)))
    pathway = me.LinearPathway if len(run) == 2 else me.ObstacleSetPathway
    return pathway(*attachments).length


@functools.cache
def _symbolic_muscle(muscle: str) -> tuple:
    """(length, wraps) of one muscle: straight runs plus a wrap at each circle."""
    points = _kinematics()[3]
    path = PATHS[muscle]
    runs, wraps, length = [[]], [], 0
    for i, name in enumerate(path):
        site = SITES[name]
        if site.radius is None:
            runs[-1].append(points[name])
            continue
        part, wrap = _wrap(points[path[i - 1]], points[name], points[path[i + 1]], site)
        length += part
        wraps.append(wrap)
        runs.append([])
    return length + sum(_straight(run) for run in runs), tuple(wraps)


def _numeric(expr, numeric: bool):
    sm, _ = _sympy()

    if not numeric:
        return expr
    return expr.xreplace({k: sm.Float(v) for k, v in _kinematics()[1].items()})


def symbolic_length(muscle: str, numeric: bool = False):
    """Muscle-tendon length (m) of ``muscle`` as a sympy expression.

    A function of the symbols ``q_hip``, ``q_knee``, ``q_ankle`` (rad) and of
    the geometric constants (``<site>_x``...; see ``SymbolicModel.constants``),
    or, with ``numeric=True``, of the angles only. Straight runs come from
    ``LinearPathway`` / ``ObstacleSetPathway``, wraps are a ``Piecewise``.
    """
    return _numeric(_symbolic_muscle(_check_muscle(muscle))[0], numeric)


def symbolic_moment_arms(muscle: str, numeric: bool = False) -> dict:
    """Moment arms (m) of ``muscle``: joint -> ``-diff(L, q)``, 0 where not crossed."""
    length = symbolic_length(muscle)
    angles = _kinematics()[0]
    return {joint: _numeric(-length.diff(angles[joint]), numeric) for joint in JOINTS}


@functools.cache
def symbolic_model() -> SymbolicModel:
    """The whole leg as sympy expressions (built once, then cached; a few seconds).

    Geometry from Delp et al. 1990 and Rajagopal et al. 2016 (see module doc).
    """
    angles, constants, frames, points = _kinematics()
    lengths = {m: symbolic_length(m) for m in MUSCLES}
    arms = {m: symbolic_moment_arms(m) for m in MUSCLES}
    wraps = {m: _symbolic_muscle(m)[1] for m in MUSCLES}
    return SymbolicModel(angles, constants, frames, points, lengths, arms, wraps)


def generated_outputs() -> dict:
    """What each generated function computes: name -> ({key: expression}, docstring).

    ``lengths``: muscle -> length; ``lengths_and_moment_arms``: muscle -> length
    and (muscle, joint) -> moment arm at the joints it crosses, grouped by
    muscle; ``geometry``: (site, "x"|"y") pelvis-frame positions, (muscle,
    circle, "start"|"end", "x"|"y") tangent points and (muscle, circle, "phi")
    wrap angles. Read by ``_leg_codegen`` and by the in-memory fallback.
    """
    model = symbolic_model()
    arms = {(m, j): model.moment_arms[m][j] for m in MUSCLES for j in CROSSES[m]}
    for muscle in MUSCLES:  # the structural CROSSES must agree with the algebra
        assert all((model.moment_arms[muscle][j] == 0) == (j not in CROSSES[muscle])
                   for j in JOINTS), muscle
    pelvis, hip = model.frames["pelvis"], model.points["hip"]
    drawn = dict.fromkeys([s.name for s in SITES.values() if s.element in ("joint", "landmark")]
                          + [name for path in PATHS.values() for name in path])
    geometry = {}
    for name in drawn:
        position = model.points[name].pos_from(hip)
        geometry[name, "x"], geometry[name, "y"] = position.dot(pelvis.x), position.dot(pelvis.y)
    for muscle, wraps in model.wraps.items():
        for w in wraps:
            for end in ("start", "end"):
                geometry[muscle, w.site, end, "x"] = getattr(w, end).dot(pelvis.x)
                geometry[muscle, w.site, end, "y"] = getattr(w, end).dot(pelvis.y)
            geometry[muscle, w.site, "phi"] = w.phi
    return {
        "lengths": (model.lengths, "Muscle-tendon lengths (m)."),
        "lengths_and_moment_arms": (  # grouped by muscle, so that rows are freed early
            {key: value for m in MUSCLES for key, value in
             [(m, model.lengths[m])] + [(k, arms[k]) for k in arms if k[0] == m]},
            "Lengths and moment arms (m, r = -dL/dq)."),
        "geometry": (geometry, "Pelvis-frame x, y (m) of the points and tangent points; "
                               "wrap angles (rad)."),
    }



def _check_muscle(muscle: str) -> str:
    if muscle not in PATHS:
        raise ValueError(f"unknown muscle {muscle!r}; choose from {', '.join(MUSCLES)}")
    return muscle


# --------------------------------------------------------------------------
# Numbers (numpy code generated from the symbolic model)
# --------------------------------------------------------------------------

_CHUNK = 16384  # poses per call of the generated code: its scratch rows stay in cache
_THREADS = os.cpu_count() or 1  # threads sharing the chunks of a large call


@functools.cache
def _generated():
    """The generated module; if it is missing or stale, a sympy fallback built in memory."""
    try:
        from . import _leg_generated as generated  # here, not at the top: it may be missing
    except ImportError:
        generated = None
    if generated is None or generated.DATA_HASH != data_hash():
        warnings.warn("hamstrings/_leg_generated.py is missing or older than the leg CSV files; "
                      "using sympy.lambdify in memory (slower; run "
                      "`python -m hamstrings._leg_codegen` to update)", stacklevel=3)
        generated = _lambdified()
    return generated


def _lambdified():
    """Stand-in for the generated module: the same functions from ``sympy.lambdify``.

    Used only when the CSV files no longer match ``_leg_generated.py``; the
    same expressions (:func:`generated_outputs`), lambdified with ``cse=True``.
    """
    sm, _ = _sympy()

    model = symbolic_model()
    q = list(model.angles.values())
    constants = {k: sm.Float(v) for k, v in model.constants.items()}
    module = types.SimpleNamespace(DATA_HASH=data_hash(), OUTPUTS={}, SCRATCH={})
    for name, (outputs, _) in generated_outputs().items():
        exprs = [e.xreplace(constants) for e in outputs.values()]
        vector = sm.lambdify(q, exprs, "numpy", cse=True)

        def array(q_hip, q_knee, q_ankle, out, w, b, vector=vector):
            for row, value in zip(out, vector(q_hip, q_knee, q_ankle)):
                row[...] = value

        def scalar(q_hip, q_knee, q_ankle, vector=vector):
            return tuple(float(v) for v in vector(q_hip, q_knee, q_ankle))

        module.OUTPUTS[name], module.SCRATCH[name] = tuple(outputs), (0, 0)
        setattr(module, name, array)
        setattr(module, f"{name}_scalar", scalar)
    return module


@functools.cache
def _pool(threads: int) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=threads, thread_name_prefix="hamstrings.leg")


def _angles(hip, knee, ankle) -> tuple:
    """Validated angles: (broadcast shape, flat float arrays in radians)."""
    values = {joint: validate.joint_angles(value, joint)
              for joint, value in zip(JOINTS, (hip, knee, ankle))}
    try:
        shape = np.broadcast_shapes(*(a.shape for a in values.values()))
    except ValueError:
        shapes = ", ".join(f"{j} {a.shape}" for j, a in values.items())
        raise ValueError(f"hip, knee and ankle must broadcast together (got {shapes})") from None
    return shape, [np.radians(np.broadcast_to(a, shape)).ravel() for a in values.values()]


_scratch = threading.local()  # per thread: scratch rows of each generated function


def _evaluate(name: str, q: list) -> dict:
    """Outputs of the generated function ``name`` for all poses (flat angles in rad).

    Poses go in chunks of ``_CHUNK`` over a thread pool (numpy releases the
    GIL); each thread keeps its own scratch rows, so nothing is allocated
    but the result.
    """
    generated = _generated()
    function, names = getattr(generated, name), generated.OUTPUTS[name]
    n = q[0].size
    out = np.empty((len(names), n))

    def run(start):
        stop = min(start + _CHUNK, n)
        rows = _scratch.__dict__.setdefault("rows", {})  # generated function -> (w, b)
        w, b = rows.get(function, (None, None))
        if w is None or w.shape[1] < stop - start:
            n_float, n_bool = generated.SCRATCH[name]
            w, b = rows[function] = np.empty((n_float, _CHUNK)), np.empty((n_bool, _CHUNK), bool)
        m = stop - start
        function(*(a[start:stop] for a in q), out[:, start:stop], w[:, :m], b[:, :m])

    starts = range(0, n, _CHUNK)
    if _THREADS > 1 and len(starts) > 1:
        list(_pool(_THREADS).map(run, starts))
    else:
        list(map(run, starts))
    return dict(zip(names, out))


def _shaped(row: np.ndarray, shape: tuple):
    """Row reshaped to the broadcast shape; a numpy float64 for scalar input."""
    return row.reshape(shape) if shape else np.float64(row[0])


# One pose: plain-Python code generated from the same expressions, no arrays.
_SCALAR_TYPES = frozenset({float, int, np.float64, np.float32, np.int64, np.int32})
_RADIANS = math.pi / 180  # what numpy.radians multiplies by
_ZERO = np.float64(0.0)
(_HIP_LO, _HIP_HI), (_KNEE_LO, _KNEE_HI), (_ANKLE_LO, _ANKLE_HI) = (
    map(float, JOINT_LIMITS[j]) for j in JOINTS)


def _is_scalar(hip, knee, ankle) -> bool:
    """Whether all three angles are plain numbers (not arrays): the one-pose path."""
    return (type(hip) in _SCALAR_TYPES and type(knee) in _SCALAR_TYPES
            and type(ankle) in _SCALAR_TYPES)


def _scalar_radians(hip, knee, ankle) -> tuple:
    """Validated scalar angles in radians; the same errors as :func:`_angles`."""
    hip, knee, ankle = float(hip), float(knee), float(ankle)
    if not (_HIP_LO <= hip <= _HIP_HI and _KNEE_LO <= knee <= _KNEE_HI
            and _ANKLE_LO <= ankle <= _ANKLE_HI):  # also catches NaN
        for joint, value in zip(JOINTS, (hip, knee, ankle)):
            validate.joint_angles(value, joint)
    return hip * _RADIANS, knee * _RADIANS, ankle * _RADIANS


def _layout(generated) -> tuple:
    """Where each value sits in the tuple of ``lengths_and_moment_arms_scalar``:
    ((muscle, index), ...) and ((muscle, ((joint, index or None), ...)), ...).
    Kept on the generated module (or its stand-in) once worked out."""
    layout = getattr(generated, "LAYOUT", None)
    if layout is None:
        index = {key: i for i, key in enumerate(generated.OUTPUTS["lengths_and_moment_arms"])}
        lengths = tuple((m, index[m]) for m in MUSCLES)
        arms = tuple((m, tuple((j, index.get((m, j))) for j in JOINTS)) for m in MUSCLES)
        layout = generated.LAYOUT = lengths, arms
    return layout


def _scalar_lengths_and_arms(q: tuple) -> tuple:
    generated = _generated()
    values = list(map(np.float64, generated.lengths_and_moment_arms_scalar(*q)))
    lengths, arms = _layout(generated)
    return ({m: values[i] for m, i in lengths},
            {m: {j: _ZERO if i is None else values[i] for j, i in joints} for m, joints in arms})


def muscle_lengths(hip=0.0, knee=0.0, ankle=0.0) -> dict:
    """Muscle-tendon lengths (m) at the given joint angles (degrees).

    Angles broadcast together like numpy arrays; each value has their
    broadcast shape (a numpy float64 when all angles are scalars: then
    plain-Python code generated from the same expressions runs, in a few
    microseconds). Raises ValueError for NaN, infinite or out-of-range angles
    (see ``JOINT_LIMITS``) and for shapes that do not broadcast.
    Geometry: Delp et al. 1990; Rajagopal et al. 2016.

    >>> round(float(muscle_lengths(0, 0, 0)["soleus"]), 4)
    0.2914
    """
    if _is_scalar(hip, knee, ankle):
        values = _generated().lengths_scalar(*_scalar_radians(hip, knee, ankle))
        return dict(zip(MUSCLES, map(np.float64, values)))
    shape, q = _angles(hip, knee, ankle)
    values = _evaluate("lengths", q)
    return {muscle: _shaped(values[muscle], shape) for muscle in MUSCLES}


def lengths_and_moment_arms(hip=0.0, knee=0.0, ankle=0.0) -> tuple:
    """Lengths and moment arms in one pass: ``(muscle_lengths(...), moment_arms(...))``.

    Cheaper than the two calls, as the moment arms share the lengths'
    subexpressions. Same arguments, shapes and errors as :func:`muscle_lengths`;
    for one pose (scalar angles) it takes some tens of microseconds.

    >>> lengths, arms = lengths_and_moment_arms(30, 45, 0)
    >>> round(float(arms["semitendinosus"]["knee"]), 4) > 0  # a knee flexor
    True
    """
    if _is_scalar(hip, knee, ankle):
        return _scalar_lengths_and_arms(_scalar_radians(hip, knee, ankle))
    shape, q = _angles(hip, knee, ankle)
    values = _evaluate("lengths_and_moment_arms", q)
    lengths = {muscle: _shaped(values[muscle], shape) for muscle in MUSCLES}
    arms = {muscle: {joint: _shaped(values[muscle, joint], shape) if joint in CROSSES[muscle]
                     else (np.zeros(shape) if shape else np.float64(0.0))
                     for joint in JOINTS} for muscle in MUSCLES}
    return lengths, arms


@functools.cache
def _array_layout(muscles: tuple) -> tuple:
    """The muscles checked, and where their values sit in ``lengths_and_moment_arms_scalar``'s
    tuple with a 0.0 appended (the moment arm at a joint a muscle does not cross):
    (lengths (K,), arms (K, 3)) indices."""
    for m in muscles:
        _check_muscle(m)
    index = {key: i for i, key in enumerate(_generated().OUTPUTS["lengths_and_moment_arms"])}
    zero = len(index)
    return (np.array([index[m] for m in muscles]),
            np.array([[index.get((m, j), zero) for j in JOINTS] for m in muscles]))


def muscle_arrays(muscles, hip=0.0, knee=0.0, ankle=0.0) -> tuple:
    """Lengths and moment arms of some muscles as arrays: ``(L, r)``, rows in the order of ``muscles``.

    The values of :func:`lengths_and_moment_arms` for callers that compute
    with all their muscles at once: ``L`` (m) has shape (K, *pose shape*)
    and ``r`` (m, flexor +) shape (K, 3, *pose shape*), its middle axis in
    the order of :data:`JOINTS` (0 at a joint the muscle does not cross).
    For one pose (all angles numbers) this is the fast path of ODE
    right-hand sides and root finders: no dictionaries are built. Raises
    ValueError for an unknown muscle, and as :func:`muscle_lengths` for the
    angles.

    >>> L, r = muscle_arrays(("semimembranosus", "soleus"), 30, 45, 0)
    >>> L.shape, r.shape, float(r[1, 0])  # soleus has no hip moment arm
    ((2,), (2, 3), 0.0)
    """
    muscles = tuple(muscles)
    at_lengths, at_arms = _array_layout(muscles)
    if _is_scalar(hip, knee, ankle):
        q = _scalar_radians(hip, knee, ankle)
        values = np.array((*_generated().lengths_and_moment_arms_scalar(*q), 0.0))
        return values[at_lengths], values[at_arms]
    lengths, arms = lengths_and_moment_arms(hip, knee, ankle)
    return (np.array([lengths[m] for m in muscles]),
            np.array([[arms[m][j] for j in JOINTS] for m in muscles]))


@functools.cache
def standing_lengths() -> MappingProxyType:
    """Muscle-tendon lengths (m, floats) in upright standing (all angles 0), by muscle; cached.

    The reference every "per cent of standing" and every tendon slack length
    of :mod:`hamstrings.muscle` is measured from.

    >>> round(standing_lengths()["soleus"], 4)
    0.2914
    """
    return MappingProxyType({m: float(v) for m, v in muscle_lengths(0.0, 0.0, 0.0).items()})


def moment_arms(hip=0.0, knee=0.0, ankle=0.0) -> dict:
    """Moment arms (m), muscle -> {"hip", "knee", "ankle"} -> value.

    r = -dL/dq (q in radians): positive = flexor at hip and knee, dorsiflexor
    at the ankle; zeros (of the broadcast shape) at joints the muscle does not
    cross. Angles in degrees, broadcasting and errors as in
    :func:`muscle_lengths`. Derived by differentiating the symbolic lengths
    (see :func:`symbolic_moment_arms`). Geometry: Delp et al. 1990;
    Rajagopal et al. 2016.

    >>> round(float(moment_arms(0, 0, 0)["rectus_femoris"]["hip"]), 4)
    0.0408
    """
    return lengths_and_moment_arms(hip, knee, ankle)[1]


def pose(hip: float = 0.0, knee: float = 0.0, ankle: float = 0.0, *, arc_step: float = 5.0) -> dict:
    """Points to draw the leg at one pose (scalar angles, degrees), pelvis frame, metres.

    Returns a dict with
    ``"joints"``: name -> array (x, y) of the hip, knee, ankle, heel and toe;
    ``"paths"``: muscle -> array (n, 2), origin to insertion, arcs on the
    circles sampled every ``arc_step`` degrees or less (skipped if lifted off);
    ``"circles"``: circle site -> (x, y, radius);
    ``"wraps"``: muscle -> {circle site: wrap angle, degrees; <= 0 = lifted off}.
    Paths are drawn in the sagittal plane (z offsets dropped). Raises
    ValueError for invalid angles, as :func:`muscle_lengths` does.
    """
    if _is_scalar(hip, knee, ankle):
        q = _scalar_radians(hip, knee, ankle)
    else:
        shape, q = _angles(hip, knee, ankle)
        if shape:
            raise ValueError(f"pose needs scalar angles (got shape {shape})")
        q = tuple(float(a[0]) for a in q)
    generated = _generated()
    g = dict(zip(generated.OUTPUTS["geometry"], generated.geometry_scalar(*q)))

    def xy(*key):
        return np.array([g[(*key, "x")], g[(*key, "y")]])

    def arc(muscle, site):
        centre, phi = xy(site), g[muscle, site, "phi"]
        if phi <= 0:
            return []
        steps = max(1, int(np.ceil(np.degrees(phi) / arc_step)))
        turn = SITES[site].sense * np.linspace(0, phi, steps + 1)
        rx, ry = xy(muscle, site, "start") - centre
        return list(centre + np.column_stack([rx * np.cos(turn) - ry * np.sin(turn),
                                              rx * np.sin(turn) + ry * np.cos(turn)]))

    return {
        "joints": {s.name: xy(s.name) for s in SITES.values()
                   if s.element in ("joint", "landmark")},
        "paths": {muscle: np.array([p for name in path for p in
                                    (arc(muscle, name) if SITES[name].radius else [xy(name)])])
                  for muscle, path in PATHS.items()},
        "circles": {s.name: (*map(float, xy(s.name)), s.radius)
                    for s in SITES.values() if s.radius},
        "wraps": {muscle: {name: math.degrees(g[muscle, name, "phi"]) for name in path
                           if SITES[name].radius} for muscle, path in PATHS.items()
                  if any(SITES[name].radius for name in path)},
    }
