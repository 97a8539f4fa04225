"""Models behind *Hamstrings, Backwards*: an executable textbook on hamstring biomechanics.

Submodules
----------
style
    The book's colours (one per muscle) and matplotlib style.
leg
    Sagittal-plane leg: muscle-tendon lengths and moment arms from joint angles.
muscle
    Hill-type musculotendon units built on ``sympy.physics.biomechanics``.

Conventions everywhere: angles in degrees at the API (hip flexion +, knee flexion +,
ankle dorsiflexion +, all zero = upright standing), lengths in metres, SI units.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
