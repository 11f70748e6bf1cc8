"""Start-up cost of a model folder: `FrameClassifier.load` against loading the bare base encoder and its
tokenizer with transformers' `AutoModel` / `AutoTokenizer.from_pretrained`, in the same process and run. Each is timed `--repeat` times in
alternation (after one warm-up of each, so the files are in the page cache) and the medians are compared.
Prints a Markdown row per model; see RESULTS.md.

    .venv/bin/python benchmarks/bench_load.py [--model default] [--model models/my-lora-model] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", action="append", help="model folder or alias (repeatable; default: the bundled default)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from transformers import AutoModel, AutoTokenizer

    from nlp.encoders import quiet_transformers, resolve_base_model
    from nlp.frames.classifier import META_FILE, FrameClassifier, ModelMeta, resolve_model_dir

    quiet_transformers()
    for model in args.model or ["default"]:
        path = resolve_model_dir(model)
        meta = ModelMeta.from_json(json.loads((path / META_FILE).read_text(encoding="utf-8")))
        base = resolve_base_model(meta.base_model)

        def load_base() -> None:
            AutoModel.from_pretrained(base, add_pooling_layer=False)
            AutoTokenizer.from_pretrained(base)

        def load_model() -> None:
            FrameClassifier.load(model)

        load_base(), load_model()  # warm-up: files into the page cache, imports done
        base_s, model_s = [], []
        for _ in range(args.repeat):
            for fn, out in ((load_base, base_s), (load_model, model_s)):
                start = time.perf_counter()
                fn()
                out.append(time.perf_counter() - start)
        b, m = statistics.median(base_s), statistics.median(model_s)
        size = sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file()) / 1e6
        print(f"| {meta.name} {meta.version} | {meta.storage} | {size:.1f} | {b:.2f} | {m:.2f} | {m / b:.2f}x |")


if __name__ == "__main__":
    main()
