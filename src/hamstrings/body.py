r"""The body model: segment masses, lengths and centres of mass, and gravity at the knee.

The leg's segments have the lengths of :mod:`hamstrings.leg` (its joint
centres and landmarks); their masses, centres of mass and radii of gyration
are Winter's (2009, Table 4.1) fractions of body mass and segment length
(``data/antagonist_segments.csv``). The default person's body mass is an
assumption (``data/person_default.csv``).

The shank and foot are one rigid body hinged at the knee pin
(:func:`shank_foot`). With the shank turned by $\psi$ from hanging straight
down in the world (:func:`shank_angle`: body orientation plus hip flexion
minus knee flexion) and its centre of mass at $(c_x, c_y)$ in the shank frame,
gravity's knee torque (flexion +) is

$$\tau_g = m g\,(c_x\cos\psi - c_y\sin\psi).$$

Every part that needs gravity at the knee (the statics of
:mod:`hamstrings.antagonist`, the dynamics of :mod:`hamstrings.knee_dynamics`)
takes it from here.

References: Winter DA (2009) [winter2009].

>>> sf = shank_foot()
>>> round(sf.mass, 2)  # kg, for the default 75 kg person
4.58
>>> round(float(gravity_torque(0.0, 0.0)), 2)  # upright, leg straight: the centre of mass is a hair forward
0.84
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import numpy as np

from . import leg, tables, validate

__all__ = [
    "STANDARD_GRAVITY", "BODY_ORIENTATIONS", "SEGMENTS", "Segment", "DEFAULT_PERSON",
    "ShankFoot", "body_angle", "shank_angle", "shank_foot", "gravity_torque",
]

#: Standard acceleration of gravity, m/s^2 (a defined constant: 3rd CGPM, 1901).
STANDARD_GRAVITY = 9.80665

#: Named body orientations: degrees the pelvis is tipped back from upright.
BODY_ORIENTATIONS = {"upright": 0.0, "supine": 90.0, "prone": -90.0}


class Segment(NamedTuple):
    """Winter's (2009) fractions for one segment: mass, centre of mass, radius of gyration.

    ``mass_fraction``: segment mass / body mass; ``com_fraction``: distance of
    the centre of mass from the ``start`` landmark / segment length;
    ``radius_of_gyration_fraction``: radius of gyration about the centre of
    mass / segment length. ``start`` and ``end`` name the landmarks of
    :data:`hamstrings.leg.SITES` the segment runs between.
    """

    mass_fraction: float
    com_fraction: float
    radius_of_gyration_fraction: float
    start: str
    end: str
    source: str


#: Segment name ("leg", "foot") -> :class:`Segment` (``data/antagonist_segments.csv``).
SEGMENTS = {
    row["segment"]: Segment(row["mass_fraction"], row["com_fraction"],
                            row["radius_of_gyration_fraction"], row["from"], row["to"], row["source"])
    for row in tables.read_table("antagonist_segments.csv")
}

#: The default person: ``body_mass`` (kg) and ``tolerated_torque`` (N m), from ``data/person_default.csv``.
DEFAULT_PERSON = {row["parameter"]: row["value"] for row in tables.read_table("person_default.csv")}


def body_angle(body) -> float:
    """Degrees the pelvis is tipped back from upright, for a name or a number.

    ``body`` is a key of :data:`BODY_ORIENTATIONS` (``"upright"``, ``"supine"``,
    ``"prone"``) or a number in [-180, 180] (90 = lying on the back).

    >>> body_angle("supine"), body_angle(30)
    (90.0, 30.0)
    """
    if isinstance(body, str):
        if body not in BODY_ORIENTATIONS:
            raise ValueError(f"body must be one of {', '.join(map(repr, BODY_ORIENTATIONS))} "
                             f"or an angle in [-180, 180] degrees; got {body!r}")
        return BODY_ORIENTATIONS[body]
    return validate.in_range(body, "body", -180.0, 180.0, "degrees")


def shank_angle(hip, knee, body="upright"):
    """The shank's angle to the world, degrees: body orientation + hip flexion - knee flexion.

    0 when the shank hangs along the trunk's axis in upright standing; arrays
    broadcast. Angles are not checked here (the callers check them).
    """
    return body_angle(body) + hip - knee


class ShankFoot(NamedTuple):
    """The shank-foot as one rigid body hinged at the knee pin (shank frame, SI units)."""

    mass: float        # kg
    com: tuple         # (x, y) of the centre of mass from the knee pin, m, shank frame
    inertia: float     # kg m^2 about the centre of mass, sagittal axis
    body_mass: float   # kg

    @property
    def weight(self) -> float:
        """m g, N (with :data:`STANDARD_GRAVITY`)."""
        return self.mass * STANDARD_GRAVITY

    def knee_torque(self, psi):
        r"""Gravity's knee torque (N m, flexion +) at shank angle ``psi`` (radians; arrays too).

        $m g (c_x \cos\psi - c_y \sin\psi)$, see the module docstring. Plain
        floats take the ``math`` path (one pose in a root finder or an ODE).
        """
        cx, cy = self.com
        if type(psi) is float:  # not numpy scalars: their arrays path gives the same numbers as before
            return self.weight * (cx * math.cos(psi) - cy * math.sin(psi))
        return self.weight * (cx * np.cos(psi) - cy * np.sin(psi))


@functools.lru_cache(maxsize=64)
def _shank_foot(body_mass: float, ankle: float) -> ShankFoot:
    sites = leg.SITES
    ankle_xy = np.array([sites["ankle"].x, sites["ankle"].y])     # shank frame, from the knee pin
    toe = np.array([sites["toe"].x, sites["toe"].y])              # foot frame, from the ankle
    c, s = math.cos(math.radians(ankle)), math.sin(math.radians(ankle))
    toe_xy = ankle_xy + np.array([c * toe[0] - s * toe[1], s * toe[0] + c * toe[1]])
    ends = {"knee": np.zeros(2), "ankle": ankle_xy, "toe": toe_xy}
    masses, coms, inertias = [], [], []
    for seg in (SEGMENTS["leg"], SEGMENTS["foot"]):
        start, end = ends[seg.start], ends[seg.end]
        length = float(np.hypot(*(end - start)))
        m = seg.mass_fraction * body_mass
        masses.append(m)
        coms.append(start + seg.com_fraction * (end - start))
        inertias.append(m * (seg.radius_of_gyration_fraction * length) ** 2)
    mass = sum(masses)
    com = sum(m * x for m, x in zip(masses, coms)) / mass
    inertia = sum(i + m * float(np.sum((x - com) ** 2)) for i, m, x in zip(inertias, masses, coms))
    return ShankFoot(mass, (float(com[0]), float(com[1])), inertia, body_mass)


def shank_foot(body_mass: float | None = None, ankle: float = 0.0) -> ShankFoot:
    """Mass, centre of mass and inertia of shank plus foot (Winter 2009, Table 4.1).

    Each segment's mass is its fraction of ``body_mass`` (kg, > 0; default:
    the default person's, an assumption); its centre of mass lies at its
    fraction of the way from the proximal landmark (knee pin, ankle) to the
    distal one (ankle, toe) of :mod:`hamstrings.leg`; its inertia is mass
    times (radius of gyration fraction times segment length) squared. The
    foot is turned by ``ankle`` (degrees, dorsiflexion +); the two are
    combined with the parallel-axis theorem. Cached per (body mass, ankle).
    """
    body_mass = validate.positive(DEFAULT_PERSON["body_mass"] if body_mass is None else body_mass,
                                  "body_mass", "kg")
    return _shank_foot(body_mass, validate.joint_angle(ankle, "ankle"))


def gravity_torque(hip, knee, *, ankle: float = 0.0, body="upright", body_mass=None):
    r"""Knee torque of gravity on the shank-foot, N m (flexion +).

    ``hip`` and ``knee`` in degrees (broadcast together, checked against
    :data:`hamstrings.leg.JOINT_LIMITS`); ``body`` as in :func:`body_angle`;
    ``ankle`` and ``body_mass`` as in :func:`shank_foot`. See the module
    docstring for the formula.
    """
    sf = shank_foot(body_mass, ankle)
    psi = np.radians(shank_angle(validate.joint_angles(hip, "hip"),
                                 validate.joint_angles(knee, "knee"), body))
    return sf.knee_torque(psi)
