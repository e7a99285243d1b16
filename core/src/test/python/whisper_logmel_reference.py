#!/usr/bin/python3
"""Independent reference for GapScope's Whisper log-mel features (NumPy only, float64).

Written from the published definition of Whisper's front end, not from Whisper's code:
  * 16 kHz mono audio, optionally zero-padded at the end to a fixed length;
  * STFT: periodic Hann window of 400 samples, hop 160, frames centred on t*160 (the signal is
    reflect-padded by 200 samples at each end, edge sample not repeated), |X|^2, last frame dropped;
  * mel filter bank on the Slaney mel scale (linear 0-1 kHz at 200/3 Hz per mel, then logarithmic,
    27 mels per factor 6.4), triangles between consecutive edge frequencies, each scaled by
    2 / (upper edge - lower edge), 0-8 kHz, 80 or 128 bins;
  * log10 with a floor of 1e-10, clamp at (max - 8), then (x + 4) / 4.

Usage: whisper_logmel_reference.py JOBS_FILE
Each line of JOBS_FILE is tab-separated: INPUT OUTPUT MELS PAD_SECONDS
  INPUT   a .wav file (16-bit PCM, 16 kHz, mono, read here with the wave module) or a .f32 file
          (raw little-endian float32 samples at 16 kHz)
  OUTPUT  the .npy file to write, float32 [mels, frames]
  PAD_SECONDS  0 for no padding
For every job one line goes to standard output, tab-separated: OUTPUT, frames, and, when PyTorch is
importable (otherwise "no-torch"; "short" for audio no longer than torch's reflect padding, which
torch refuses; "none" where it could not be computed): the largest relative difference between this script's power
spectrogram and torch.stft(center=True), a check that the padding and framing here are the ones
torch uses; and the largest absolute difference between the float64 log-mel written and the same
log-mel computed in float32 with torch, as Whisper computes it (the size of float32 rounding).
"""
import sys
import wave

import numpy as np

SAMPLE_RATE = 16000
N_FFT = 400
HOP = 160


def read_input(path):
    if path.endswith(".f32"):
        return np.fromfile(path, dtype="<f4").astype(np.float64)
    with wave.open(path, "rb") as w:
        if w.getsampwidth() != 2 or w.getframerate() != SAMPLE_RATE or w.getnchannels() != 1:
            raise SystemExit(f"{path}: the reference reads only 16-bit 16 kHz mono WAV")
        raw = w.readframes(w.getnframes())
    return np.frombuffer(raw, dtype="<i2").astype(np.float64) / 32768.0


def slaney_hz_to_mel(hz):
    hz = np.asarray(hz, dtype=np.float64)
    linear = hz / (200.0 / 3.0)
    logarithmic = 15.0 + np.log(np.maximum(hz, 1e-300) / 1000.0) / (np.log(6.4) / 27.0)
    return np.where(hz < 1000.0, linear, logarithmic)


def slaney_mel_to_hz(mel):
    mel = np.asarray(mel, dtype=np.float64)
    linear = mel * (200.0 / 3.0)
    logarithmic = 1000.0 * np.exp((np.log(6.4) / 27.0) * (mel - 15.0))
    return np.where(mel < 15.0, linear, logarithmic)


def mel_filters(n_mels):
    bins = N_FFT // 2 + 1
    freqs = np.arange(bins) * (SAMPLE_RATE / N_FFT)
    edges = slaney_mel_to_hz(np.linspace(slaney_hz_to_mel(0.0), slaney_hz_to_mel(SAMPLE_RATE / 2), n_mels + 2))
    filters = np.zeros((n_mels, bins))
    for m in range(n_mels):
        lo, centre, hi = edges[m], edges[m + 1], edges[m + 2]
        rising = (freqs - lo) / (centre - lo)
        falling = (hi - freqs) / (hi - centre)
        filters[m] = np.maximum(0.0, np.minimum(rising, falling)) * (2.0 / (hi - lo))
    return filters


def power_spectrogram(audio):
    padded = np.pad(audio, (N_FFT // 2, N_FFT // 2), mode="reflect")
    frames = 1 + (len(padded) - N_FFT) // HOP
    window = 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(N_FFT) / N_FFT)
    index = np.arange(N_FFT)[None, :] + HOP * np.arange(frames)[:, None]
    spectrum = np.fft.rfft(padded[index] * window, axis=1)
    power = np.abs(spectrum) ** 2  # [frames, bins]
    return power[:-1].T  # [bins, frames - 1]


def log_mel(audio, n_mels):
    power = power_spectrogram(audio)
    mel = mel_filters(n_mels) @ power
    logs = np.log10(np.maximum(mel, 1e-10))
    logs = np.maximum(logs, logs.max() - 8.0)
    return (logs + 4.0) / 4.0


def torch_checks(audio, n_mels, features):
    try:
        import torch
    except ImportError:
        return "no-torch", "no-torch"
    torch.set_num_threads(1)
    if len(audio) <= N_FFT // 2:
        return "short", "short"  # torch's reflect padding needs more samples than the pad
    x = torch.from_numpy(audio)
    stft = torch.stft(x, N_FFT, HOP, window=torch.hann_window(N_FFT, dtype=torch.float64), return_complex=True)
    reference = stft[..., :-1].abs().numpy() ** 2
    ours = power_spectrogram(audio)
    if reference.shape != ours.shape:
        return float("inf"), None
    framing = float(np.max(np.abs(reference - ours)) / max(1.0, float(np.max(ours))))
    x32 = x.float()
    stft32 = torch.stft(x32, N_FFT, HOP, window=torch.hann_window(N_FFT), return_complex=True)
    power32 = stft32[..., :-1].abs() ** 2
    mel32 = torch.from_numpy(mel_filters(n_mels).astype(np.float32)) @ power32
    log32 = torch.clamp(mel32, min=1e-10).log10()
    log32 = torch.maximum(log32, log32.max() - 8.0)
    log32 = (log32 + 4.0) / 4.0
    precision = float(np.max(np.abs(log32.numpy().astype(np.float64) - features)))
    return framing, precision


def text(value):
    return "none" if value is None else value if isinstance(value, str) else repr(value)


def main():
    with open(sys.argv[1], encoding="utf-8") as jobs:
        for line in jobs:
            if not line.strip():
                continue
            source, target, mels, pad = line.rstrip("\n").split("\t")
            audio = read_input(source)
            pad = float(pad)
            if pad > 0:
                audio = np.concatenate([audio, np.zeros(int(round(pad * SAMPLE_RATE)) - len(audio))])
            features = log_mel(audio, int(mels)).astype(np.float32)
            np.save(target, features)
            framing, precision = torch_checks(audio, int(mels), features)
            print(target, features.shape[1], text(framing), text(precision), sep="\t")


if __name__ == "__main__":
    main()
