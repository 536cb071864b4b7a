"""Run a command that dies with the process that started it, however that process ends.

``python -I child.py PARENT_PID -- CMD ...`` (started by the render pipeline with a new session, so
this process leads a process group of its own) asks the kernel for SIGTERM when its parent dies
(``PR_SET_PDEATHSIG``), runs CMD in its group and, on that signal (or SIGHUP/SIGINT), kills the
whole group: manim and the latex/dvisvgm it started. A SIGKILL of ``backprop render`` can run no
clean-up code of its own; this is what still ends its children.

Standard library only, and run by path with ``-I``: it starts in milliseconds and imports nothing
of the project.
"""
from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys

PR_SET_PDEATHSIG = 1


def _kill_group(signum, frame):
    os.killpg(os.getpgrp(), signal.SIGKILL)     # this process too: the group is gone at once


def main(argv: list[str]) -> int:
    parent, sep, *cmd = argv
    if sep != "--" or not cmd:
        print("usage: child.py PARENT_PID -- CMD ...", file=sys.stderr)
        return 2
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, _kill_group)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM) != 0:
        print(f"child.py: prctl failed: {os.strerror(ctypes.get_errno())}", file=sys.stderr)
    if os.getppid() != int(parent):              # the parent died before prctl took effect
        return 1
    proc = subprocess.Popen(cmd)
    return proc.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
