"""What the scenes are about, from the process's settings (:mod:`backprop_core.settings`, which
reads the environment once) so plain ``manim render`` needs no code edits.

Network scenes::

    BACKPROP_LAYERS=2,3,2 BACKPROP_ACTIVATION=tanh BACKPROP_LOSS=mse manim render -ql scenes/...

Expression-graph scenes::

    BACKPROP_EXPR="x*y + sin(x)" BACKPROP_AT="x=1,y=2" manim render -ql scenes/...

``BACKPROP_CONFIG=lecture.json`` may hold the same settings as keys
``layers`` (list or "2,3,2"), ``activation``, ``loss``, ``expr``, ``at`` ("a=2,b=1" or a mapping);
environment variables win over the file (``"lang"`` there is the language of :mod:`backprop_core.i18n`).
``BACKPROP_THEME=light`` switches to the slide palette.

Only networks the diagram draws legibly are accepted (:func:`check_drawable`), so a scene
refuses 784-30-10 in one line instead of rendering for minutes.
"""
from __future__ import annotations

from backprop_core import settings
from backprop_core.errors import BadInput
from backprop_core.network.spec import NetworkSpec
from backprop_core.settings import DEFAULT_AT, DEFAULT_EXPR  # noqa: F401  (the scenes' defaults, named here too)

# The largest network the network scenes draw legibly. Fitted into the scenes' diagram band, a
# node's label is about 12 px tall at 480p (the least the scenes allow for text) up to 4 neurons
# per layer and 5 layers: measured 4-4-4 12.2 px, 5-5-5 9.7 px; 2-2-2-2-2 13.1 px, six layers 10.8 px.
MAX_DRAWN_WIDTH = 4      # neurons in one layer (inputs included)
MAX_DRAWN_LAYERS = 5     # layer sizes, inputs first: 4 weight layers


def check_drawable(spec: NetworkSpec, where: str = "layers") -> NetworkSpec:
    """Refuse, before any drawing, a network the diagram cannot draw legibly; returns ``spec``."""
    widest = max(spec.layers)
    if widest > MAX_DRAWN_WIDTH or len(spec.layers) > MAX_DRAWN_LAYERS:
        shown = "-".join(map(str, spec.layers)) if len(spec.layers) <= 8 else f"{len(spec.layers)}-layer"
        raise BadInput(f"{where}: a {shown} network is too large to draw legibly; the network scenes draw at most "
                       f"{MAX_DRAWN_WIDTH} neurons per layer and {MAX_DRAWN_LAYERS} layers (e.g. 4,4,4,4,4); "
                       f"derive and check take any size")
    return spec


def network_spec() -> NetworkSpec:
    """The network the network scenes show (default 2-2-2 sigmoid mse)."""
    now = settings.current()
    if isinstance(now.layers, tuple):
        spec = NetworkSpec(now.layers, now.activation, now.loss)
    else:
        spec = NetworkSpec.parse(now.layers, now.activation, now.loss)
    return check_drawable(spec)


def expression() -> tuple[str, str]:
    """The expression text and its point, e.g. ``("(a+b)*(b+1)", "a=2,b=1")`` (unparsed)."""
    now = settings.current()
    return str(now.expr), now.point
