"""Puts model-prep/builtin on sys.path for the test_builtin_* tests (imported by them)."""
import os
import sys

BUILTIN = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "builtin")
REPO = os.path.dirname(os.path.dirname(BUILTIN))
if BUILTIN not in sys.path:
    sys.path.insert(0, BUILTIN)
