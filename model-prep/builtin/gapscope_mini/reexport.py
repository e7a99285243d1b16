"""Re-export built-in bundles as format 2 (docs/bundle-format.md): decoder layers with a key/value cache.

    PYTHONPATH=model-prep/builtin /usr/bin/python3 -m gapscope_mini.reexport BUNDLE [BUNDLE ...]
    PYTHONPATH=model-prep/builtin /usr/bin/python3 -m gapscope_mini.reexport --index resources/models/models.json

A built-in bundle's TorchScript layers carry their trained weights, so no checkpoint is needed: each
layer's weights are read back into ``model.DecoderLayer`` and written as a ``CachedDecoderLayerPart``
(the same module ``export.write_bundle`` writes). The speech encoder, embedding, LM head, tokenizer
and model card are copied byte for byte; ``bundle.json`` gains ``format_version`` 2 and ``kv_cache``.
Before anything is written, each new layer must give bit-identical output to the old one on a whole
pass, and its cached steps must match the whole pass (to float32 rounding). A bundle is rewritten in a
temporary folder beside it and renamed into place; a format 2 bundle is re-exported the same way.
With ``--index`` every bundle listed in models.json is re-exported and its ``size_bytes`` updated.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile

import torch

from . import export
from .model import CachedDecoderLayerPart, DecoderLayer

ATOL = 1e-4


def read_layer(path):
    """The DecoderLayer inside a built-in layer part of format 1 (the layer itself) or 2 (wrapped)."""
    part = torch.jit.load(path)
    module = part.layer if hasattr(part, "layer") else part
    state = {k: v for k, v in module.state_dict().items()}
    d = state["qkv.weight"].shape[1]
    ffn = state["fc1.weight"].shape[0]
    heads = int(module.heads)
    layer = DecoderLayer(d, heads, ffn)
    layer.load_state_dict({k: v.float() for k, v in state.items()})
    layer = layer.to(state["qkv.weight"].dtype).eval()
    return part, layer


def check_layer(old, new, heads, d, where):
    """The new part must equal the old one on a whole pass and continue it exactly from its cache."""
    g = torch.Generator().manual_seed(0)
    x = torch.randn(1, 24, d, generator=g)
    empty = torch.zeros(1, heads, 0, d // heads)
    with torch.no_grad():
        if old.forward.schema.arguments.__len__() == 2:  # format 1: forward(hidden)
            want = old(x)
        else:
            want = old(x, empty, empty, torch.tensor([0]))[0]
        whole = new(x, empty, empty, torch.tensor([0]))[0]
        if not torch.equal(want, whole):
            raise SystemExit("%s: the re-exported layer differs from the old one by %g"
                             % (where, (want - whole).abs().max().item()))
        h, k, v = new(x[:, :16], empty, empty, torch.tensor([0]))
        steps = [h]
        for i in range(16, 24):
            h, k, v = new(x[:, i:i + 1], k, v, torch.tensor([i]))
            steps.append(h)
        diff = (torch.cat(steps, 1) - whole).abs().max().item()
        if diff > ATOL * max(1.0, whole.abs().max().item()):
            raise SystemExit("%s: cached steps differ from the whole pass by %g" % (where, diff))


def reexport(bundle):
    """Rewrites one bundle folder as format 2; returns its new size in bytes."""
    bundle = os.path.abspath(bundle)
    with open(os.path.join(bundle, "bundle.json")) as f:
        manifest = json.load(f)
    if manifest.get("family") != "gapscope-mini":
        raise SystemExit("%s: family %r; only built-in (gapscope-mini) bundles can be re-exported here"
                         % (bundle, manifest.get("family")))
    parent = os.path.dirname(bundle)
    tmp = tempfile.mkdtemp(dir=parent, prefix=".tmp-reexport-")
    os.chmod(tmp, 0o755)
    try:
        layer_files = set(manifest["parts"]["layers"])
        heads = None
        for root, _, files in os.walk(bundle):
            for name in files:
                rel = os.path.relpath(os.path.join(root, name), bundle)
                if rel == "bundle.json" or rel in layer_files:
                    continue
                os.makedirs(os.path.dirname(os.path.join(tmp, rel)), exist_ok=True)
                shutil.copy2(os.path.join(root, name), os.path.join(tmp, rel))
        for rel in manifest["parts"]["layers"]:
            old, layer = read_layer(os.path.join(bundle, rel))
            heads = layer.heads
            new = torch.jit.script(CachedDecoderLayerPart(layer))
            check_layer(old, new, layer.heads, manifest["hidden_size"], os.path.join(bundle, rel))
            os.makedirs(os.path.dirname(os.path.join(tmp, rel)), exist_ok=True)
            torch.jit.save(new, os.path.join(tmp, rel))
        manifest["format_version"] = export.FORMAT_VERSION
        manifest["kv_cache"] = {"num_kv_heads": heads, "head_dim": manifest["hidden_size"] // heads}
        parts = manifest.pop("parts")
        manifest["parts"] = parts  # keep "parts" last, as export.manifest writes it
        with open(os.path.join(tmp, "bundle.json"), "w") as f:
            json.dump(manifest, f, indent=2)
            f.write("\n")
        old_dir = bundle + ".old-format"
        os.replace(bundle, old_dir)
        os.replace(tmp, bundle)
        shutil.rmtree(old_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return export.dir_size(bundle)


def reexport_index(index_path):
    """Re-exports every bundle of a models.json and writes its new size_bytes (atomically)."""
    with open(index_path) as f:
        index = json.load(f)
    root = os.path.dirname(os.path.abspath(index_path))
    for b in index["bundles"]:
        b["size_bytes"] = reexport(os.path.join(root, b["path"]))
        print("re-exported %s (%d bytes)" % (b["path"], b["size_bytes"]))
    fd, tmp = tempfile.mkstemp(dir=root, prefix=".models-", suffix=".json")
    with os.fdopen(fd, "w") as f:
        json.dump(index, f, indent=1)
        f.write("\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, index_path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundles", nargs="*", help="built-in bundle folders to rewrite in place")
    parser.add_argument("--index", help="models.json: re-export every bundle it lists and update size_bytes")
    args = parser.parse_args(argv)
    if not args.bundles and not args.index:
        parser.error("give bundle folders or --index")
    torch.set_num_threads(1)
    for b in args.bundles:
        print("re-exported %s (%d bytes)" % (b, reexport(b)))
    if args.index:
        reexport_index(args.index)
    return 0


if __name__ == "__main__":
    sys.exit(main())
