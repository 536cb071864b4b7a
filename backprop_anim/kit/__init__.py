"""The scene kit: everything a lecture scene stands on, so ``scenes/`` holds only the lecture.

- :mod:`.scene` — :class:`~.scene.LectureScene`: fonts, background, and the one vocabulary of a
  scene: ``beat`` (a named section), ``say`` (its narration), ``title``, ``leave`` (what the next
  beat clears) and ``record`` (what tests read).
- the helpers of the scene families (network paths, matrices, the check table, graphs) in their
  own modules beside it.
"""
