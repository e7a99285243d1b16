"""Loads an audio file as 16 kHz mono float32, as GapScope does (WAV read directly, other formats by ffmpeg).

WAV (PCM 8/16/24/32-bit, or float) is read with the standard library; anything else, or a rate other
than 16 kHz, goes through ffmpeg when it is on the PATH, else through torchaudio's resampler when that is
installed. A file that cannot be read raises AudioError with one line naming it.
"""

import shutil
import struct
import subprocess
import wave

import numpy as np

SAMPLE_RATE = 16000


class AudioError(Exception):
    """The audio file cannot be read; the message names it and says why."""


def _read_wav(path):
    try:
        with wave.open(path, "rb") as w:
            channels, width, rate, frames = w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()
            raw = w.readframes(frames)
    except wave.Error as e:
        if "unknown format: 3" in str(e):
            return _read_float_wav(path)
        raise AudioError(f"{path}: not a readable WAV file ({e})") from None
    if width == 1:
        data = (np.frombuffer(raw, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    elif width == 2:
        data = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    elif width == 3:
        b = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3)
        ints = (b[:, 0].astype(np.int32) | (b[:, 1].astype(np.int32) << 8) | (b[:, 2].astype(np.int32) << 16))
        ints = np.where(ints >= 1 << 23, ints - (1 << 24), ints)
        data = ints.astype(np.float32) / float(1 << 23)
    elif width == 4:
        data = (np.frombuffer(raw, dtype="<i4").astype(np.float64) / 2147483648.0).astype(np.float32)
    else:
        raise AudioError(f"{path}: {8 * width}-bit WAV samples are not supported")
    return data.reshape(-1, channels), rate


def _read_float_wav(path):
    with open(path, "rb") as f:
        blob = f.read()
    if blob[:4] != b"RIFF" or blob[8:12] != b"WAVE":
        raise AudioError(f"{path}: not a WAV file")
    pos, fmt, data = 12, None, None
    while pos + 8 <= len(blob):
        cid, size = blob[pos:pos + 4], struct.unpack("<I", blob[pos + 4:pos + 8])[0]
        body = blob[pos + 8:pos + 8 + size]
        if cid == b"fmt ":
            fmt = struct.unpack("<HHIIHH", body[:16])
        elif cid == b"data":
            data = body
        pos += 8 + size + (size & 1)
    if fmt is None or data is None or fmt[0] != 3 or fmt[5] not in (32, 64):
        raise AudioError(f"{path}: an unsupported WAV encoding")
    samples = np.frombuffer(data, dtype="<f4" if fmt[5] == 32 else "<f8").astype(np.float32)
    return samples.reshape(-1, fmt[1]), fmt[2]


def _ffmpeg(path):
    exe = shutil.which("ffmpeg")
    if exe is None:
        return None
    p = subprocess.run([exe, "-nostdin", "-v", "error", "-i", path, "-ac", "1", "-ar", str(SAMPLE_RATE), "-f", "f32le",
                        "-"], capture_output=True)
    if p.returncode != 0:
        reason = p.stderr.decode("utf-8", "replace").strip().splitlines()
        raise AudioError(f"{path}: ffmpeg cannot read it ({reason[-1] if reason else 'no reason given'})")
    return np.frombuffer(p.stdout, dtype="<f4").copy()


def _resample(samples, rate, path):
    try:
        import torch
        import torchaudio.functional as taf  # noqa: WPS433 - optional
    except ImportError:
        raise AudioError(f"{path}: is {rate} Hz; resampling to 16 kHz needs ffmpeg on the PATH or torchaudio") from None
    return taf.resample(torch.from_numpy(samples), rate, SAMPLE_RATE).numpy().astype(np.float32)


def load(path):
    """The file's samples as float32 mono at 16 kHz."""
    import os
    if not os.path.isfile(path):
        raise AudioError(f"{path}: no such audio file")
    if path.lower().endswith(".wav"):
        frames, rate = _read_wav(path)
        mono = frames.mean(axis=1).astype(np.float32) if frames.shape[1] > 1 else frames[:, 0].astype(np.float32)
        if rate != SAMPLE_RATE:
            converted = _ffmpeg(path)
            mono = converted if converted is not None else _resample(mono, rate, path)
    else:
        mono = _ffmpeg(path)
        if mono is None:
            raise AudioError(f"{path}: reading this format needs ffmpeg on the PATH (WAV is read directly)")
    if mono.size == 0:
        raise AudioError(f"{path}: the audio is empty")
    return mono
