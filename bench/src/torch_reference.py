#!/usr/bin/python3
"""PyTorch peer of `npx nx run core:bench --vs-torch`.

Runs the same BERT encoder (post-LN, exact GELU, pooler + classifier; HF BertForSequenceClassification's
computation written out in plain torch, since transformers is not installable here), with the weights and
the batch that bench/core.ts wrote, and times the same four configurations interleaved round by round:

  full-ft  forward + backward + AdamW over every parameter
  red      RED eq. 3: h2 = l_scaling * h1 + l_bias on every layer's FFN output; backbone frozen, pooler and
           classifier trained (what @peftbench/method-red trains for sequence classification)
  lora     y = x W^T + b + (x A^T B^T) * alpha / r on query and value (HF PEFT lora.Linear), A and B from
           the bench's own LoRA initialisation; backbone frozen, pooler and classifier trained
  forward  inference-mode forward under torch.no_grad()

One train step = zero_grad, forward, cross-entropy, backward, AdamW.step (lr 1e-4, weight decay 0.01 on >= 2-D
weights other than LayerNorm, as peftbench's registry decides), the same unit the tfjs side times.

Usage: /usr/bin/python3 torch_reference.py --dir DIR [--steps N] [--warmup W] [--threads T]
Prints one JSON object on the last line of stdout. Set OMP_WAIT_POLICY=PASSIVE (performance-notes.md item 7).
"""
import argparse
import json
import math
import os
import struct
import sys
import time

import torch
import torch.nn.functional as F

VARIANTS = ["full-ft", "red", "lora", "forward"]
LR = 1e-4
WEIGHT_DECAY = 0.01


def read_safetensors(path):
    """Minimal safetensors reader (F32 only): 8-byte little-endian header size, JSON header, raw data.

    The `safetensors` Python package is not installable offline here; the format is documented at
    huggingface/safetensors and this is all the bench needs.
    """
    with open(path, "rb") as f:
        data = f.read()
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    base = 8 + size
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] != "F32":
            raise ValueError(f"{path} [{name}]: dtype {entry['dtype']} is not F32")
        start, end = entry["data_offsets"]
        buf = bytearray(data[base + start : base + end])
        out[name] = torch.frombuffer(buf, dtype=torch.float32).reshape(entry["shape"]).clone()
    return out


class Bert:
    """BertForSequenceClassification's forward as plain tensor code over a dict of HF-named parameters."""

    def __init__(self, cfg, tensors, variant, lora_tensors, lora_scaling):
        self.cfg = cfg
        self.p = {k: torch.nn.Parameter(v.clone()) for k, v in tensors.items()}
        self.variant = variant
        self.red = {}
        self.lora = {}
        self.lora_scaling = lora_scaling
        d = cfg["hidden_size"]
        head = [k for k in self.p if k.startswith("classifier.") or k.startswith("bert.pooler.")]
        if variant in ("red", "lora", "forward"):
            for k, v in self.p.items():
                v.requires_grad_(variant != "forward" and k in head)
        if variant == "red":
            for i in range(cfg["num_hidden_layers"]):
                self.red[i] = (torch.nn.Parameter(torch.ones(d)), torch.nn.Parameter(torch.zeros(d)))
        if variant == "lora":
            for key, value in lora_tensors.items():
                if ".lora_" not in key:
                    continue  # the adapter file also holds the trained head (modules_to_save)
                # HF PEFT keys: base_model.model.<module>.lora_A.weight ([r, in]) / lora_B.weight ([out, r])
                module, which = key[len("base_model.model.") :].rsplit(".lora_", 1)
                slot = self.lora.setdefault(module, [None, None])
                slot[0 if which.startswith("A") else 1] = torch.nn.Parameter(value.clone())

    def trainable(self):
        params = [v for v in self.p.values() if v.requires_grad]
        params += [t for pair in self.red.values() for t in pair]
        params += [t for pair in self.lora.values() for t in pair]
        return params

    def param_groups(self):
        """Decoupled weight decay on >= 2-D weights except LayerNorm (peftbench ParameterRegistry's rule)."""
        named = [(k, v) for k, v in self.p.items() if v.requires_grad]
        named += [(f"red.{i}.{j}", t) for i, pair in self.red.items() for j, t in enumerate(pair)]
        named += [(f"{m}.lora_{j}", t) for m, pair in self.lora.items() for j, t in enumerate(pair)]
        decay = [t for k, t in named if t.dim() >= 2 and "LayerNorm" not in k]
        rest = [t for k, t in named if not (t.dim() >= 2 and "LayerNorm" not in k)]
        return [{"params": decay, "weight_decay": WEIGHT_DECAY}, {"params": rest, "weight_decay": 0.0}]

    def linear(self, name, x):
        y = F.linear(x, self.p[name + ".weight"], self.p[name + ".bias"])
        pair = self.lora.get(name)
        if pair is not None:
            a, b = pair
            y = y + F.linear(F.linear(x, a), b) * self.lora_scaling
        return y

    def layer_norm(self, name, x):
        return F.layer_norm(x, (x.shape[-1],), self.p[name + ".weight"], self.p[name + ".bias"], self.cfg["layer_norm_eps"])

    def forward(self, ids, types, mask, training):
        c = self.cfg
        hdrop = c["hidden_dropout_prob"]
        adrop = c["attention_probs_dropout_prob"]
        B, T = ids.shape
        pos = torch.arange(T).unsqueeze(0).expand(B, T)
        h = self.p["bert.embeddings.word_embeddings.weight"][ids]
        h = h + self.p["bert.embeddings.token_type_embeddings.weight"][types]
        h = h + self.p["bert.embeddings.position_embeddings.weight"][pos]
        h = F.dropout(self.layer_norm("bert.embeddings.LayerNorm", h), hdrop, training)
        additive = (1.0 - mask[:, None, None, :]) * -1e9
        H = c["num_attention_heads"]
        dh = c["hidden_size"] // H
        for i in range(c["num_hidden_layers"]):
            l = f"bert.encoder.layer.{i}"
            split = lambda z: z.view(B, T, H, dh).transpose(1, 2)
            q = split(self.linear(f"{l}.attention.self.query", h))
            k = split(self.linear(f"{l}.attention.self.key", h))
            v = split(self.linear(f"{l}.attention.self.value", h))
            scores = q @ k.transpose(-1, -2) / math.sqrt(dh) + additive
            probs = F.dropout(torch.softmax(scores, -1), adrop, training)
            ctx = (probs @ v).transpose(1, 2).reshape(B, T, H * dh)
            a = F.dropout(self.linear(f"{l}.attention.output.dense", ctx), hdrop, training)
            h = self.layer_norm(f"{l}.attention.output.LayerNorm", a + h)
            f = F.gelu(self.linear(f"{l}.intermediate.dense", h))  # exact erf GELU (hidden_act 'gelu')
            f = self.linear(f"{l}.output.dense", f)
            if i in self.red:
                scaling, bias = self.red[i]
                f = f * scaling + bias  # RED eq. 3 on the FFN output, before dropout and the residual
            f = F.dropout(f, hdrop, training)
            h = self.layer_norm(f"{l}.output.LayerNorm", f + h)
        pooled = torch.tanh(self.linear("bert.pooler.dense", h[:, 0]))
        return self.linear("classifier", F.dropout(pooled, hdrop, training))


