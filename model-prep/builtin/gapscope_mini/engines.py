"""Several speech engines behind one call: 16 kHz speech plus where every phone and word lies.

  espeak-ng  formant synthesis; the audio from the command (deterministic), phone and word times
             from the library's events (speech.py)
  festival   diphone voices (kal, ked) and an HTS voice (slt); one festival process speaks a whole
             chunk and prints its Segment and Word relations
  freetts    the Java engine (kevin16, kevin); one JVM speaks a whole chunk
             (freetts/SpeakBatch.java)
  flite      CMU flite through its C library (ctypes): audio, Segment and Word relations; the
             held-out engine, never used in training

Every engine reports its own segment and word timings, so phone targets and word timings come
from the synthesizer itself, not from a recogniser. Phones are mapped into one set (phones.py).
A job is (engine, voice, text, params); ``synthesize_many`` runs them in order-preserving chunks
on a process pool. Texts are the world's lowercase words (checked: [a-z ] only).
"""

import ctypes
import ctypes.util
import multiprocessing as mp
import os
import re
import shutil
import subprocess
import tempfile

import numpy as np

from . import phones, speech

HERE = os.path.dirname(os.path.abspath(__file__))
FREETTS_SOURCE = os.path.join(os.path.dirname(HERE), "freetts", "SpeakBatch.java")
FREETTS_JARS = ["freetts.jar", "cmu_us_kal.jar", "cmulex.jar", "en_us.jar"]
JAVA_DIR = "/usr/share/java"

ESPEAK, FESTIVAL, FREETTS, FLITE = "espeak-ng", "festival", "freetts", "flite"
ENGINES = (ESPEAK, FESTIVAL, FREETTS, FLITE)
# the training engines' voices, their held-out voices, and the held-out engine
TRAIN_VOICES = {ESPEAK: list(speech.TRAIN_VOICES), FESTIVAL: ["kal_diphone", "ked_diphone"],
                FREETTS: ["kevin16"]}
HELDOUT_VOICES = {ESPEAK: list(speech.HELDOUT_VOICES), FESTIVAL: ["cmu_us_slt_arctic_hts"],
                  FREETTS: ["kevin"]}
HELDOUT_ENGINE = FLITE
FLITE_VOICES = ["awb", "rms", "slt", "kal16", "kal"]
# per-utterance variation (drawn by the plan): festival duration stretch and F0 scale, FreeTTS
# rate (words/min) and pitch (Hz; kevin's default 100) and range (Hz; default 11)
STRETCH_RANGE = (0.8, 1.25)
F0_SCALE_RANGE = (0.8, 1.3)
FREETTS_RATE_RANGE = (120, 200)
FREETTS_PITCH_RANGE = (80, 135)
FREETTS_RANGE_RANGE = (6, 24)

_TEXT = re.compile(r"^[a-z]+( [a-z]+)*$")


class Spoken:
    """One synthesised utterance: int16 samples at 16 kHz, phone segments [(start s, phone)]
    ending with ("" at the end of the last phone), words [(word, start s, end s)]."""

    __slots__ = ("pcm", "segments", "words")

    def __init__(self, pcm, segments, words):
        self.pcm = pcm
        self.segments = segments
        self.words = words


def available(engine):
    """Whether this machine can run the engine (the Debian packages are installed)."""
    if engine == ESPEAK:
        return speech.espeak_available()
    if engine == FESTIVAL:
        return shutil.which("festival") is not None
    if engine == FREETTS:
        return shutil.which("javac") is not None and all(
            os.path.exists(os.path.join(JAVA_DIR, j)) for j in FREETTS_JARS)
    if engine == FLITE:
        return ctypes.util.find_library("flite") is not None
    raise ValueError("unknown speech engine: %s" % engine)


def check_text(text):
    if not _TEXT.match(text):
        raise ValueError("engines speak lowercase words separated by single spaces: %r" % text)
    return text


def segments_from_ends(named_ends):
    """[(phone name, end s)] in order (first phone starts at 0) -> [(start s, phone)] + end."""
    out = []
    start = 0.0
    for name, end in named_ends:
        out.append((start, phones.normalise(name)))
        start = max(start, end)
    out.append((start, ""))
    return out


def _to_16k(pcm, rate):
    if rate == 16000:
        return np.asarray(pcm, dtype=np.int16).copy()
    x = np.asarray(pcm, dtype=np.float32) / 32768.0
    return speech.to_pcm16(speech.resample(x, rate, 16000))


