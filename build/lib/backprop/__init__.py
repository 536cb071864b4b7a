"""The ``backprop`` command line: one module per command (derive, check, graph, handout, scenes, render).

>>> from backprop.cli import build_parser
>>> build_parser().parse_args(["derive", "--layers", "2,3,2"]).layers
'2,3,2'
"""
