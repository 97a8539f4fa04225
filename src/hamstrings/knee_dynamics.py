r"""Forward dynamics of the shank and foot swinging about the knee, the thigh held still.

Explanation
===========

One rigid body, the shank with the foot (:func:`hamstrings.body.shank_foot`,
Winter 2009), turns about the knee pin of a thigh that is held at a fixed hip
angle and body orientation: a seated knee extension, or a leg swinging below
a still thigh. Its one degree of freedom is the knee angle $q$ (radians,
flexion +) with speed $u = \dot q$.

The equation of motion is derived with ``sympy.physics.mechanics``
(:func:`equations`): reference frames for the world, the held thigh (turned
by the body orientation plus the hip angle) and the shank (turned by $-q$
from the thigh), the body's centre of mass and inertia, and two loads:
gravity at the centre of mass and a knee torque $T - b u$ on the shank
($T$: the muscles' torque, flexion +; $b$: viscous damping, 0 unless asked
for). Kane's method gives $M(q)\,\dot u = F(q, u, T)$; it is solved for
$\dot u$. The simulation runs the code ``sympy.lambdify`` prints for that
$\dot u$ and for the energy (:func:`angular_acceleration`,
:func:`mechanical_energy`), copied into this module so that no simulation
derives or lambdifies anything at run time; a test checks that they give the
derivation's numbers exactly.

The muscles are the three groups of :mod:`hamstrings.antagonist`, with the
same forces (active force with force-length and force-velocity, rigid tendon;
passive force from the relaxed muscle's elastic-tendon equilibrium). Each
group has an activation state driven by an excitation through De Groote et
al.'s (2016) first-order activation dynamics
(``FirstOrderActivationDeGroote2016``: time constants 15 ms to activate, 60
ms to relax). Excitations are functions of time (:class:`Burst` for a
rectangular burst). The state $(q, u, a_q, a_h, a_g)$ is integrated with
:func:`scipy.integrate.solve_ivp`.

With the muscles and the damping removed, the model is a rigid pendulum and
its mechanical energy (:func:`Simulation.energy`) must stay constant: a check
of the derivation and the integration.

The knee's range in the leg model is -10 to 160 degrees; the muscle model is
not defined outside it, so with muscles on, a simulation that leaves the range
stops there (``Simulation.status`` says so). The knee has no joint limit
torques: a motion that would hit the end of the range in life is stopped by
ligaments and bone, which this model does not have.

References
==========

Kane TR, Levinson DA (1985) [kane1985] and Moore JK (2022) [moore2022] on Kane's method;
De Groote F et al. (2016) [degroote2016]; Winter DA (2009) [winter2009].
"""

from __future__ import annotations

import functools
import math
from typing import Callable, NamedTuple

import numpy as np
from numpy import cos as np_cos
from numpy import sin as np_sin

from . import antagonist, validate
from .body import STANDARD_GRAVITY, body_angle, shank_foot

__all__ = [
    "Burst", "Pattern", "Equations", "equations", "Simulation", "simulate", "BURST_STEP", "SEATED_KICK",
    "LEG_SWING",
    "activation_rate", "angular_acceleration", "mechanical_energy",
]


class _BurstFields(NamedTuple):
    start: float
    duration: float
    level: float


class Burst(_BurstFields):
    """A rectangular burst of excitation: ``level`` from ``start`` for ``duration`` seconds.

    Calling it with a time (s) gives the excitation then; ``Burst(0, inf, x)``
    is a constant. All three are checked when a burst is made: start >= 0 s,
    duration > 0 s (infinite allowed), level in [0, 1]; ValueError names the field.
    """

    __slots__ = ()

    def __new__(cls, start, duration, level):
        start = validate.non_negative(start, "start", "s")
        try:
            duration = float(duration)  # may be infinite: a constant from ``start`` on
        except (TypeError, ValueError):
            raise ValueError(f"duration must be a number of seconds; got {duration!r}") from None
        if not duration > 0:  # also NaN
            raise ValueError(f"duration must be > 0 s; got {duration!r}")
        return super().__new__(cls, start, duration, validate.fraction(level, "level"))

    def __call__(self, t: float) -> float:
        return self.level if self.start <= t < self.start + self.duration else 0.0

    @classmethod
    def checked(cls, start, duration, level) -> "Burst":
        """The same as ``Burst(start, duration, level)`` (every burst is checked)."""
        return cls(start, duration, level)


