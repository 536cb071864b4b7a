"""List what is wrong with every picture the given scenes' animations end on (tests/stills.py).

    .venv/bin/python scripts/still_problems.py en FinalLayerPaths NetworkSetup     # SHOW=20 per scene
    BACKPROP_LAYERS=3,2,2,2 BACKPROP_ACTIVATION=relu BACKPROP_LOSS=softmax_ce .venv/bin/python scripts/still_problems.py zh FirstLayerPaths
"""
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
os.environ.setdefault("BACKPROP_VOICE", "none"); os.environ["PYTHONHASHSEED"]="0"
os.environ.setdefault("BACKPROP_VOICE_CACHE", os.path.join(ROOT, "media", "voice-cache"))
import tests.stills as st
from tests.scene_runs import SETTINGS, construct
sys.path.insert(0, os.path.join(ROOT, "scenes"))
from outline import LECTURE
where = {}
for f in glob.glob(os.path.join(ROOT, "scenes", "*.py")):
    for c in re.findall(r"^class (\w+)\(", open(f).read(), re.M):
        where[c] = os.path.basename(f)[:-3]
lang = sys.argv[1]
names = sys.argv[2:] or LECTURE
for name in names:
    given = {k: os.environ[f"BACKPROP_{k.upper()}"] for k in SETTINGS
             if k not in ("lang", "voice") and f"BACKPROP_{k.upper()}" in os.environ}   # the network, ...
    s = construct(where[name], name, lang=lang, **given)
    probs = st.still_problems(s)
    print(f"== {name}: {len(probs)} problems, {len(s.stills)} stills")
    for p in probs[:int(os.environ.get("SHOW", "6"))]: print("   ", p)
