"""Pre-render Vega-Lite specs to SVG with vl-convert, cached by a hash of the spec.

Used for the state maps: an <img> of a pre-rendered SVG needs no JavaScript and loads no geometry, which
keeps state pages fast on phones. vl-convert cannot read file:// URLs (the chart silently renders empty),
so specs rendered here carry their data inline. ~0.5 s a map; the cache makes rebuilds free.
"""
from __future__ import annotations

import hashlib
import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def spec_hash(spec: dict) -> str:
    return hashlib.sha256(json.dumps(spec, sort_keys=True, separators=(",", ":")).encode()).hexdigest()[:16]


def render_svg(spec: dict, cache_dir: Path) -> str:
    """The SVG of `spec`, from the cache when the same spec was rendered before."""
    import vl_convert

    path = cache_dir / f"{spec_hash(spec)}-{vl_convert.__version__}.svg"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    svg = vl_convert.vegalite_to_svg(spec)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{id(spec)}.tmp")
    tmp.write_text(svg, encoding="utf-8")
    tmp.replace(path)
    return svg


def render_many(specs: dict[str, dict], cache_dir: Path, workers: int = 2) -> dict[str, str]:
    """Render several specs on `workers` threads (vl-convert works outside the GIL)."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {key: pool.submit(render_svg, spec, cache_dir) for key, spec in specs.items()}
        return {key: f.result() for key, f in futures.items()}


def svg_size(svg: str) -> tuple[int, int]:
    """(width, height) from the root element, so the page can reserve the image's space."""
    head = svg[:400]
    w = re.search(r'width="([\d.]+)"', head)
    h = re.search(r'height="([\d.]+)"', head)
    return (round(float(w.group(1))) if w else 0, round(float(h.group(1))) if h else 0)
