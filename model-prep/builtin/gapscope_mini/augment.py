"""What real recordings have and synthesizers lack: speed and pitch perturbation, room
reverberation, microphone colouring, band-limiting (telephone), additive noise, level changes.

A chain is drawn from a seeded generator by ``draw`` (a small dict, stored in the utterance plan,
so the data do not depend on how synthesis is split over processes) and applied by ``apply``:
sox for speed / tempo / pitch / equaliser / band-pass / reverb (``-D``: no dither, so the result
is deterministic), then NumPy for noise (seeded by the chain), telephone mu-law and level. Speed
and tempo change the timing; ``time_scale`` says by how much, so phone and word times follow.
"""

import subprocess

import numpy as np

from . import speech

SOX = "sox"
RAW = ["-t", "raw", "-r", "16000", "-e", "signed", "-b", "16", "-c", "1"]


def draw(rng):
    """A random chain of 1-4 perturbations (rng: random.Random)."""
    chain = {}
    kinds = ["time", "pitch", "reverb", "noise", "colour", "level"]
    for k in rng.sample(kinds, rng.randint(1, 4)):
        if k == "time":
            chain[rng.choice(["speed", "tempo"])] = round(rng.uniform(0.85, 1.15), 3)
        elif k == "pitch":
            chain["pitch"] = rng.choice([-1, 1]) * rng.randint(100, 400)        # cents
        elif k == "reverb":
            chain["reverb"] = [rng.randint(20, 90), rng.randint(20, 100), rng.randint(0, 30)]
        elif k == "noise":
            chain["noise"] = [round(rng.uniform(5.0, 30.0), 1),
                              rng.choice(["white", "pink", "brown", "babble"]),
                              rng.randrange(2 ** 31)]
        elif k == "colour":
            kind = rng.choice(["telephone", "lowpass", "highpass", "mic"])
            if kind == "telephone":
                chain["telephone"] = 1
            elif kind == "lowpass":
                chain["lowpass"] = rng.randint(2800, 6000)
            elif kind == "highpass":
                chain["highpass"] = rng.randint(150, 500)
            else:
                chain["mic"] = [[rng.randint(150, 6000), round(rng.uniform(0.5, 2.0), 2),
                                 rng.randint(-9, 9)] for _ in range(rng.randint(1, 3))]
        elif k == "level":
            chain["gain"] = rng.randint(-30, 8)
    return chain


def time_scale(chain):
    """Output time / input time."""
    return 1.0 / chain.get("speed", 1.0) / chain.get("tempo", 1.0)


def sox_effects(chain):
    fx = []
    if "speed" in chain:
        fx += ["speed", str(chain["speed"])]
    if "tempo" in chain:
        fx += ["tempo", "-s", str(chain["tempo"])]
    if "pitch" in chain:
        fx += ["pitch", str(chain["pitch"])]
    for f, width, g in chain.get("mic", []):
        fx += ["equalizer", str(f), "%sq" % width, str(g)]
    if "lowpass" in chain:
        fx += ["lowpass", str(chain["lowpass"])]
    if "highpass" in chain:
        fx += ["highpass", str(chain["highpass"])]
    if "telephone" in chain:
        fx += ["rate", "-h", "8000", "sinc", "300-3400", "rate", "-h", "16000"]
    if "reverb" in chain:
        rev, room, pre = chain["reverb"]
        fx += ["reverb", str(rev), "50", str(room), "100", str(pre)]
    if fx:
        fx += ["rate", "-h", "16000"]
    return fx


def _noise(n, colour, seed):
    rng = np.random.default_rng(seed)
    if colour == "babble":
        # a crowd stand-in: several band-limited noises with slow random amplitude envelopes
        x = np.zeros(n)
        for _ in range(6):
            w = np.fft.rfft(rng.standard_normal(n))
            f = np.fft.rfftfreq(n, 1 / 16000.0)
            w *= np.exp(-0.5 * ((f - rng.uniform(250, 2500)) / rng.uniform(150, 600)) ** 2)
            env = np.interp(np.arange(n), np.linspace(0, n, 12), rng.uniform(0.2, 1.0, 12))
            x += np.fft.irfft(w, n) * env
        return x
    white = rng.standard_normal(n)
    if colour == "white":
        return white
    spec = np.fft.rfft(white)
    f = np.maximum(np.fft.rfftfreq(n, 1 / 16000.0), 20.0)
    spec /= np.sqrt(f) if colour == "pink" else f
    return np.fft.irfft(spec, n)


def _mu_law(x, mu=255.0):
    """8-bit mu-law companding and back (the telephone codec's quantisation)."""
    y = np.sign(x) * np.log1p(mu * np.minimum(np.abs(x), 1.0)) / np.log1p(mu)
    y = np.round(y * 127.0) / 127.0
    return np.sign(y) * np.expm1(np.abs(y) * np.log1p(mu)) / mu


def apply(pcm16, chain):
    """The chain applied to int16 samples at 16 kHz -> int16 samples at 16 kHz."""
    pcm16 = np.asarray(pcm16, dtype="<i2")
    fx = sox_effects(chain)
    if fx:
        res = subprocess.run([SOX, "-D", "-V1"] + RAW + ["-"] + RAW + ["-"] + fx,
                             input=pcm16.tobytes(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if res.returncode != 0:
            raise RuntimeError("sox failed (%s): %s" % (" ".join(fx),
                                                       res.stderr.decode("utf-8", "replace")))
        x = np.frombuffer(res.stdout, dtype="<i2").astype(np.float64) / 32768.0
    else:
        x = pcm16.astype(np.float64) / 32768.0
    expected = int(round(len(pcm16) * time_scale(chain)))
    x = x[:expected] if len(x) >= expected else np.pad(x, (0, expected - len(x)))
    if "telephone" in chain:
        x = _mu_law(x)
    if "noise" in chain and len(x):
        snr, colour, seed = chain["noise"]
        noise = _noise(len(x), colour, seed)
        p_sig = float(np.mean(x ** 2)) or 1e-12
        p_noise = float(np.mean(noise ** 2)) or 1e-12
        x = x + noise * np.sqrt(p_sig / p_noise / 10 ** (snr / 10.0))
    if "gain" in chain:
        x = x * 10 ** (chain["gain"] / 20.0)
    return speech.to_pcm16(np.clip(x, -1.0, 1.0))


def describe(chain):
    """A short human-readable name of a chain, e.g. 'tempo 0.9 + noise 12 dB pink'."""
    parts = []
    for k in ("speed", "tempo"):
        if k in chain:
            parts.append("%s %g" % (k, chain[k]))
    if "pitch" in chain:
        parts.append("pitch %+d cents" % chain["pitch"])
    if "mic" in chain:
        parts.append("mic colouring")
    for k in ("lowpass", "highpass"):
        if k in chain:
            parts.append("%s %d Hz" % (k, chain[k]))
    if "telephone" in chain:
        parts.append("telephone")
    if "reverb" in chain:
        parts.append("reverb %d %%" % chain["reverb"][0])
    if "noise" in chain:
        parts.append("noise %g dB %s" % (chain["noise"][0], chain["noise"][1]))
    if "gain" in chain:
        parts.append("gain %+d dB" % chain["gain"])
    return " + ".join(parts)
