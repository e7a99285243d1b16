"""Hooks on a language model's decoder layers: capture the query span at every layer, or rewrite it at the input.

Hidden state 0 is what the first decoder layer receives (a pre-hook on it); hidden state l = 1..L is
decoder layer l's own output (a forward hook), so the last one is taken before the final norm, as
GapScope's bundle runtime takes it (``output_hidden_states`` would give it after the norm). Both act on
the first forward call that holds the whole prompt: the prompt pass of ``generate`` (later calls with a
key-value cache hold only new tokens); without a cache every call holds the prompt again, and a rewrite
is then applied to each, which computes the same thing.
"""

import inspect

import numpy as np


def _pre_hook(module, fn):
    """Registers ``fn(hidden) -> hidden or None`` as a forward pre-hook on the layer's hidden-states input."""
    with_kwargs = "with_kwargs" in inspect.signature(module.register_forward_pre_hook).parameters

    if with_kwargs:
        def hook(mod, args, kwargs):
            if args:
                out = fn(args[0])
                return None if out is None else ((out,) + tuple(args[1:]), kwargs)
            if "hidden_states" in kwargs:
                out = fn(kwargs["hidden_states"])
                if out is not None:
                    kwargs = dict(kwargs)
                    kwargs["hidden_states"] = out
                    return args, kwargs
            return None
        return module.register_forward_pre_hook(hook, with_kwargs=True)

    def plain(mod, args):
        out = fn(args[0])
        return None if out is None else (out,) + tuple(args[1:])
    return module.register_forward_pre_hook(plain)


def _output(out):
    return out[0] if isinstance(out, (tuple, list)) else out


class SpanCapture:
    """Records hidden states ``keep`` (indices into 0..L) of positions [start, end) in the first pass over the prompt."""

    def __init__(self, layers, start, end, keep=None):
        self.layers = layers
        self.start, self.end = start, end
        self.keep = list(range(len(layers) + 1)) if keep is None else list(keep)
        self.rows = {}
        self.handles = []
        self.done = False

    def _take(self, index, hidden):
        if self.done or hidden.shape[1] < self.end:
            return
        if index in self.keep and index not in self.rows:
            self.rows[index] = hidden[0, self.start:self.end].detach().float().cpu().numpy()
        if index == len(self.layers):
            self.done = True

    def __enter__(self):
        def first(hidden):
            self._take(0, hidden)
            return None
        self.handles.append(_pre_hook(self.layers[0], first))
        for i, layer in enumerate(self.layers):
            self.handles.append(layer.register_forward_hook(
                lambda mod, args, out, index=i + 1: self._take(index, _output(out))))
        return self

    def __exit__(self, *exc):
        for h in self.handles:
            h.remove()
        self.handles = []
        return False

    def result(self):
        """The captured rows, [K, T, d] float32, K = len(keep)."""
        missing = [k for k in self.keep if k not in self.rows]
        if missing:
            raise RuntimeError(f"no forward pass over the whole prompt reached hidden states {missing}")
        return np.stack([self.rows[k] for k in self.keep])


class InputRewrite:
    """Rewrites rows of the first decoder layer's input (hidden state 0) at given positions, in every pass over
    the prompt: each speech row h_s becomes ``rewrite_rows(kind, h_s, h_t)`` with its aligned text row h_t, or, for
    kind ``calibrate``, ``calibration.rewrite(h_s)`` (input-layer statistical calibration)."""

    def __init__(self, layers, positions, text_rows, kind, calibration=None):
        self.calibration = calibration
        self.layer = layers[0]
        self.positions = list(positions)
        self.text_rows = text_rows  # torch tensor [n, d], one per position
        self.kind = kind
        self.handle = None
        self.applied = 0
        self.before = None
        self.after = None

    def __enter__(self):
        last = max(self.positions) if self.positions else -1

        def rewrite(hidden):
            if hidden.shape[1] <= last or not self.positions:
                return None
            speech = hidden[0, self.positions]
            rows = (self.calibration.rewrite(speech) if self.kind == "calibrate"
                    else rewrite_rows(self.kind, speech, self.text_rows.to(hidden.device)))
            out = hidden.clone()
            out[0, self.positions] = rows.to(dtype=hidden.dtype)
            if self.before is None:
                self.before = speech.detach().float().cpu()
                self.after = out[0, self.positions].detach().float().cpu()
            self.applied += 1
            return out
        self.handle = _pre_hook(self.layer, rewrite)
        return self

    def __exit__(self, *exc):
        if self.handle is not None:
            self.handle.remove()
        return False


def rewrite_rows(kind, speech, text):
    """Angle projection or length normalization (METHOD.md) of speech rows [n, d] by their text rows, in float64."""
    s = speech.double()
    t = text.double()
    ns = s.norm(dim=-1, keepdim=True)
    nt = t.norm(dim=-1, keepdim=True)
    if kind == "angle":
        if bool((nt == 0).any()):
            raise ValueError("angle projection is undefined: an aligned text hidden state is a zero vector")
        return (ns * t / nt).float()
    if kind == "length":
        if bool((ns == 0).any()):
            raise ValueError("length normalization is undefined: a speech hidden state is a zero vector")
        return (s * nt / ns).float()
    raise ValueError(f"unknown rewrite {kind!r}; angle or length")


