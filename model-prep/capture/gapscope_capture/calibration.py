"""Input-layer statistical calibration for ``gapscope-capture intervene --method calibrate`` (METHOD.md, after
Hsu et al. 2026): the mean and population standard deviation, per dimension, of the speech positions and of the
text tokens at hidden state 0 (the LLM input) over a calibration set, accumulated example by example in float64
with Chan et al.'s pairwise update; every speech position then becomes h' = (h - mu_s) / sigma_s * sigma_t + mu_t
(a dimension constant over the set, sigma_s = 0, takes mu_t). Saved as ``calibration.npz`` in the intervention
folder, in the layout GapScope's own ``intervene`` writes, so that ``gapscope analyse`` states it in the table.
"""

import json
import os
import tempfile

import numpy as np
import torch

from .capture import reason
from .hooks import SpanCapture

FILE = "calibration.npz"
LABEL = ("Input-layer statistical calibration (the baseline intervention of Hsu et al. 2026, arXiv 2603.01502): "
         "every speech position at layer 0 standardised with the speech statistics and rescaled to the text "
         "statistics of a calibration set")


class Moments:
    """Count, mean and sum of squared deviations per dimension, merged batch by batch (Chan et al.)."""

    def __init__(self):
        self.n, self.mean, self.m2 = 0, None, None

    def add(self, rows):
        rows = np.asarray(rows, dtype=np.float64)
        if rows.shape[0] == 0:
            return
        if not np.isfinite(rows).all():
            raise ValueError("a calibration example has a non-finite value at the input")
        nb, mb = rows.shape[0], rows.mean(axis=0)
        m2b = ((rows - mb) ** 2).sum(axis=0)
        if self.n == 0:
            self.n, self.mean, self.m2 = nb, mb, m2b
            return
        if mb.shape != self.mean.shape:
            raise ValueError(f"calibration rows of width {mb.shape[0]}, earlier ones of width {self.mean.shape[0]}")
        n = self.n + nb
        delta = mb - self.mean
        self.mean = self.mean + delta * nb / n
        self.m2 = self.m2 + m2b + delta * delta * self.n * nb / n
        self.n = n

    def std(self):
        return np.sqrt(self.m2 / self.n)


class Calibration:
    """The statistics, what they came from, and the rewrite."""

    def __init__(self, speech_mean, speech_std, text_mean, text_std, speech_count, text_count, source):
        self.speech_mean, self.speech_std = np.asarray(speech_mean, np.float64), np.asarray(speech_std, np.float64)
        self.text_mean, self.text_std = np.asarray(text_mean, np.float64), np.asarray(text_std, np.float64)
        self.speech_count, self.text_count, self.source = int(speech_count), int(text_count), source

    def rewrite(self, rows):
        """h' = (h - mu_s) / sigma_s * sigma_t + mu_t per dimension, in float64; sigma_s = 0 gives mu_t."""
        h = rows.double()
        mu_s, mu_t = torch.from_numpy(self.speech_mean).to(h.device), torch.from_numpy(self.text_mean).to(h.device)
        sd_s, sd_t = torch.from_numpy(self.speech_std).to(h.device), torch.from_numpy(self.text_std).to(h.device)
        ratio = torch.where(sd_s == 0, torch.zeros_like(sd_s), sd_t / torch.where(sd_s == 0, torch.ones_like(sd_s), sd_s))
        return ((h - mu_s) * ratio + mu_t).float()

    def save(self, path):
        meta = {"label": LABEL, "layer": 0, "speech_positions": self.speech_count, "text_tokens": self.text_count,
                "source": self.source}
        arrays = {"speech_mean": self.speech_mean, "speech_std": self.speech_std, "text_mean": self.text_mean,
                  "text_std": self.text_std,
                  "meta": np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)}
        fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".part.npz",
                                   dir=os.path.dirname(path) or ".")
        os.close(fd)
        try:
            np.savez(tmp, **arrays)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.remove(tmp)
            raise

    @staticmethod
    def load(path):
        with np.load(path) as z:
            meta = json.loads(bytes(z["meta"]).decode("utf-8"))
            return Calibration(z["speech_mean"], z["speech_std"], z["text_mean"], z["text_std"],
                               meta["speech_positions"], meta["text_tokens"], meta["source"])


def compute(family, entries, wave_loader, source):
    """The statistics over every readable example of ``entries`` (speech and text spans at hidden state 0); an
    example that cannot be used is skipped and counted in ``source``."""
    speech, text = Moments(), Moments()
    used, skipped = 0, 0
    for entry in entries:
        if entry.broken:
            continue
        try:
            tq = family.text_query(entry.example.transcript)
            with SpanCapture(family.layers, tq.start, tq.end, [0]) as cap:
                family.prompt_pass(tq)
            t_rows = cap.result()[0]
            sq = family.speech_query(wave_loader(entry.example.audio), entry.example.audio)
            with SpanCapture(family.layers, sq.start, sq.end, [0]) as cap:
                family.prompt_pass(sq)
            s_rows = cap.result()[0]
        except Exception as e:  # noqa: BLE001 - an example that cannot be used is counted, not fatal
            skipped += 1
            last = reason(e)
            continue
        speech.add(s_rows)
        text.add(t_rows)
        used += 1
    if speech.n == 0 or text.n == 0:
        raise ValueError(f"the calibration set {source} gave no speech positions or no text tokens"
                         + (f" (last problem: {last})" if skipped else ""))
    label = f"{source}: {used} examples" + (f", {skipped} skipped (could not be read or run)" if skipped else "")
    return Calibration(speech.mean, speech.std(), text.mean, text.std(), speech.n, text.n, label)
