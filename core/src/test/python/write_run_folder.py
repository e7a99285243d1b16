#!/usr/bin/python3
"""Writes a GapScope run folder from docs/run-format.md alone (NumPy only): a stand-in for another program.

Usage: write_run_folder.py OUT_DIR MODEL_NAME NOISE SEED

A made-up model: each word has a random direction per layer; the text capture of a question holds its
words' vectors, the speech capture two noisy positions per word (NOISE times a unit Gaussian), so
matched pairs are more alike than mismatched ones, less so the larger NOISE. The "model" answers the
typed question with its last word and the spoken one with its last word when the noise is small.
Written: the dataset (examples.jsonl, with a broken line), run.json, results.jsonl (an evaluated
example per good line, one whose audio failed after its text pass, the broken line), captures
(float16, every hidden state), status.json.
"""
import hashlib
import json
import os
import sys

import numpy as np

LAYERS = 5          # hidden states 0..4 (4 decoder layers)
D = 16
QUESTIONS = [
    ("q1", "what color is the sky blue", "blue"),
    ("q2", "how many legs has a cat four", "four"),
    ("q3", "where is the moon at night sky", "sky"),
    ("q4", "is the sun big yes", "yes"),
    ("q5", "what color is grass green", "green"),
    ("q6", "how many eyes two", "two"),
    ("q7", "name a small animal mouse", "mouse"),
    ("q8", "which letter comes first a", "a"),
]


def word_vector(word, layer):
    seed = int(hashlib.sha256(word.encode("utf-8")).hexdigest()[:8], 16)
    v = np.random.default_rng(seed).standard_normal((LAYERS, D))[layer]
    v[0] += 0.4 * layer  # a direction every word shares, growing with depth (anisotropy)
    return v


def utf8(obj):
    return np.frombuffer(json.dumps(obj).encode("utf-8"), dtype=np.uint8)


def save_capture(path, hidden, tokens, times, modality, example, model):
    meta = {"model": model, "modality": modality, "example": example, "program_version": "write_run_folder 1"}
    tmp = path + ".tmp.npz"
    np.savez(tmp, hidden=hidden.astype(np.float16), tokens=utf8(tokens), times=np.asarray(times, dtype=np.float32),
             meta=utf8(meta))
    os.replace(tmp, path)


def main():
    out, model, noise, seed = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
    rng = np.random.default_rng(seed)
    os.makedirs(os.path.join(out, "captures"), exist_ok=True)
    dataset_lines = []
    for qid, transcript, answer in QUESTIONS:
        dataset_lines.append(json.dumps({"id": qid, "audio": f"wav/{qid}.wav", "transcript": transcript,
                                         "answer": answer, "task": "toy"}))
    dataset_lines.insert(3, '{"id": "broken", "audio": ')
    dataset_lines.append(json.dumps({"id": "lost", "audio": "wav/lost.wav", "transcript": "is it here yes",
                                     "answer": "yes", "task": "toy"}))
    dataset = os.path.join(out, "examples.jsonl")
    with open(dataset, "w", encoding="utf-8") as f:
        f.write("\n".join(dataset_lines) + "\n")
    sha = hashlib.sha256(open(dataset, "rb").read()).hexdigest()
    run = {"format": "gapscope-run", "format_version": 2, "command": "capture", "model": model,
           "model_fingerprint": model + "-fingerprint", "dataset": os.path.abspath(dataset),
           "dataset_sha256": sha, "shard": "1/1", "settings": {"max_tokens": 8, "capture_dtype": "float16"},
           "program_version": "write_run_folder 1"}
    with open(os.path.join(out, "run.json"), "w", encoding="utf-8") as f:
        json.dump(run, f, indent=2)
    records = []
    by_id = {q[0]: q for q in QUESTIONS}
    for number, text in enumerate(dataset_lines, start=1):
        try:
            example = json.loads(text)
        except json.JSONDecodeError as e:
            records.append({"line": number, "status": "failed", "id": None, "task": "", "gold": [],
                            "stage": "dataset", "reason": f"line {number}: not valid JSON ({e.msg})"})
            continue
        qid, words = example["id"], example["transcript"].split()
        text_hidden = np.stack([np.stack([word_vector(w, l) for w in words]) for l in range(LAYERS)])
        text_file = f"captures/L{number:06d}-{qid}.text.npz"
        save_capture(os.path.join(out, text_file), text_hidden, words, [], "text", qid, model)
        record = {"line": number, "status": "ok", "id": qid, "task": example["task"], "gold": [example["answer"]],
                  "text": {"answer": words[-1]}, "captures": {"text": text_file}}
        if qid not in by_id:
            record.update({"status": "failed", "stage": "audio", "reason": f"{example['audio']}: no such file"})
            records.append(record)
            continue
        positions = 2 * len(words)
        speech_hidden = np.stack([
            np.stack([1.5 * word_vector(words[i // 2], l) + noise * rng.standard_normal(D) for i in range(positions)])
            for l in range(LAYERS)])
        seconds = 0.25 * len(words)
        speech_file = f"captures/L{number:06d}-{qid}.speech.npz"
        save_capture(os.path.join(out, speech_file), speech_hidden, [f"s{i}" for i in range(positions)],
                     [i * seconds / positions for i in range(positions)], "speech", qid, model)
        spoken = words[-1] if rng.random() > noise / 2 else "hmm"
        record["speech"] = {"answer": spoken, "positions": positions, "seconds": seconds}
        record["captures"]["speech"] = speech_file
        records.append(record)
    with open(os.path.join(out, "results.jsonl"), "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    status = {"entries": len(records), "records": len(records), "complete": True}
    with open(os.path.join(out, "status.json.tmp"), "w", encoding="utf-8") as f:
        json.dump(status, f)
    os.replace(os.path.join(out, "status.json.tmp"), os.path.join(out, "status.json"))


if __name__ == "__main__":
    main()
