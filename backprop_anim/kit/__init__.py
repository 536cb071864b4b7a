"""The scene kit: everything a lecture scene stands on, so ``scenes/`` holds only the lecture.

- :mod:`.scene` — :class:`~.scene.LectureScene`: fonts, background, and the one vocabulary of a
  scene: ``beat`` (a named section), ``say`` (its narration), ``title``, ``leave`` (what the next
  beat clears) and ``record`` (what tests read).
- :mod:`.graph` — :class:`~.graph.GraphLectureScene`, the computational-graph lecture's base (the
  configured graph and its diagram, the opening title, path-sum blocks, rule tables);
  :mod:`.panel` — formula lines in the panel beside a graph; :mod:`.pile_up` —
  :class:`~.pile_up.PileUp`, reverse accumulation played on a drawn graph.
- :mod:`.network` — :class:`~.network.NetworkScene`: the lecture's network, derivation, example
  and numbers, the diagram, the key and the example line (the network scenes' common ground).
- :mod:`.paths` — :class:`~.paths.PathScene`: beats that trace gradients and list the rest.
- :mod:`.trace` — :class:`~.trace.GradientTrace`: one gradient traced, its deltas named.
- :mod:`.work_plot` — work against depth and width on a log scale (WhyDeltaSavesWork).
- the helpers of the other scene families (matrices, the check table, graphs) in their own
  modules beside them.
"""
