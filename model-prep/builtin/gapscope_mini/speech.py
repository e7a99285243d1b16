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
_EVENT_END = 5
_EVENT_WORD = 1
_ESPEAK = {}


def _espeak():
    """The espeak-ng library of this process (initialised once per process, synchronous mode,
    with IPA phoneme events)."""
    pid = os.getpid()
    if _ESPEAK.get("pid") != pid:
        lib = ctypes.CDLL(ctypes.util.find_library("espeak-ng") or "libespeak-ng.so.1")
        state = {"pid": pid, "lib": lib, "audio": [], "events": [], "words": []}

        def callback(wav, n, events):
            if n > 0:
                state["audio"].append(np.ctypeslib.as_array(wav, shape=(n,)).copy())
            i = 0
            while events[i].type != 0:
                e = events[i]
                if e.type == _EVENT_PHONEME:
                    name = bytes(e.id).split(b"\0")[0].decode("utf-8", "replace")
                    state["events"].append((int(e.sample), name, int(e.text_position)))
                elif e.type == _EVENT_WORD:
                    state["words"].append((int(e.sample), int(e.text_position)))
                elif e.type == _EVENT_END:
                    state["end"] = int(e.sample)
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


def _espeak_run(text, voice, speed, pitch):
    es = _espeak()
    lib = es["lib"]
    es["audio"].clear()
    es["events"].clear()
    es["words"].clear()
    es["end"] = None
    if lib.espeak_SetVoiceByName(("%s+%s" % (BASE_VOICE, voice)).encode()) != 0:
        raise ValueError("espeak-ng has no voice %s+%s" % (BASE_VOICE, voice))
    lib.espeak_SetParameter(1, int(speed), 0)    # espeakRATE, words per minute
    lib.espeak_SetParameter(3, int(pitch), 0)    # espeakPITCH, 0..99
    data = text.encode("utf-8")
    if lib.espeak_Synth(data, len(data) + 1, 0, 1, 0, 1, None, None) != 0:  # POS_CHARACTER, UTF8
        raise RuntimeError("espeak-ng failed to synthesise: " + text)
    lib.espeak_Synchronize()
    scale = 16000.0 / es["rate"]
    events = [(s * scale, p) for s, p, _ in es["events"]]
    words = [(s * scale, pos) for s, pos in es["words"]]
    end = (es["end"] if es["end"] is not None else sum(len(a) for a in es["audio"])) * scale
    return events, words, end


def phoneme_events(text, voice, speed, pitch):
    """The phonemes espeak-ng speaks for this utterance with their start times, from the
    espeak-ng library's phoneme events: [(start sample at 16 kHz, IPA phoneme)], in order; an
    empty name is a pause. The library keeps a little state between calls, so its timings can
    differ from a fresh ``espeak-ng`` process by a few samples (far below a 10 ms frame); the
    audio itself always comes from the command (``synthesize``)."""
    return _espeak_run(text, voice, speed, pitch)[0]


_PHONEME_COUNT = {}


def _phoneme_count(word, voice):
    """How many phonemes espeak-ng speaks for a word said alone (pauses excluded)."""
    key = (word, voice)
    if key not in _PHONEME_COUNT:
        events = _espeak_run(word, voice, 175, 50)[0]
        _PHONEME_COUNT[key] = sum(1 for _, p in events if p)
    return _PHONEME_COUNT[key]


def espeak_events(text, voice, speed, pitch):
    """Phoneme events [(start sample at 16 kHz, IPA)], word spans [(word, start s, end s)] and
    the end of the utterance (sample at 16 kHz), all from the library's events.

    A word owns the phonemes that start between its word event and the next word's, and spans
    from its first phoneme's start to its last phoneme's end (pauses excluded). espeak-ng
    sometimes runs two words together with a single word event ("far more"); their phonemes are
    then shared out in order, each word taking as many as it has when said alone (the last one
    the rest). (The phoneme events' own text positions are not used: in that case they name the
    first word for all.)"""
    events, word_events, end = _espeak_run(text, voice, speed, pitch)
    names = text.split(" ")
    index, pos = {}, 1
    for k, w in enumerate(names):
        index[pos] = k
        pos += len(w) + 1
    marks = sorted((s, index[p]) for s, p in word_events if p in index)
    if not marks or marks[0][1] != 0:
        marks.insert(0, (0.0, 0))
    words = []
    for m, (w_start, k0) in enumerate(marks):
        w_end, k1 = marks[m + 1] if m + 1 < len(marks) else (end, len(names))
        own = [j for j, (t, p) in enumerate(events) if p and w_start <= t < w_end]
        group = names[k0:k1]
        shares = [_phoneme_count(w, voice) for w in group[:-1]] if len(group) > 1 else []
        if len(own) < len(group) or sum(shares) >= len(own):
            raise RuntimeError("espeak-ng's events do not give %s its own phonemes in %r"
                               % (group, text))
        cut = 0
        for w, n in zip(group, shares + [len(own) - sum(shares)]):
            mine = own[cut:cut + n]
            cut += n
            a = events[mine[0]][0]
            b = events[mine[-1] + 1][0] if mine[-1] + 1 < len(events) else end
            words.append((w, a / 16000.0, b / 16000.0))
    if [w for w, _, _ in words] != names:
        raise RuntimeError("espeak-ng's word events %s do not match the words of %r"
                           % (word_events, text))
    return events, words, end


def library_drift(text, voice, speed, pitch):
    """How far the library's timeline (the one its events follow) lies from the command's audio:
    (difference of sound onsets, difference of sound ends) in seconds, sound = samples above 1 %
    of the peak. Both run at espeak-ng's own rate."""
    _espeak_run(text, voice, speed, pitch)
    lib = np.concatenate(_espeak()["audio"]).astype(np.float32) / 32768.0
    cmd, rate = synthesize(text, voice, speed, pitch)

    def span(x):
        loud = np.flatnonzero(np.abs(x) > 0.01 * np.abs(x).max())
        return loud[0], loud[-1]
    (a0, a1), (b0, b1) = span(lib), span(cmd)
    return (a0 - b0) / rate, (a1 - b1) / rate


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
