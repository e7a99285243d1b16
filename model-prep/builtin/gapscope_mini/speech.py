"""Speech for the world: espeak-ng synthesis, resampling to 16 kHz, phoneme transcriptions, WAV I/O."""

import ctypes
import ctypes.util
import math
import os
import shutil
import struct
import subprocess
import tempfile
import wave

import numpy as np

ESPEAK = "espeak-ng"
BASE_VOICE = "en-us"
# espeak-ng voice variants (files under espeak-ng-data/voices/!v); the last three never train.
TRAIN_VOICES = ["m1", "m2", "m3", "m4", "m6", "m7", "f1", "f2", "f3", "f4", "klatt", "benjamin"]
HELDOUT_VOICES = ["m8", "f5", "klatt3"]
SPEED_RANGE = (135, 215)   # words per minute (espeak default 175)
PITCH_RANGE = (25, 75)     # espeak pitch 0..99 (default 50)


def espeak_available():
    return shutil.which(ESPEAK) is not None and ctypes.util.find_library("espeak-ng") is not None


class _EspeakEvent(ctypes.Structure):
    # espeak_EVENT of speak_lib.h (x86-64 layout)
    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint),
                ("text_position", ctypes.c_int), ("length", ctypes.c_int),
                ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", ctypes.c_char * 8)]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.POINTER(_EspeakEvent))
_EVENT_PHONEME = 7
_ESPEAK = {}


def _espeak():
    """The espeak-ng library of this process (initialised once per process, synchronous mode,
    with IPA phoneme events)."""
    pid = os.getpid()
    if _ESPEAK.get("pid") != pid:
        lib = ctypes.CDLL(ctypes.util.find_library("espeak-ng") or "libespeak-ng.so.1")
        state = {"pid": pid, "lib": lib, "audio": [], "events": []}

        def callback(wav, n, events):
            if n > 0:
                state["audio"].append(np.ctypeslib.as_array(wav, shape=(n,)).copy())
            i = 0
            while events[i].type != 0:
                e = events[i]
                if e.type == _EVENT_PHONEME:
                    name = bytes(e.id).split(b"\0")[0].decode("utf-8", "replace")
                    state["events"].append((int(e.sample), name))
                i += 1
            return 0
        state["callback"] = _CALLBACK(callback)   # keep a reference: C holds the pointer
        rate = lib.espeak_Initialize(2, 0, None, 0x0001 | 0x0002)   # SYNCHRONOUS, phoneme+IPA
        if rate <= 0:
            raise RuntimeError("espeak-ng library failed to initialise")
        lib.espeak_SetSynthCallback(state["callback"])
        state["rate"] = rate
        _ESPEAK.clear()
        _ESPEAK.update(state)
    return _ESPEAK


def phoneme_events(text, voice, speed, pitch):
    """The phonemes espeak-ng speaks for this utterance with their start times, from the
    espeak-ng library's phoneme events: [(start sample at the synthesis rate, IPA phoneme)], in
    order; an empty name is a pause. The library keeps a little state between calls, so its
    timings can differ from a fresh ``espeak-ng`` process by a few samples (far below a 10 ms
    frame); the audio itself always comes from the command (``synthesize``)."""
    es = _espeak()
    lib = es["lib"]
    es["audio"].clear()
    es["events"].clear()
    if lib.espeak_SetVoiceByName(("%s+%s" % (BASE_VOICE, voice)).encode()) != 0:
        raise ValueError("espeak-ng has no voice %s+%s" % (BASE_VOICE, voice))
    lib.espeak_SetParameter(1, int(speed), 0)    # espeakRATE, words per minute
    lib.espeak_SetParameter(3, int(pitch), 0)    # espeakPITCH, 0..99
    data = text.encode("utf-8")
    if lib.espeak_Synth(data, len(data) + 1, 0, 1, 0, 1, None, None) != 0:  # POS_CHARACTER, UTF8
        raise RuntimeError("espeak-ng failed to synthesise: " + text)
    lib.espeak_Synchronize()
    return [(s * 16000.0 / es["rate"], p) for s, p in es["events"]]   # 16 kHz samples