def check_words(text, words):
    """The engine's words must be the transcript's words, in order, with start <= end; returns
    them named as in the transcript. (flite and FreeTTS name a letter read as a letter "_a", as
    they read a list-final "a".)"""
    got = [w.lower().lstrip("_") for w, _, _ in words]
    if got != text.split():
        raise ValueError("engine words %s differ from the transcript %r"
                         % ([w for w, _, _ in words], text))
    for _, s, e in words:
        if not 0 <= s <= e:
            raise ValueError("word span out of order in %r: %s" % (text, words))
    return [(w, s, e) for w, (_, s, e) in zip(got, words)]


# ----------------------------------------------------------------------------- espeak-ng

def _espeak(job):
    text, voice, p = job["text"], job["voice"], job["params"]
    pcm = speech.speak_16k(text, voice, p["speed"], p["pitch"])
    events, words, end = speech.espeak_events(text, voice, p["speed"], p["pitch"])
    segs = [(s, ph) for s, e, ph in phones.espeak_segments(events, end)] + [(end / 16000.0, "")]
    return Spoken(pcm, segs, check_words(text, words))


# ----------------------------------------------------------------------------- festival

_FESTIVAL_PRELUDE = """
(set! gs_int int_lr_params)
(define (gs_f0 key scale) (list key (* scale (car (cdr (assoc key gs_int))))))
(define (gs_say wav txt stretch f0)
  (Parameter.set 'Duration_Stretch stretch)
  (if gs_int
      (set! int_lr_params (list (gs_f0 'target_f0_mean f0) (gs_f0 'target_f0_std f0)
                                (assoc 'model_f0_mean gs_int) (assoc 'model_f0_std gs_int))))
  (let ((utt (utt.synth (eval (list 'Utterance 'Text txt)))))
    (utt.save.wave utt wav 'riff)
    (format t "SEGS")
    (mapcar (lambda (s) (format t " %s:%f" (item.name s) (item.feat s "end")))
            (utt.relation.items utt 'Segment))
    (format t "\\nWORDS")
    (mapcar (lambda (w) (format t " %s:%f:%f" (item.name w) (item.feat w "word_start")
                                (item.feat w "word_end")))
            (utt.relation.items utt 'Word))
    (format t "\\nDONE\\n")))
"""


def _festival_chunk(jobs):
    voice = jobs[0]["voice"]
    tmp = tempfile.mkdtemp(prefix="gapscope-festival-")
    try:
        script = ["(voice_%s)" % voice, _FESTIVAL_PRELUDE]
        for k, job in enumerate(jobs):
            p = job["params"]
            script.append('(gs_say "%s" "%s" %.4f %.4f)'
                          % (os.path.join(tmp, "%d.wav" % k), check_text(job["text"]),
                             p.get("stretch", 1.0), p.get("f0", 1.0)))
        path = os.path.join(tmp, "jobs.scm")
        with open(path, "w") as f:
            f.write("\n".join(script) + "\n")
        res = subprocess.run(["festival", "-b", path], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, timeout=60 + 5 * len(jobs))
        out = res.stdout.decode("utf-8", "replace")
        blocks = re.findall(r"^SEGS(.*)\nWORDS(.*)\nDONE$", out, flags=re.M)
        if res.returncode != 0 or len(blocks) != len(jobs):
            raise RuntimeError("festival (%s) spoke %d of %d utterances: %s"
                               % (voice, len(blocks), len(jobs),
                                  (res.stderr.decode("utf-8", "replace") + out)[-500:]))
        result = []
        for k, (segs, words) in enumerate(blocks):
            samples, rate = speech.read_wav(os.path.join(tmp, "%d.wav" % k))
            named = [(a, float(b)) for a, b in (s.rsplit(":", 1) for s in segs.split())]
            w = [(a, float(b), float(c)) for a, b, c in (s.split(":") for s in words.split())]
            result.append(Spoken(_to_16k(samples, rate), segments_from_ends(named),
                                 check_words(jobs[k]["text"], w)))
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ----------------------------------------------------------------------------- FreeTTS

_FREETTS = {}


