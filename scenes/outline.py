"""The lecture in order: the one place that says which scene comes when.

Scene files say what each scene is (its docstring, its ``TITLE``, the file's ``KIND``); this list
says only the order. A scene missing here still renders: it follows the last listed scene of its
file (see ``backprop_anim.pipeline.lecture``).

1. expression graphs: the chain rule, local partials, sum over paths, reverse accumulation,
   forward vs reverse mode (Olah, *Calculus on Computational Graphs*; the zhihu answers);
2. the network, in the beats of the TDS article *Understanding Backpropagation*, paths and
   matrices alternating: set-up, forward pass, final layer (BP1), earlier layers (BP2), why δ
   saves work, biases (BP3), BP1-BP4 (Nielsen, *Neural Networks and Deep Learning* ch. 2);
3. local backward rules, the big picture (nudge one weight), the gradient check, the parameter
   update, the algorithm over a mini-batch, a training run and the recap card.
"""

LECTURE = [
    "ChainRuleCarPrice",
    "GraphLocalPartials",
    "SumOverPaths",
    "ReverseAccumulation",
    "ForwardVsReverseMode",
    "NetworkSetup",
    "ForwardPassMatrixForm",
    "FinalLayerPaths",
    "FinalLayerMatrixForm",
    "FirstLayerPaths",
    "HiddenLayerMatrixForm",
    "WhyDeltaSavesWork",
    "BiasGradient",
    "GeneralEquations",
    "LocalBackwardRules",
    "NudgeAWeight",
    "GradientCheck",
    "ParameterUpdate",
    "BackpropAlgorithm",
    "TrainingRun",
    "Recap",
]