def loaded_blas():
    """The BLAS library this process mapped (Debian's torch links libblas.so.3, which update-alternatives
    points at reference BLAS or OpenBLAS: 21x apart, performance-notes.md item 7)."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
        return sorted(os.path.realpath(p) for p in paths)
    except OSError:
        return []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    with open(os.path.join(args.dir, "config.json")) as f:
        cfg = json.load(f)
    with open(os.path.join(args.dir, "batch.json")) as f:
        batch = json.load(f)
    with open(os.path.join(args.dir, "lora.json")) as f:
        lora_cfg = json.load(f)
    tensors = read_safetensors(os.path.join(args.dir, "model.safetensors"))
    lora_tensors = read_safetensors(os.path.join(args.dir, "lora.safetensors"))
    ids = torch.tensor(batch["inputIds"], dtype=torch.long)
    types = torch.tensor(batch["tokenTypeIds"], dtype=torch.long)
    mask = torch.tensor(batch["attentionMask"], dtype=torch.float32)
    labels = torch.tensor(batch["labels"], dtype=torch.long)
    scaling = lora_cfg["lora_alpha"] / lora_cfg["r"]

    models = {v: Bert(cfg, tensors, v, lora_tensors, scaling) for v in VARIANTS}
    with torch.no_grad():
        eval_loss = F.cross_entropy(models["forward"].forward(ids, types, mask, False), labels).item()
    optims = {v: torch.optim.AdamW(models[v].param_groups(), lr=LR, eps=1e-8) for v in VARIANTS if v != "forward"}
    losses = {v: [] for v in VARIANTS if v != "forward"}

    def step(v):
        m = models[v]
        if v == "forward":
            with torch.no_grad():
                m.forward(ids, types, mask, False)
            return
        opt = optims[v]
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(m.forward(ids, types, mask, True), labels)
        loss.backward()
        opt.step()
        losses[v].append(loss.item())

    ms = {v: [] for v in VARIANTS}
    for rnd in range(-args.warmup, args.steps):
        for v in VARIANTS:
            t0 = time.perf_counter()
            step(v)
            dt = (time.perf_counter() - t0) * 1e3
            if rnd >= 0:
                ms[v].append(dt)
    med = {v: sorted(x)[len(x) // 2] if len(x) % 2 else sum(sorted(x)[len(x) // 2 - 1 : len(x) // 2 + 1]) / 2 for v, x in ms.items()}
    print(
        json.dumps(
            {
                "torch": torch.__version__,
                "python": sys.version.split()[0],
                "threads": torch.get_num_threads(),
                "blas": loaded_blas(),
                "steps": args.steps,
                "warmup": args.warmup,
                "trainableParams": {v: sum(t.numel() for t in models[v].trainable()) for v in VARIANTS if v != "forward"},
                "ms": ms,
                "medianMs": med,
                "losses": {v: x[args.warmup :] for v, x in losses.items()},
                "evalLoss": eval_loss,
            }
        )
    )


if __name__ == "__main__":
    main()
