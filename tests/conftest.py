import os
import sys

# Renders and scene construction must be reproducible (TransformMatching* iterates sets).
os.environ.setdefault("PYTHONHASHSEED", "0")
# Renders in tests are silent (paced for reading) unless a test asks for a voice (--voice, or
# BACKPROP_VOICE in its own environment): the suite never waits for a neural voice it does not test.
os.environ.setdefault("BACKPROP_VOICE", "none")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Voice clips of in-process dry runs go to the tests' scratch folder, never the repository's renders/
# (a render job gives its scenes its own cache instead).
os.environ.setdefault("BACKPROP_VOICE_CACHE", os.path.join(ROOT, "media", "voice-cache"))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


def pytest_configure(config):
    """One TeX and one Text folder per xdist worker: two processes writing one formula's .dvi or one
    Text's .svg in one folder race (one reads the other's half-written file). The workers' finished
    formulas go to one pool, media/Tex-pool (tests/tex_share.py). Kept under media/ so warm runs
    reuse them."""
    from tests import section_ends, stills          # noqa: F401  (record every beat's end and every still)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        from manim import config as manim_config
        manim_config.tex_dir = os.path.join(ROOT, "media", f"Tex-{worker}")
        manim_config.text_dir = os.path.join(ROOT, "media", f"texts-{worker}")
        from pathlib import Path
        from tests.tex_share import share_formulas
        share_formulas(Path(ROOT) / "media" / "Tex-pool")


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def fresh_settings():
    """Each test reads its own environment: the process's settings are read once and cached
    (backprop_core.settings), so the cache is cleared before and after every test. A test that
    changes the environment after its first read calls ``settings.reset()`` itself."""
    from backprop_core import settings
    settings.reset()
    yield
    settings.reset()
