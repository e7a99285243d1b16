"""Speak an example set's transcripts again with other speech engines: a new example set.

    /usr/bin/python3 -m gapscope_mini.respeak --data SET.jsonl --out DIR \\
        --voice flite:slt --voice flite:rms [--voice festival:kal_diphone ...]

Writes DIR/examples.jsonl and DIR/wav/: one example per input example and voice (id
``<id>-<engine>-<voice>``), with the input's transcript, answer and task, the engine's default
speed and pitch, and the word timings the engine reports (``words``). With it, any bundle can be
evaluated on the same questions spoken by an engine it never heard (``gapscope evaluate``).
"""

import argparse
import json
import os
import sys

from . import engines, files, speech
from .finish import words_field


def parse_voice(spec):
    engine, _, voice = spec.partition(":")
    if engine not in engines.ENGINES or not voice:
        raise ValueError("--voice wants ENGINE:VOICE with ENGINE one of %s, got %r"
                         % (", ".join(engines.ENGINES), spec))
    return engine, voice


def default_params(engine):
    return {"speed": 175, "pitch": 50} if engine == engines.ESPEAK else {}


def respeak(rows, voices, out_dir, workers=2, log=print):
    jobs, meta = [], []
    for engine, voice in voices:
        for r in rows:
            text = " ".join(engines.check_text(r["transcript"].lower()).split())
            jobs.append(dict(engine=engine, voice=voice, text=text, params=default_params(engine)))
            meta.append((r, engine, voice))
    spoken = engines.synthesize_many(jobs, workers=workers)
    with files.atomic_folder(out_dir, ".tmp-respeak-") as tmp:
        os.makedirs(os.path.join(tmp, "wav"))
        lines = []
        for (r, engine, voice), s in zip(meta, spoken):
            ex_id = "%s-%s-%s" % (r["id"], engine, voice)
            speech.write_wav(os.path.join(tmp, "wav", ex_id + ".wav"), s.pcm)
            row = {"id": ex_id, "audio": "wav/%s.wav" % ex_id, "transcript": r["transcript"],
                   "answer": r["answer"], "engine": engine, "voice": voice,
                   "words": words_field(s)}
            if "task" in r:
                row["task"] = r["task"]
            lines.append(json.dumps(row))
        with open(os.path.join(tmp, "examples.jsonl"), "w") as f:
            f.write("\n".join(lines) + "\n")
    log("wrote %d examples to %s" % (len(lines), out_dir))


def main(argv=None):
    ap = argparse.ArgumentParser(prog="gapscope_mini.respeak", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="example set (JSON Lines) to speak again")
    ap.add_argument("--out", required=True, help="folder for the new example set")
    ap.add_argument("--voice", action="append", required=True, metavar="ENGINE:VOICE")
    a = ap.parse_args(argv)
    try:
        voices = [parse_voice(v) for v in a.voice]
        for engine, _ in voices:
            if not engines.available(engine):
                raise ValueError("speech engine %s is not installed" % engine)
        with open(a.data, encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
        respeak(rows, voices, a.out)
    except (ValueError, OSError, RuntimeError) as e:
        print("respeak: %s" % e, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
