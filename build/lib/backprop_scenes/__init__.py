"""The lecture's manim scenes; installed as the package ``backprop_scenes``.

Each file renders on its own with plain manim (``manim render scenes/network_paths.py FinalLayerPaths``);
``backprop scenes`` lists them in lecture order. Scenes stage core objects with the mobjects of
``backprop_anim`` and hold no mathematics of their own.
"""
