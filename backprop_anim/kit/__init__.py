"""The scene kit: everything a lecture scene stands on, so ``scenes/`` holds only the lecture.

- :mod:`.scene` — :class:`~.scene.LectureScene`: fonts, background, and the one vocabulary of a
  scene: ``beat`` (a named section), ``say`` (its narration), ``title``, ``leave`` (what the next
  beat clears) and ``record`` (what tests read).
- :mod:`.graph` — :class:`~.graph.GraphLectureScene`, the computational-graph lecture's base (the
  configured graph and its diagram, the opening title, path-sum blocks, rule tables);
  :mod:`.panel` — formula lines in the panel beside a graph; :mod:`.pile_up` —
  :class:`~.pile_up.PileUp`, reverse accumulation played on a drawn graph.
- the helpers of the other scene families (network paths, matrices, the check table) in their
  own modules beside it.
"""
