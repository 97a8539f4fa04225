"""Explorers: one module per part of the book, each a view of the model a reader can move.

Each module holds, for its part of the book,

- a compute function that asks the model for one setting of the controls;
- a live explorer (ipywidgets, continuous controls) for a running notebook;
- a kernel-free explorer for the published page: the same drawing, computed by the
  package at build time over a grid of the controls and drawn in the reader's browser
  by Vega-Lite (:mod:`hamstrings.explorers.page`).

=================  ===========================  ============================
module             part of the book             explorer
=================  ===========================  ============================
``posture``        Muscles and joints           hip, knee, ankle -> lengths
``antagonist``     The antagonist pair          activations, hip -> knee
``stride``         Walking                      phase, direction -> lengths
``flexibility``    Sitting and flexibility      a day's habits -> flexibility
``running``        Running and strains          phase, hamstring -> length, force
=================  ===========================  ============================
"""