class Pattern(tuple):
    """Several bursts of one muscle group, added: ``Pattern((Burst(...), Burst(...)))``.

    Calling it with a time (s) gives the summed excitation; the sum must stay
    in [0, 1] (checked when the simulation runs).
    """

    def __new__(cls, bursts):
        bursts = tuple(bursts)
        for b in bursts:
            if not isinstance(b, Burst):
                raise ValueError(f"a Pattern holds Burst objects; got {b!r}")
        return super().__new__(cls, bursts)

    def __call__(self, t: float) -> float:
        return sum(b(t) for b in self)


#: Seated knee extension ("kick"), sitting upright with the hip at 90 degrees: a quadriceps
#: burst straightens the knee, a hamstring burst that starts while the knee is still
#: straightening brakes it, then a light co-contraction of both groups settles the swing (the
#: model has no joint friction to do it). Illustrative timings and levels chosen for this book
#: so that the kick stays inside the knee's range; not measured. (With the passive curves made
#: consistent, the relaxed quadriceps no longer stop a backswing by themselves: the
#: co-contraction starts as the bursts end, at 0.3 s, and the brake is 0.4.)
SEATED_KICK = {
    "start": {"knee": 90.0, "hip": 90.0, "body": "upright"},
    "excitations": {
        "quadriceps": Pattern((Burst(0.10, 0.20, 0.40), Burst(0.30, math.inf, 0.10))),
        "hamstrings": Pattern((Burst(0.15, 0.15, 0.40), Burst(0.30, math.inf, 0.10))),
    },
    "t_end": 2.0,
}

#: A bare leg swing: standing on the other leg, the thigh held vertical, the shank let go from
#: 60 degrees of knee flexion with the muscles removed (a rigid pendulum, the energy check).
#: An illustrative starting angle, not measured.
LEG_SWING = {
    "start": {"knee": 60.0, "hip": 0.0, "body": "upright"},
    "excitations": {},
    "muscles": False,
    "t_end": 5.0,
}


class Equations(NamedTuple):
    """The derived equation of motion and energy, symbolic and lambdified.

    ``symbols``: name -> sympy symbol (``q``, ``u``, ``T``, ``b``, ``m``,
    ``I``, ``cx``, ``cy``, ``g``, ``phi``); ``mass_matrix`` and ``forcing``:
    Kane's $M$ and $F$ (1 x 1); ``udot``: $F/M$; ``energy``: kinetic plus
    potential energy (zero of potential at the knee's height).
    ``udot_f(q, u, T, b, m, I, cx, cy, g, phi)`` and
    ``energy_f(q, u, m, I, cx, cy, g, phi)``: the same as code,
    :func:`angular_acceleration` and :func:`mechanical_energy` (nothing is
    lambdified at run time; the tests lambdify the derivation and compare).
    """

    symbols: dict
    mass_matrix: object
    forcing: object
    udot: object
    energy: object
    udot_f: Callable
    energy_f: Callable


