"""Models behind *Hamstrings, Backwards*: an executable textbook on hamstring biomechanics.

Submodules
----------
tables, validate
    The lowest layer: the one reader of the data tables (``data/*.csv``) and
    the argument checks every model shares.
style
    The book's colours (one per muscle) and matplotlib style.
leg
    Sagittal-plane leg: muscle-tendon lengths and moment arms from joint angles.
muscle
    Hill-type musculotendon units built on ``sympy.physics.biomechanics``.
body
    Segment masses and centres of mass (Winter 2009) and gravity's torque at the knee.
postures
    Named postures (joint angles) with their sources.
plotting
    The leg's drawings, shared by static figures, animations and explorers.
gait, gait_plots
    Forward and backward walking: joint angles and muscles over the stride, and
    their pictures.
antagonist, clinical, knee_dynamics, antagonist_plots
    Quadriceps against hamstrings at the knee: torques, equilibria, the
    straight-leg raise and active knee extension tests, forward dynamics, and
    their pictures.
flexibility
    Sitting, stretching and backward walking over weeks: stretch tolerance and
    flexibility, with a seeded parameter band.
explorers
    One module per part of the book: the live (ipywidgets) and kernel-free
    (Vega-Lite, on the published page) explorers.

Conventions everywhere: angles in degrees at the API (hip flexion +, knee flexion +,
ankle dorsiflexion +, all zero = upright standing), lengths in metres, SI units.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