def synthesize(text, voice, speed, pitch):
    """espeak-ng (a fresh process: deterministic) -> (float32 samples in [-1, 1], sample rate)."""
    out = subprocess.run([ESPEAK, "-v", "%s+%s" % (BASE_VOICE, voice), "-s", str(int(speed)),
                          "-p", str(int(pitch)), "--stdout", text],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
    return parse_wav_bytes(out.stdout)


def parse_wav_bytes(data):
    """Reads a 16-bit PCM RIFF stream, tolerating the unknown sizes espeak writes to a pipe."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError("not a RIFF/WAVE stream")
    pos = 12
    rate = channels = bits = None
    while pos + 8 <= len(data):
        cid = data[pos:pos + 4]
        size = struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = pos + 8
        if cid == b"fmt ":
            fmt, channels, rate = struct.unpack("<HHI", data[body:body + 8])
            bits = struct.unpack("<H", data[body + 14:body + 16])[0]
            if fmt != 1 or bits != 16:
                raise ValueError("only 16-bit PCM is supported (format %d, %d bits)" % (fmt, bits))
        elif cid == b"data":
            end = len(data) if size in (0, 0xFFFFFFFF) or body + size > len(data) else body + size
            pcm = np.frombuffer(data[body:end - ((end - body) % (2 * channels))], dtype="<i2")
            pcm = pcm.reshape(-1, channels).mean(axis=1)
            return (pcm / 32768.0).astype(np.float32), rate
        pos = body + size + (size & 1)
    raise ValueError("no data chunk in WAV stream")


def _sinc_table(up, down, half_taps, beta=8.6):
    """Polyphase table of a Kaiser-windowed sinc low-pass for resampling by up/down."""
    cutoff = 0.94 * min(1.0, up / down)            # fraction of the input Nyquist frequency
    phases = np.arange(up) / up                       # fractional input position of each phase
    k = np.arange(-half_taps + 1, half_taps + 1)      # taps relative to floor(position)
    tau = phases[:, None] - k[None, :]                # distance from input sample to position
    window = np.i0(beta * np.sqrt(np.clip(1 - (tau / half_taps) ** 2, 0, None))) / np.i0(beta)
    return cutoff * np.sinc(cutoff * tau) * window, k


_TABLES = {}


def resample(x, sr_in, sr_out=16000, half_taps=32):
    """Band-limited resampling (polyphase windowed sinc) of a float signal from sr_in to sr_out."""
    if sr_in == sr_out:
        return np.asarray(x, dtype=np.float32)
    g = math.gcd(sr_in, sr_out)
    up, down = sr_out // g, sr_in // g
    key = (up, down, half_taps)
    if key not in _TABLES:
        _TABLES[key] = _sinc_table(up, down, half_taps)
    table, k = _TABLES[key]
    x = np.asarray(x, dtype=np.float64)
    n_out = (len(x) * up) // down
    n = np.arange(n_out)
    base = (n * down) // up
    phase = (n * down) % up
    padded = np.pad(x, (half_taps, half_taps + 1))
    idx = base[:, None] + k[None, :] + half_taps
    y = np.einsum("ij,ij->i", padded[idx], table[phase])
    return y.astype(np.float32)


def to_pcm16(x):
    return np.clip(np.round(np.asarray(x) * 32767.0), -32768, 32767).astype(np.int16)


def speak_16k(text, voice, speed, pitch):
    """Synthesises, resamples to 16 kHz and quantises to 16 bit: returns int16 samples."""
    x, sr = synthesize(text, voice, speed, pitch)
    return to_pcm16(resample(x, sr, 16000))


def write_wav(path, pcm16, rate=16000):
    """Writes 16-bit mono PCM atomically (temp file in the same folder, then rename)."""
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=d, suffix=".tmp")
    os.close(fd)
    try:
        with wave.open(tmp, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(rate)
            w.writeframes(np.asarray(pcm16, dtype="<i2").tobytes())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def read_wav(path):
    with wave.open(path, "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError("%s: only 16-bit PCM is supported" % path)
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        return data.reshape(-1, w.getnchannels()).mean(axis=1).astype(np.int16), w.getframerate()