@functools.cache
def equations() -> Equations:
    """Derive the shank-foot's equation of motion with Kane's method (cached; imports SymPy).

    The simulation does not call this: it runs :func:`angular_acceleration`
    and :func:`mechanical_energy`, the same expressions as code.
    """
    # deferred: SymPy takes about 1 s to import and the derivation about 1 s more; only
    # readers of the derivation (the chapter, the tests) need them
    import sympy as sp
    import sympy.physics.mechanics as me

    q, u = me.dynamicsymbols("q u")
    T = me.dynamicsymbols("T")
    b, m, I, cx, cy, g, phi = sp.symbols("b m I c_x c_y g phi", real=True)

    world = me.ReferenceFrame("N")
    thigh = world.orientnew("A", "Axis", (phi, world.z))   # held: body tilt plus hip angle
    shank = thigh.orientnew("S", "Axis", (-q, thigh.z))    # knee flexion turns the shank back
    shank.set_ang_vel(world, -u * world.z)

    knee = me.Point("K")
    knee.set_vel(world, 0)
    com = knee.locatenew("G", cx * shank.x + cy * shank.y)
    com.v2pt_theory(knee, world, shank)

    body = me.RigidBody("shank_foot", com, shank, m, (me.inertia(shank, 0, 0, I), com))
    loads = [(com, -m * g * world.y), (shank, -(T - b * u) * shank.z)]
    kane = me.KanesMethod(world, q_ind=[q], u_ind=[u], kd_eqs=[q.diff() - u])
    kane.kanes_equations([body], loads)
    M, F = kane.mass_matrix, kane.forcing
    udot = sp.simplify(F[0] / M[0])
    energy = body.kinetic_energy(world) + m * g * com.pos_from(knee).dot(world.y)

    qs, us, Ts = sp.symbols("q u T")
    subs = {q: qs, u: us, T: Ts}
    udot_s, energy_s = udot.xreplace(subs), energy.xreplace(subs)
    symbols = {"q": qs, "u": us, "T": Ts, "b": b, "m": m, "I": I, "cx": cx, "cy": cy, "g": g,
               "phi": phi}
    return Equations(symbols, M.xreplace(subs), F.xreplace(subs), udot_s, energy_s,
                     angular_acceleration, mechanical_energy)


def angular_acceleration(q, u, T, b, m, I, c_x, c_y, g, phi):
    r"""$\dot u$ (rad/s^2) of the derived equation of motion, :func:`equations` ``.udot``.

    ``q``, ``u``: knee angle (rad) and speed (rad/s), flexion +; ``T``: muscle
    torque (N m); ``b``: damping (N m s/rad); ``m``, ``I``, ``c_x``, ``c_y``:
    mass (kg), inertia about the centre of mass (kg m^2) and centre of mass
    (m, shank frame) of :func:`hamstrings.body.shank_foot`; ``g`` (m/s^2);
    ``phi``: the thigh's angle (rad, body orientation plus hip). Plain floats
    (``math``): the code ``sympy.lambdify(..., "math")`` prints for it.
    """
    return (T - b*u + c_x*g*m*math.cos(phi - q) - c_y*g*m*math.sin(phi - q))/(I + m*(c_x**2 + c_y**2))


def mechanical_energy(q, u, m, I, c_x, c_y, g, phi):
    """Kinetic plus gravitational energy (J) of the shank-foot, :func:`equations` ``.energy``.

    Arguments as in :func:`angular_acceleration`; arrays too (the code
    ``sympy.lambdify(..., "numpy")`` prints for it). Zero of potential energy
    at the knee's height.
    """
    cos, sin = np_cos, np_sin
    return ((1/2)*I*u**2 + g*m*(c_x*(sin(phi)*cos(q) - sin(q)*cos(phi)) + c_y*(sin(phi)*sin(q)
            + cos(phi)*cos(q))) + (1/2)*m*(c_x**2*u**2 + c_y**2*u**2))


def _activation_rate(e: float, a: float) -> float:
    """De Groote et al.'s (2016) da/dt with its published constants: the code ``sympy.lambdify``
    prints for ``FirstOrderActivationDeGroote2016.with_defaults(...).rhs()`` (the same for every
    group; tests/test_dynamics.py checks it against SymPy)."""
    tanh = math.tanh
    return (-a + e)*((1/2 - 1/2*tanh(10.0*a - 10.0*e))/(0.0225*a + 0.0075) + 16.6666666666667*((3/2)*a
            + 1/2)*((1/2)*tanh(10.0*a - 10.0*e) + 1/2))


def activation_rate(excitation: float, activation: float, group: str = "quadriceps") -> float:
    """da/dt (1/s) of De Groote et al.'s (2016) activation dynamics for one group.

    Time constants 15 ms (activation) and 60 ms (deactivation), the same for
    every group (SymPy's ``FirstOrderActivationDeGroote2016.with_defaults``).

    >>> round(activation_rate(1.0, 0.0), 1)  # switching on from rest: 1/(0.5 * 15 ms)
    133.3
    """
    validate.choice(group, "group", tuple(antagonist.GROUPS))
    return _activation_rate(validate.fraction(excitation, "excitation"),
                            validate.number(activation, "activation"))


