"""Whisper log-mel features and the resampler of the built-in model, against direct evaluations
of their definitions (written independently here: explicit DFT sums, explicit triangles)."""
import math
import os
import tempfile
import unittest

import numpy as np

import _builtin_path  # noqa: F401
from gapscope_mini import features, speech


def slaney_mel(f):
    return 3.0 * f / 200.0 if f < 1000 else 15.0 + 27.0 * math.log(f / 1000.0) / math.log(6.4)


def slaney_hz(m):
    return 200.0 * m / 3.0 if m < 15 else 1000.0 * math.exp((m - 15.0) * math.log(6.4) / 27.0)


def direct_log_mel(x):
    """The definition, term by term (slow): reflect pad 200, periodic Hann 400, hop 160,
    |DFT|^2, last frame dropped, Slaney-normalised triangles, log10 floor, max-8 clamp, (x+4)/4."""
    n_fft, hop, n_mels, sr = 400, 160, 80, 16000
    pad = np.concatenate([x[1:201][::-1], x, x[-201:-1][::-1]])
    n_frames = 1 + (len(pad) - n_fft) // hop - 1
    win = np.array([0.5 - 0.5 * math.cos(2 * math.pi * n / n_fft) for n in range(n_fft)])
    k = np.arange(n_fft // 2 + 1)[:, None]
    n = np.arange(n_fft)[None, :]
    dft = np.exp(-2j * np.pi * k * n / n_fft)
    hz = [slaney_hz(m) for m in np.linspace(slaney_mel(0.0), slaney_mel(8000.0), n_mels + 2)]
    freqs = [sr * b / n_fft for b in range(n_fft // 2 + 1)]
    bank = np.zeros((n_mels, n_fft // 2 + 1))
    for m in range(n_mels):
        lo, centre, hi = hz[m], hz[m + 1], hz[m + 2]
        for b, f in enumerate(freqs):
            if lo < f < hi:
                w = (f - lo) / (centre - lo) if f <= centre else (hi - f) / (hi - centre)
                bank[m, b] = w * 2.0 / (hi - lo)
    out = np.zeros((n_mels, n_frames))
    for t in range(n_frames):
        frame = pad[t * hop:t * hop + n_fft] * win
        power = np.abs(dft @ frame) ** 2
        out[:, t] = np.log10(np.maximum(bank @ power, 1e-10))
    out = np.maximum(out, out.max() - 8.0)
    return (out + 4.0) / 4.0


class FeaturesTest(unittest.TestCase):
    def signal(self, n):
        rng = np.random.default_rng(7)
        t = np.arange(n) / 16000.0
        chirp = 0.4 * np.sin(2 * np.pi * (200 * t + 1500 * t * t))
        return chirp + 0.05 * rng.standard_normal(n) + 0.2 * np.sin(2 * np.pi * 3000 * t)

    def test_matches_direct_evaluation_of_the_definition(self):
        x = self.signal(16000 + 77)
        got = features.log_mel(x)
        ref = direct_log_mel(x)
        self.assertEqual(got.shape, (80, (16000 + 77) // 160))
        self.assertEqual(got.dtype, np.float32)
        np.testing.assert_allclose(got, ref, atol=2e-5)

    def test_silence_and_clamp(self):
        x = self.signal(8000)
        x[3000:6000] = 0.0
        got = features.log_mel(x)
        self.assertAlmostEqual(float(got.max() - got.min()), 2.0, places=5)
        np.testing.assert_allclose(got, direct_log_mel(x), atol=2e-5)

    def test_frame_count_is_samples_div_hop(self):
        for n in (400, 401, 559, 560, 4321):
            self.assertEqual(features.log_mel(self.signal(n)).shape[1], n // 160)

    def test_slaney_scale_and_filter_norm(self):
        self.assertAlmostEqual(float(features.hz_to_mel(1000.0)), 15.0)
        self.assertAlmostEqual(float(features.hz_to_mel(6400.0)), 42.0)
        for f in (0.0, 440.0, 999.0, 1000.0, 5000.0, 8000.0):
            self.assertAlmostEqual(float(features.mel_to_hz(features.hz_to_mel(f))), f, places=6)
        bank = features.mel_filters()
        self.assertEqual(bank.shape, (80, 201))
        self.assertTrue((bank >= 0).all())
        self.assertTrue((bank.sum(axis=1) > 0).all())


class ResampleTest(unittest.TestCase):
    def tone(self, f, sr, seconds=1.0):
        return np.sin(2 * np.pi * f * np.arange(int(sr * seconds)) / sr)

    def test_passband_tone_is_preserved(self):
        for f in (300.0, 1000.0, 5000.0):
            y = speech.resample(self.tone(f, 22050), 22050, 16000)
            self.assertEqual(len(y), 16000)
            ref = self.tone(f, 16000)
            np.testing.assert_allclose(y[100:-100], ref[100:-100], atol=1e-3)

    def test_above_new_nyquist_is_removed(self):
        y = speech.resample(self.tone(9500.0, 22050), 22050, 16000)
        self.assertLess(float(np.sqrt(np.mean(y[100:-100] ** 2))), 1e-3)

    def test_wav_roundtrip(self):
        pcm = speech.to_pcm16(0.5 * self.tone(440.0, 16000, 0.1))
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "x.wav")
            speech.write_wav(path, pcm)
            back, sr = speech.read_wav(path)
            self.assertEqual(sr, 16000)
            np.testing.assert_array_equal(back, pcm)
            self.assertEqual(os.listdir(d), ["x.wav"])


@unittest.skipUnless(speech.espeak_available(),
                     "espeak-ng is not installed: the built-in model's speech tests need it")
class EspeakTest(unittest.TestCase):
    def test_synthesis_and_phonemes(self):
        x, sr = speech.synthesize("what is seven plus twelve", "m3", 175, 50)
        self.assertEqual(sr, 22050)
        self.assertGreater(len(x), sr // 2)
        self.assertGreater(float(np.abs(x).max()), 0.05)
        pcm = speech.speak_16k("what is seven plus twelve", "m3", 175, 50)
        self.assertEqual(pcm.dtype, np.int16)
        events = speech.phoneme_events("what is seven plus twelve", "m3", 175, 50)
        phones = [p for _, p in events if p]
        self.assertEqual(phones[:5], ["w", "ʌ", "t", "ɪ", "z"])
        starts = [s for s, _ in events]
        self.assertEqual(starts, sorted(starts))
        self.assertLess(starts[-1], len(pcm) + 1600)
        self.assertFalse(any("ˈ" in p for p in phones))

if __name__ == "__main__":
    unittest.main()
