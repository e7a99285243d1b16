"""Stage: the language model learns the world from text (question answering and repeating)."""

import json
import os
import random
import time

import torch

from . import common
from .model import LanguageModel
from .tokenizer import WordTokenizer


def text_examples(tok, items):
    ex = []
    for it in items:
        for task in ("qa", "repeat"):
            ex.append(common.example_tokens(tok, it["question"], it["answer"], task))
    return ex


def run(work, cfg, log):
    common.setup_torch(cfg["seed"] + 1)
    with open(os.path.join(work, "world.json")) as f:
        world = json.load(f)
    tok = WordTokenizer.load(os.path.join(work, "tokenizer.json"))
    lm = LanguageModel(len(tok), cfg["d"], cfg["layers"], cfg["heads"], cfg["ffn"])
    examples = text_examples(tok, world["items"])
    # the vocabulary lists the speech data holds: the language model learns to repeat them too
    with open(os.path.join(work, "data.json")) as f:
        lists = sorted({u["text"] for u in json.load(f)["plan"] if u["set"] == "vocab"})
    examples += [common.example_tokens(tok, t, "", "repeat") for t in lists]
    test_items = [it for it in world["items"] if it["split"] == "test"]
    test_qa = [common.example_tokens(tok, it["question"], it["answer"], "qa") for it in test_items]
    params = [p for p in lm.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=cfg["lm_lr"], weight_decay=0.01)
    rng = random.Random(cfg["seed"] + 2)
    steps, bs = cfg["lm_steps"], cfg["lm_batch"]
    log("language model: %d parameters, %d text examples (%d vocabulary lists), %d steps"
        % (sum(p.numel() for p in params), len(examples), len(lists), steps))
    t0 = time.time()
    skipped = 0
    run_loss = 0.0
    for step in range(steps):
        for g in opt.param_groups:
            g["lr"] = common.lr_at(step, steps, cfg["lm_lr"], 200)
        inputs, labels = common.build_batch(lm, tok, rng.sample(examples, bs))
        loss = common.batch_loss(lm, inputs, labels)
        if not common.finite_step(params, opt, loss):
            skipped += 1
        else:
            run_loss = 0.98 * run_loss + 0.02 * float(loss) if step else float(loss)
        if (step + 1) % 500 == 0 or step + 1 == steps:
            lm.eval()
            acc = sum(common.exact_match(lm, tok, test_qa)) / max(1, len(test_qa))
            lm.train()
            log("lm step %d/%d loss %.4f held-out-item text accuracy %.3f (%.0f s)"
                % (step + 1, steps, run_loss, acc, time.time() - t0))
    lm.eval()
    all_qa = [common.example_tokens(tok, it["question"], it["answer"], "qa")
              for it in world["items"]]
    acc_all = sum(common.exact_match(lm, tok, all_qa)) / len(all_qa)
    rep = [common.example_tokens(tok, it["question"], it["answer"], "repeat") for it in test_items]
    acc_rep = sum(common.exact_match(lm, tok, rep)) / max(1, len(rep))
    log("lm done: text accuracy all items %.4f, repeat accuracy %.4f, skipped steps %d"
        % (acc_all, acc_rep, skipped))
    torch.save({"state": lm.state_dict(), "cfg": cfg, "text_acc_all": acc_all,
                "repeat_acc": acc_rep, "wall_s": time.time() - t0},
               os.path.join(work, "lm.pt"))
