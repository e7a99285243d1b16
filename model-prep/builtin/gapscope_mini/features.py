"""Whisper's log-mel features in NumPy (the same definition GapScope's Java front end implements).

16 kHz mono float samples in [-1, 1] ->
periodic Hann window of 400 samples, hop 160, centred frames (reflect padding of 200 on each side),
|STFT|^2 with the last frame dropped (so frames = samples // 160), Slaney mel filter bank of 80 bins
over 0-8000 Hz (librosa's slaney mel scale with norm="slaney"), log10 with a floor of 1e-10,
clamp at (max - 8), then (x + 4) / 4. No padding to 30 s.
"""

import numpy as np

SAMPLE_RATE = 16000
N_FFT = 400
HOP = 160
N_MELS = 80


def hz_to_mel(f):
    """Slaney mel scale (librosa htk=False): linear below 1 kHz, logarithmic above."""
    f = np.asarray(f, dtype=np.float64)
    f_sp = 200.0 / 3
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(f >= min_log_hz,
                    min_log_mel + np.log(np.maximum(f, 1e-300) / min_log_hz) / logstep,
                    f / f_sp)


def mel_to_hz(m):
    m = np.asarray(m, dtype=np.float64)
    f_sp = 200.0 / 3
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f_sp * m)


def mel_filters(sr=SAMPLE_RATE, n_fft=N_FFT, n_mels=N_MELS, fmin=0.0, fmax=None):
    """[n_mels, n_fft // 2 + 1] Slaney-normalised triangular filters (librosa's definition)."""
    fmax = sr / 2.0 if fmax is None else fmax
    fftfreqs = np.linspace(0, sr / 2.0, 1 + n_fft // 2)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fftfreqs[None, :]
    weights = np.zeros((n_mels, len(fftfreqs)))
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    enorm = 2.0 / (mel_f[2:n_mels + 2] - mel_f[:n_mels])
    return weights * enorm[:, None]


_FILTERS = mel_filters()
_WINDOW = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)  # periodic Hann


def log_mel(samples):
    """float samples (16 kHz) -> float32 [80, len(samples) // 160] Whisper log-mel features."""
    x = np.asarray(samples, dtype=np.float64)
    n_frames = len(x) // HOP
    if n_frames == 0:
        return np.zeros((N_MELS, 0), dtype=np.float32)
    if len(x) <= N_FFT // 2:
        raise ValueError("clip too short for reflect padding: %d samples" % len(x))
    padded = np.pad(x, N_FFT // 2, mode="reflect")
    idx = np.arange(N_FFT)[None, :] + HOP * np.arange(n_frames)[:, None]
    frames = padded[idx] * _WINDOW[None, :]
    power = np.abs(np.fft.rfft(frames, n=N_FFT, axis=1)) ** 2      # [frames, 201]
    mel = _FILTERS @ power.T                                        # [80, frames]
    log_spec = np.log10(np.maximum(mel, 1e-10))
    log_spec = np.maximum(log_spec, log_spec.max() - 8.0)
    return ((log_spec + 4.0) / 4.0).astype(np.float32)