class Simulation(NamedTuple):
    """A simulated motion (SI units inside, degrees for angles).

    ``t`` (s); ``knee`` (deg, flexion +); ``knee_velocity`` (deg/s);
    ``activations`` and ``excitations``: group -> array; ``muscle_torque``
    and ``gravity_torque``: knee torques, N m (flexion +); ``energy``: kinetic
    plus gravitational energy of the shank-foot, J; ``status``: "completed" or
    why it stopped; ``settings``: the arguments used.
    """

    t: np.ndarray
    knee: np.ndarray
    knee_velocity: np.ndarray
    activations: dict
    excitations: dict
    muscle_torque: np.ndarray
    gravity_torque: np.ndarray
    energy: np.ndarray
    status: str
    settings: dict


def _excitation(value, group: str):
    if isinstance(value, (list, tuple)) and not isinstance(value, Burst):
        return Pattern(value)
    if callable(value):
        return value
    return Burst(0.0, math.inf, validate.fraction(value, f"excitations[{group!r}]"))


_KNEE_LO, _KNEE_HI = antagonist.KNEE_RANGE

BURST_STEP = 0.005
"""The longest step (s) :func:`simulate` takes when an excitation changes with time: short
enough that the solver cannot step over a burst of a few hundredths of a second."""


def _muscle_torque(knee: float, u: float, acts, hip: float, ankle: float) -> float:
    """Muscles' knee torque (N m) at knee angle (deg) and speed u (rad/s, flexion +);
    ``acts``: the three groups' activations, each in [0, 1].

    The knee is held inside its range: the ODE solver may step a hair past the end before
    its stopping event fires.
    """
    knee = min(max(float(knee), _KNEE_LO), _KNEE_HI)
    L, rk, _ = antagonist.knee_geometry(float(hip), knee, float(ankle))
    active, passive = antagonist.forces_at_lengths(L, acts, -rk * u)
    return float((active + passive) @ rk)


