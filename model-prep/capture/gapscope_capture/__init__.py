"""GapScope's capture kit: run a Hugging Face speech LLM on a GapScope example set and write a run folder.

The run folder (docs/run-format.md) holds each example's typed and spoken answers and the hidden states
of both query spans at every layer; ``gapscope analyse RUN_DIR`` then computes GapScope's scores from it.
"""

__version__ = "0.1.0"
