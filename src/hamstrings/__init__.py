"""Models behind *Hamstrings, Backwards*: an executable textbook on hamstring biomechanics.

Submodules
----------
Model layers, bottom to top (each uses only public names of the layers listed before it):

validate, tables
    Argument checks with one wording; the one reader of the data tables (``data/``).
leg
    Sagittal-plane leg: muscle-tendon lengths and moment arms from joint angles,
    for one pose or many.
muscle, body
    Hill-type musculotendon units; segments and the gravity torque at the knee.
gait_events, stride_kinds, gait, activity, gait_answers
    Forward and backward walking: the fit to published key events, the registry
    of stride kinds (strides and activity windows of any kind are found through
    it), strides and the muscles over them, activity windows, and the chapters'
    questions. ``gait`` re-exports the public names of all five
    but gait_events' fitting machinery.
running
    Sprinting: the sprint stride from published key events (the stride kind
    ``"sprint"``), activity windows, the hamstrings' force and work, checked
    against published sprint modelling.
postures
    Named postures (joint angles) with their sources, and the muscles' lengths
    in each posture and walk.
antagonist, clinical, knee_dynamics
    Quadriceps against hamstrings at the knee: torques, equilibria, the
    straight-leg raise and active knee extension tests, forward dynamics.
flexibility
    Sitting, stretching and backward walking over weeks: stretch tolerance and
    flexibility, with a seeded parameter band.

Drawing (nothing modelled):

style
    The book's colours (one per muscle) and matplotlib style.
plotting, gait_plots, antagonist_plots
    The leg's drawings, shared by static figures, animations and explorers;
    pictures of a stride and of the knee tests.
explorers
    One module per part of the book: the live (ipywidgets) and kernel-free
    (Vega-Lite, on the published page) explorers.

Conventions everywhere: angles in degrees at the API (hip flexion +, knee flexion +,
ankle dorsiflexion +, all zero = upright standing), lengths in metres, SI units.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