def simulate(excitations=None, *, t_end: float = 2.0, knee: float = 90.0,
             knee_velocity: float = 0.0, hip: float = 90.0, body="upright", ankle: float = 0.0,
             activations=None, damping: float = 0.0, muscles: bool = True,
             inhibition_gain: float = 0.0, body_mass=None, n_out: int = 201,
             method: str = "RK45", rtol: float = 1e-8, atol: float = 1e-10,
             max_step: float | None = None) -> Simulation:
    """Simulate the shank-foot swinging about the knee below a held thigh.

    Parameters
    ==========

    excitations : dict, optional
        Group (``"quadriceps"``, ``"hamstrings"``, ``"gastrocnemius"``) ->
        excitation: a number in [0, 1] or a function of time (s) returning
        one (e.g. :class:`Burst`, or a :class:`Pattern` or list of bursts,
        which add). Missing groups: 0. Reciprocal inhibition
        (``inhibition_gain``) lowers the hamstring excitation by the gain
        times the quadriceps excitation.
    t_end : float
        Duration, s (> 0).
    knee, knee_velocity : float
        Initial knee angle (deg) and speed (deg/s), flexion +.
    hip, body, ankle
        The held thigh and foot: hip angle (deg), body orientation
        (:func:`hamstrings.body.body_angle`), ankle angle (deg).
    activations : dict, optional
        Initial activations per group (default: the excitations at t = 0).
    damping : float
        Viscous knee damping, N m s/rad (>= 0; default 0: none).
    muscles : bool
        False removes the muscles (a bare pendulum).
    n_out : int
        Number of evenly spaced output times.
    method, rtol, atol, max_step
        Passed to :func:`scipy.integrate.solve_ivp`. ``max_step`` (s, > 0)
        keeps the solver from stepping over a short burst; by default
        :data:`BURST_STEP` when any excitation is a function of time, and no
        limit when all are numbers (then nothing changes suddenly, and
        ``rtol`` and ``atol`` alone set the steps).
    """
    # deferred: scipy.integrate takes about 0.3 s to import; Burst, Pattern, activation_rate and the
    # equation's code do not need it
    from scipy.integrate import solve_ivp

    t_end = validate.positive(t_end, "t_end", "s")
    knee = validate.joint_angle(knee, "knee") if muscles else validate.number(knee, "knee")
    u0 = math.radians(validate.number(knee_velocity, "knee_velocity", "deg/s"))
    hip = validate.joint_angle(hip, "hip")
    ankle = validate.joint_angle(ankle, "ankle")
    phi = math.radians(body_angle(body) + hip)
    damping = validate.non_negative(damping, "damping", "N m s/rad")
    gain = validate.fraction(inhibition_gain, "inhibition_gain")
    n_out = validate.integer(n_out, "n_out", 2)
    excitations = dict(excitations or {})
    for group in excitations:
        validate.choice(group, "excitations key", tuple(antagonist.GROUPS))
    drive = [_excitation(excitations.get(g, 0.0), g) for g in antagonist.GROUPS]
    if max_step is None:
        constant = all(isinstance(excitations.get(g, 0.0), (int, float)) for g in antagonist.GROUPS)
        max_step = math.inf if constant else BURST_STEP
    else:
        max_step = validate.positive(max_step, "max_step", "s")
    if activations is None:
        a0 = [validate.fraction(f(0.0), f"excitations[{g!r}] at t = 0")
              for f, g in zip(drive, antagonist.GROUPS)]
    else:
        for group in activations:
            validate.choice(group, "activations key", tuple(antagonist.GROUPS))
        a0 = [validate.fraction(activations.get(g, 0.0), f"activations[{g!r}]")
              for g in antagonist.GROUPS]

    sf = shank_foot(body_mass, ankle)
    params = (sf.mass, sf.inertia, sf.com[0], sf.com[1], STANDARD_GRAVITY, phi)
    lo, hi = antagonist.KNEE_RANGE

    def neural(t):
        e = [f(t) for f in drive]
        for value, g in zip(e, antagonist.GROUPS):
            if not 0.0 <= value <= 1.0:  # also NaN
                raise ValueError(f"excitations[{g!r}] must stay in [0, 1]; got {value!r} at t = {t} s")
        e[1] = max(0.0, e[1] - gain * e[0])
        return e

    def rhs(t, y):
        q, u, *a = y.tolist()  # plain floats: math is faster than numpy on a few numbers
        torque = (_muscle_torque(math.degrees(q), u, [min(max(ai, 0.0), 1.0) for ai in a], hip, ankle)
                  if muscles else 0.0)
        e = neural(t)
        return [u, angular_acceleration(q, u, torque, damping, *params),
                *(_activation_rate(ei, ai) for ei, ai in zip(e, a))]

    def leaves_range(t, y):
        return min(math.degrees(y[0]) - lo, hi - math.degrees(y[0]))

    leaves_range.terminal = True
    leaves_range.direction = -1

    t_eval = np.linspace(0.0, t_end, n_out)
    sol = solve_ivp(rhs, (0.0, t_end), [math.radians(knee), u0, *a0], method=method,
                    t_eval=t_eval, rtol=rtol, atol=atol, max_step=max_step,
                    events=leaves_range if muscles else None)
    if sol.status == -1:
        raise RuntimeError(f"the integration failed: {sol.message}")
    status = "completed"
    if sol.status == 1:
        status = f"stopped at t = {sol.t_events[0][0]:.3f} s: the knee left its range ({lo}..{hi} degrees)"
    q, u = sol.y[0], sol.y[1]
    acts = np.clip(sol.y[2:], 0.0, 1.0)
    knee_deg = np.degrees(q)
    torque = np.array([_muscle_torque(k, v, a, hip, ankle) if muscles else 0.0
                       for k, v, a in zip(knee_deg, u, acts.T)])
    gravity = sf.knee_torque(phi - q)
    energy = np.asarray(mechanical_energy(q, u, *params), dtype=float) * np.ones_like(q)
    exc = np.array([neural(t) for t in sol.t]).T
    groups = list(antagonist.GROUPS)
    settings = {"t_end": t_end, "knee": knee, "knee_velocity": math.degrees(u0), "hip": hip,
                "body": body, "ankle": ankle, "damping": damping, "muscles": muscles,
                "inhibition_gain": gain, "body_mass": sf.body_mass, "method": method,
                "max_step": max_step}
    return Simulation(sol.t, knee_deg, np.degrees(u), dict(zip(groups, acts)),
                      dict(zip(groups, exc)), torque, gravity, energy, status, settings)
