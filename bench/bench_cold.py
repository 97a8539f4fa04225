"""Benchmark: import plus first call of every public function of every model layer.

``run()`` returns one dict per measurement (keys name, value, unit, target, note).

Target (issue 12, "Speed"): in a fresh interpreter, ``from hamstrings import <part>``
plus the first call of any public function of any part takes at most 0.5 s. Each
function of :data:`PARTS` (the names in its module's ``__all__`` that are
functions) runs in its own fresh interpreter, with the bytecode cache written (as
after ``pip install``). The value is the CPU time of that interpreter's main
thread, from its start to after the call (``time.thread_time``), best of
:data:`RUNS` runs: the time a reader waits on an idle machine. The note also
gives the wall time (from before the import to after the call; on a shared
machine it measures the other processes too) and the CPU time of the whole
process, which adds the BLAS worker threads that numpy and scipy start: they
spin on another core for a moment and do not delay the reader. The call is the one in
:data:`CALLS`, or ``f()`` for a function whose arguments all have defaults;
arguments that need another part (a stride for ``gait.muscles``) are made in the
timed code too, as a reader's first cell would.

Functions that are slow by design (fitting a calibration, symbolic algebra with
sympy, writing generated code) are in :data:`BY_DESIGN`: measured, reported
without a target, with the reason. The drawing modules (plots, explorers) are
not parts here: importing matplotlib alone takes about 0.3 s.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

from timing import QUICK

TARGET_S = 0.5
RUNS = 1 if QUICK else 3
SRC = Path(__file__).resolve().parents[1] / "src"

#: The model layers, bottom to top (the README's layout table).
PARTS = ("validate", "tables", "leg", "muscle", "body", "postures", "gait_events", "stride_kinds", "gait", "activity",
         "gait_answers", "running", "flexibility", "antagonist", "clinical", "knee_dynamics")

_SM = "'semimembranosus'"
_L = f"leg.standing_lengths()[{_SM}]"
_STRIDE = "gait.muscles(gait.stride())"


def _calls(imports: str, args: str, *keys: str) -> dict:
    """The same arguments for several functions: key -> (imports, "key(args)")."""
    return {key: (imports, f"{key}({args})") for key in keys}


#: "module.function" -> (imports, the first call). Imports: "; "-separated modules of hamstrings or
#: whole import statements. A function missing here is called as ``f()``.
CALLS = {
    **_calls("", "1.0, 'x'", "validate.number", "validate.positive", "validate.non_negative"),
    **_calls("", "0.5, 'x'", "validate.fraction"),
    **_calls("", "1.0, 'x', 0, 2", "validate.in_range"),
    **_calls("", "30, 'hip'", "validate.joint_angle"),
    **_calls("", "[30, 40], 'hip'", "validate.joint_angles"),
    **_calls("", "[0.1, 0.2], 'x', 0, 1", "validate.array_in_range"),
    **_calls("", "[1.0, 2.0], 'x'", "validate.positive_array"),
    **_calls("", "'a', 'x', ('a', 'b')", "validate.choice"),
    **_calls("", "24, 'x', 4, 200", "validate.integer"),
    **_calls("", "True, 'x'", "validate.flag"),
    **_calls("", "'postures.csv'", "tables.read_table", "tables.read_bytes"),
    **_calls("", "'postures.csv', 'name'", "tables.by_key", "tables.column"),
    "leg.muscle_arrays": ("", f"leg.muscle_arrays(({_SM}, 'soleus'), 30.0, 45.0, 0.0)"),
    **_calls("", "30.0, 45.0, 0.0", "leg.muscle_lengths", "leg.moment_arms", "leg.lengths_and_moment_arms",
             "leg.pose", "muscle.normalized_fiber_lengths", "muscle.passive_fiber_forces",
             "muscle.active_force_capacities"),
    **_calls("", _SM, "leg.symbolic_length", "leg.symbolic_moment_arms", "muscle.parameters",
             "muscle.tendon_slack_length", "muscle.activation_dynamics", "antagonist.translated_strains"),
    **_calls("leg", f"{_SM}, {_L}", "muscle.normalized_fiber_length", "muscle.pennation_angle",
             "muscle.passive_fiber_force", "muscle.active_force_capacity", "muscle.elastic_tendon_equilibrium",
             "antagonist.passive_force"),
    **_calls("leg", f"muscle.PARAMETERS[{_SM}], {_L}", "muscle.slack_for_standing"),
    **_calls("leg", f"({_SM},), {_L}, 0.5", "muscle.active_forces"),
    **_calls("", f"({_SM},)", "muscle.parameter_arrays"),
    "muscle.sympy_musculotendon": (
        "from sympy.physics.mechanics import LinearPathway, Point, ReferenceFrame",
        "o, i = Point('O'), Point('I'); i.set_pos(o, ReferenceFrame('N').x); "
        f"muscle.sympy_musculotendon({_SM}, LinearPathway(o, i))"),
    **_calls("", "'supine'", "body.body_angle", "antagonist.body_angle"),
    **_calls("", "90.0, 45.0", "body.shank_angle", "body.gravity_torque", "antagonist.gravity_torque",
             "antagonist.knee_geometry"),
    **_calls("", "'chair_sitting'", "postures.get", "postures.lengths", "postures.sitting_shortened"),
    **_calls("", "10.0", "postures.chair_hip"),
    **_calls("", "'backward'", "postures.walking"),
    **_calls("", "'walk_cadence'", "gait_events.value"),
    **_calls("", "50.0, 0.6", "gait_events.retime"),
    **_calls("", "0.6", "gait_events.coefficients"),
    "gait_events.fit": ("", "gait_events.fit([e for e in gait_events.EVENTS if e.joint == 'hip'], 0.6)"),
    **_calls("import numpy as np", "np.linspace(0, 100, 11), np.arange(11.0), 50.0, True",
             "gait_events.nearest_extremum"),
    "gait_events.evaluate": ("", "gait_events.evaluate(gait_events.coefficients(0.6)['hip'], 0.5)"),
    "stride_kinds.register_stride_kind": ("", "stride_kinds.register_stride_kind('again', print)"),
    **_calls("", "'sprint'", "stride_kinds.stride_kind"),
    "gait.register_stride_kind": ("", "gait.register_stride_kind('again', gait.STRIDE_KINDS['forward'].make)"),
    "gait.muscles": ("", _STRIDE),
    "gait.intervals": ("import numpy as np", "gait.intervals(np.linspace(0, 100, 11), np.arange(11) > 4)"),
    "activity.active": ("gait", "activity.active(gait.stride('backward'))"),
    **_calls("import numpy as np", "np.array([5.0, 50.0, 95.0]), 90.0, 10.0", "activity.in_window"),
    **_calls("", "90.0, 10.0", "activity.window_pieces"),
    "gait_answers.active_while_lengthening": (
        "gait", f"gait_answers.active_while_lengthening({_STRIDE}, {_SM}, 'rectus_femoris')"),
    "gait_answers.work_polarity": ("gait", f"gait_answers.work_polarity({_STRIDE}, 'rectus_femoris')"),
    "flexibility.exposure": ("", "flexibility.exposure(flexibility.HABITUAL)"),
    "flexibility.simulate": ("", "flexibility.simulate(flexibility.typical_day(backward_share=0.2, "
                                 "stretch_sessions_per_week=3, stretch_hold_s=60), 52, samples=40)"),
    **_calls("", "'walking_backward'", "flexibility.stretch_intensity", "flexibility.activity_tension"),
    **_calls("", "[0.0, 0.25], 12", "flexibility.dose_response"),
    **_calls("", "70.0", "flexibility.tolerance_for_slr"),
    **_calls("", "90.0, 45.0, quadriceps=0.5", "antagonist.muscle_forces", "antagonist.knee_torques",
             "antagonist.knee_state"),
    **_calls("", "90.0, 45.0, quadriceps=0.5, hamstrings=0.2", "antagonist.co_contraction_index"),
    **_calls("", "'hamstrings'", "antagonist.group_rows"),
    "antagonist.forces_at_lengths": ("", "antagonist.forces_at_lengths(antagonist.knee_geometry(90.0, 45.0)"
                                         ".length, [0.5, 0.2, 0.0])"),
    **_calls("", "60.0, 0.0", "clinical.hamstring_resistance", "clinical.hamstring_tension"),
    **_calls("", "'straight_leg_raise', 60.0", "clinical.measured_angle"),
    "gait.stance_foot_speed": ("", "gait.stance_foot_speed(gait.stride('forward'))"),
    **_calls("", "running.stride()", "running.activation", "running.forces", "running.power",
             "running.negative_work", "running.terminal_swing", "running.fascicle_share"),
    **_calls("", "[0.0, 45.0, 90.0]", "running.nordic_lengths", "running.nordic_torque",
             "running.nordic_demand"),
    **_calls("", "0.5, 0.1", "knee_dynamics.activation_rate"),
    **_calls("", "0.5, 0.0, 1.0, 0.0, 4.6, 0.3, 0.0, -0.2, 9.81, 0.0", "knee_dynamics.angular_acceleration"),
    **_calls("", "0.5, 0.0, 4.6, 0.3, 0.0, -0.2, 9.81, 0.0", "knee_dynamics.mechanical_energy"),
}

#: "module.function" -> why it may take longer than the target (measured, no target).
BY_DESIGN = {
    "leg.symbolic_length": "symbolic: sympy expressions for teaching, imports sympy",
    "leg.symbolic_moment_arms": "symbolic: sympy expressions for teaching, imports sympy",
    "leg.symbolic_model": "symbolic: the whole derivation in sympy (what the generated code is made from)",
    "leg.generated_outputs": "derives and prints the generated code (tests and the generator use it)",
    "muscle.curve_expressions": "symbolic: sympy expressions for teaching, imports sympy",
    "muscle.activation_dynamics": "symbolic: a sympy.physics.biomechanics object, imports sympy",
    "muscle.sympy_musculotendon": "symbolic: a sympy.physics.biomechanics object, imports sympy",
    "flexibility.calibration_fits": "81 calibrations (makes data/flexibility_fits.csv)",
    "flexibility.compute_clinical_tables": "solves 36 clinical tests: the work the generated tables save",
    "knee_dynamics.equations": "symbolic: derives the equation of motion with sympy (for teaching and tests)",
}

#: Not run: they write files.
NOT_RUN = {"flexibility.write_clinical_tables": "writes src/hamstrings/_flexibility_tables.py"}

_SCRIPT = """
import json, resource, time
t0 = time.perf_counter()
from hamstrings import {module}
{imports}
{call}
t1 = time.perf_counter()
main = time.thread_time()
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({{"total": t1 - t0, "cpu": main, "process": usage.ru_utime + usage.ru_stime}}))
"""


def public_functions(module: str) -> list[str]:
    """The functions (not classes) named in ``hamstrings.<module>.__all__``."""
    m = importlib.import_module(f"hamstrings.{module}")
    return [n for n in getattr(m, "__all__", ()) if callable(getattr(m, n))
            and not inspect.isclass(getattr(m, n))]


def call_for(module: str, name: str):
    """(imports, call) for ``module.name``, or None when no call is known."""
    key = f"{module}.{name}"
    if key in CALLS:
        return CALLS[key]
    f = getattr(importlib.import_module(f"hamstrings.{module}"), name)
    home = getattr(f, "__module__", "").removeprefix("hamstrings.")
    if home != module and f"{home}.{name}" in CALLS:  # re-exported: the home module's call, from here
        imports, call = CALLS[f"{home}.{name}"]
        return imports, call.replace(f"{home}.{name}(", f"{module}.{name}(", 1)
    try:
        needed = [p for p in inspect.signature(f).parameters.values()
                  if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    except (TypeError, ValueError):
        return None
    return None if needed else ("", f"{module}.{name}()")


def missing() -> list[str]:
    """Public functions of :data:`PARTS` with no known first call (add them to :data:`CALLS`)."""
    return [f"{m}.{n}" for m in PARTS for n in public_functions(m)
            if f"{m}.{n}" not in NOT_RUN and call_for(m, n) is None]


def time_call(module: str, imports: str, call: str) -> dict:
    """Main-thread CPU, process CPU and wall time of import + call in a fresh interpreter: the run
    of least main-thread CPU of :data:`RUNS`."""
    lines = "\n".join(i.strip() if i.strip().startswith(("from ", "import ")) else f"from hamstrings import {i}"
                      for i in imports.split(";") if i.strip())
    script = _SCRIPT.format(module=module, imports=lines, call=call)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(SRC)
    results = []
    for i in range(RUNS + (0 if QUICK else 1)):  # a full run first writes the bytecode cache
        proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                              timeout=300)
        if proc.returncode:
            raise RuntimeError(f"{call} failed in a fresh interpreter:\n{proc.stderr[-2000:]}")
        if QUICK or i:
            results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    best = min(results, key=lambda r: r["cpu"])
    return best


def run() -> list[dict]:
    gaps = missing()
    if gaps:
        print(f"bench_cold: no first call known for {', '.join(gaps)} (add them to CALLS)", file=sys.stderr)
    records = []
    for module in PARTS:
        names = public_functions(module)
        if QUICK:
            names = names[:1]
        for name in names:
            key = f"{module}.{name}"
            if key in NOT_RUN or call_for(module, name) is None:
                continue
            imports, call = call_for(module, name)
            r = time_call(module, imports, call)
            records.append({
                "name": f"import + first call: {key}", "value": r["cpu"], "unit": "s",
                "target": None if key in BY_DESIGN else TARGET_S,
                "note": f"{call}; main-thread CPU time, best of {RUNS} fresh interpreters (wall "
                        f"{r['total']:.2f} s, whole process {r['process']:.2f} s CPU)"
                        + (f"; slow by design: {BY_DESIGN[key]}" if key in BY_DESIGN else "")})
    return records


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']:<60} {row['value']:6.3f} {row['unit']} (target {row['target']})")