def freetts_classes():
    """Compiles freetts/SpeakBatch.java once per process tree (into a temp folder)."""
    if "dir" not in _FREETTS:
        d = tempfile.mkdtemp(prefix="gapscope-freetts-")
        cp = ":".join(os.path.join(JAVA_DIR, j) for j in FREETTS_JARS)
        subprocess.run(["javac", "-nowarn", "-cp", cp, "-d", d, FREETTS_SOURCE], check=True,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        _FREETTS["dir"] = d
        _FREETTS["cp"] = cp + ":" + d
    return _FREETTS["cp"]


def _freetts_chunk(jobs):
    voice = jobs[0]["voice"]
    tmp = tempfile.mkdtemp(prefix="gapscope-freetts-out-")
    try:
        lines = []
        for k, job in enumerate(jobs):
            p = job["params"]
            lines.append("%s\t%.2f\t%.2f\t%.2f\t%s" % (
                os.path.join(tmp, "%d.raw" % k), p.get("rate", 150.0), p.get("pitch", 100.0),
                p.get("range", 11.0), check_text(job["text"])))
        res = subprocess.run(["java", "-cp", freetts_classes(), "SpeakBatch", voice],
                             input=("\n".join(lines) + "\n").encode(), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, timeout=120 + 5 * len(jobs))
        rows = res.stdout.decode("utf-8", "replace").splitlines()
        if res.returncode != 0 or len(rows) != len(jobs):
            raise RuntimeError("freetts (%s) spoke %d of %d utterances: %s"
                               % (voice, len(rows), len(jobs),
                                  res.stderr.decode("utf-8", "replace")[-500:]))
        result = []
        for k, row in enumerate(rows):
            f = row.split("\t")
            if f[0] == "ERROR":
                raise RuntimeError("freetts (%s): %s" % (voice, f[1]))
            rate = int(f[0])
            pcm = np.fromfile(os.path.join(tmp, "%d.raw" % k), dtype="<i2")
            named = [(a, float(b)) for a, b in (s.rsplit(":", 1) for s in f[1].split())]
            w = [(a, float(b), float(c)) for a, b, c in (s.split(":") for s in f[2].split())]
            result.append(Spoken(_to_16k(pcm, rate), segments_from_ends(named),
                                 check_words(jobs[k]["text"], w)))
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ----------------------------------------------------------------------------- flite (ctypes)

class _FliteWave(ctypes.Structure):
    _fields_ = [("type", ctypes.c_char_p), ("sample_rate", ctypes.c_int),
                ("num_samples", ctypes.c_int), ("num_channels", ctypes.c_int),
                ("samples", ctypes.POINTER(ctypes.c_short))]


_FLITE = {}


def _flite_lib():
    if _FLITE.get("pid") == os.getpid():
        return _FLITE["lib"]
    lib = ctypes.CDLL("libflite.so.1", mode=ctypes.RTLD_GLOBAL)
    for dep in ("libflite_usenglish.so.1", "libflite_cmulex.so.1"):
        ctypes.CDLL(dep, mode=ctypes.RTLD_GLOBAL)
    vp, cp = ctypes.c_void_p, ctypes.c_char_p
    for name, res, args in (("flite_synth_text", vp, [cp, vp]), ("utt_relation", vp, [vp, cp]),
                            ("relation_head", vp, [vp]), ("item_next", vp, [vp]),
                            ("item_prev", vp, [vp]), ("item_daughter", vp, [vp]),
                            ("item_last_daughter", vp, [vp]), ("item_as", vp, [vp, cp]),
                            ("item_feat_string", cp, [vp, cp]),
                            ("item_feat_float", ctypes.c_float, [vp, cp]),
                            ("utt_wave", vp, [vp]), ("delete_utterance", None, [vp]),
                            ("flite_feat_set_float", None, [vp, cp, ctypes.c_float])):
        fn = getattr(lib, name)
        fn.restype = res
        fn.argtypes = args
    lib.flite_init()
    _FLITE.clear()
    _FLITE.update(pid=os.getpid(), lib=lib, voices={}, libc=ctypes.CDLL(None))
    return lib


def _flite_voice(name):
    lib = _flite_lib()
    if name not in _FLITE["voices"]:
        vlib = ctypes.CDLL("libflite_cmu_us_%s.so.1" % name)
        reg = getattr(vlib, "register_cmu_us_%s" % name)
        reg.restype = ctypes.c_void_p
        reg.argtypes = [ctypes.c_char_p]
        v = reg(None)
        if not v:
            raise RuntimeError("flite could not register the voice %s" % name)
        # cst_voice: {const char *name; cst_features *features; ...}
        features = ctypes.c_void_p.from_address(v + ctypes.sizeof(ctypes.c_void_p)).value
        _FLITE["voices"][name] = (vlib, v, features)
    return lib, _FLITE["voices"][name]


def _flite(job):
    lib, (_, voice, features) = _flite_voice(job["voice"])
    p = job["params"]
    lib.flite_feat_set_float(features, b"duration_stretch", float(p.get("stretch", 1.0)))
    # flite's statistical voices draw excitation noise from the C library's rand(): reseed it as
    # a fresh process would, so that the same job always gives the same samples
    _FLITE["libc"].srand(1)
    utt = lib.flite_synth_text(check_text(job["text"]).encode(), voice)
    if not utt:
        raise RuntimeError("flite (%s) failed on %r" % (job["voice"], job["text"]))
    try:
        w = _FliteWave.from_address(lib.utt_wave(utt))
        pcm = np.ctypeslib.as_array(w.samples, shape=(w.num_samples * w.num_channels,))
        pcm = pcm.reshape(-1, w.num_channels)[:, 0].copy()
        named = []
        s = lib.relation_head(lib.utt_relation(utt, b"Segment"))
        while s:
            named.append((lib.item_feat_string(s, b"name").decode(),
                          float(lib.item_feat_float(s, b"end"))))
            s = lib.item_next(s)
        words = []
        wd = lib.relation_head(lib.utt_relation(utt, b"Word"))
        while wd:
            syl = lib.item_as(wd, b"SylStructure")
            first = lib.item_as(lib.item_daughter(lib.item_daughter(syl)), b"Segment")
            last = lib.item_as(lib.item_last_daughter(lib.item_last_daughter(syl)), b"Segment")
            prev = lib.item_prev(first)
            words.append((lib.item_feat_string(wd, b"name").decode(),
                          float(lib.item_feat_float(prev, b"end")) if prev else 0.0,
                          float(lib.item_feat_float(last, b"end"))))
            wd = lib.item_next(wd)
        rate = w.sample_rate
    finally:
        lib.delete_utterance(utt)
    return Spoken(_to_16k(pcm, rate), segments_from_ends(named), check_words(job["text"], words))


# ----------------------------------------------------------------------------- dispatch

def _run_chunk(chunk, post=None):
    engine = chunk[0]["engine"]
    if engine == ESPEAK:
        out = [_espeak(j) for j in chunk]
    elif engine == FESTIVAL:
        out = _festival_chunk(chunk)
    elif engine == FREETTS:
        out = _freetts_chunk(chunk)
    elif engine == FLITE:
        out = [_flite(j) for j in chunk]
    else:
        raise ValueError("unknown speech engine: %s" % engine)
    return out if post is None else [post(j, s) for j, s in zip(chunk, out)]


def _run_posted(args):
    return _run_chunk(*args)


def _chunks(jobs, size):
    """Consecutive runs of jobs with the same engine and voice, at most `size` long."""
    out = []
    for k, job in enumerate(jobs):
        key = (job["engine"], job["voice"])
        if out and out[-1][0] == key and len(out[-1][1]) < size:
            out[-1][1].append(k)
        else:
            out.append((key, [k]))
    return [ix for _, ix in out]


def synthesize_many(jobs, workers=2, chunk=64, post=None, log=None):
    """Speaks every job (dicts with engine, voice, text, params); returns [Spoken] in job order,
    or [post(job, Spoken)] when `post` is given (it runs in the worker, e.g. to compute features
    there instead of sending audio back).

    Jobs are grouped into chunks of one engine and voice (sort them by engine and voice first
    for fewer festival and JVM starts); chunks run on `workers` processes."""
    if any(j["engine"] == FREETTS for j in jobs):
        freetts_classes()     # compile once, before the pool forks
    groups = _chunks(jobs, chunk)
    tasks = [([jobs[k] for k in g], post) for g in groups]
    out = [None] * len(jobs)
    done = 0
    if workers <= 1 or len(groups) == 1:
        results = map(_run_posted, tasks)
        pool = None
    else:
        pool = mp.get_context("fork").Pool(workers)
        results = pool.imap(_run_posted, tasks)
    try:
        for g, res in zip(groups, results):
            for k, s in zip(g, res):
                out[k] = s
            done += len(g)
            if log and (done // 2000 != (done - len(g)) // 2000 or done == len(jobs)):
                log("  synthesised %d/%d utterances" % (done, len(jobs)))
    except BaseException:
        if pool is not None:
            pool.terminate()
        raise
    if pool is not None:
        pool.close()
        pool.join()
    return out
