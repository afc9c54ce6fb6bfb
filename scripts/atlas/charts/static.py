"""Pre-render Vega-Lite specs to SVG (or PNG) with vl-convert, cached by a hash of the spec.

Used for the state maps: an <img> of a pre-rendered SVG needs no JavaScript and loads no geometry, which
keeps state pages fast on phones. The county charts and the national maps are pre-rendered too, so a reader
without JavaScript sees them (atlas.js replaces them with the interactive chart). PNGs are the pages'
social-card images (og:image): link previews cannot show SVG. vl-convert cannot read file:// URLs (the chart silently renders empty),
so specs rendered here carry their data inline. ~0.5 s a map; the cache makes rebuilds free.
"""
from __future__ import annotations

import hashlib
import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def fixed_width(spec: dict, width: int) -> dict:
    """A chart spec drawn `width` pixels wide on a white card, for pre-rendering (pages use width "container",
    which vl-convert has no container to measure)."""
    return {**spec, "width": width, "config": {**spec.get("config", {}), "background": "#ffffff"}}


def spec_hash(spec: dict) -> str:
    return hashlib.sha256(json.dumps(spec, sort_keys=True, separators=(",", ":")).encode()).hexdigest()[:16]


def render_svg(spec: dict, cache_dir: Path) -> str:
    """The SVG of `spec`, from the cache when the same spec was rendered before."""
    return render_svg_file(spec, cache_dir).read_text(encoding="utf-8")


def render_svg_file(spec: dict, cache_dir: Path) -> Path:
    """The cached SVG file of `spec` (rendered once). A file, so the site copies it without reading it: the county
    charts are ~200 MB of SVG per language, which strings would read, decode, encode and write again."""
    import vl_convert

    path = cache_dir / f"{spec_hash(spec)}-{vl_convert.__version__}.svg"
    if path.is_file():
        return path
    svg = vl_convert.vegalite_to_svg(spec)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{id(spec)}.tmp")
    tmp.write_text(svg, encoding="utf-8")
    tmp.replace(path)
    return path


def render_png(spec: dict, cache_dir: Path, scale: float = 1.0) -> Path:
    """The cached PNG file of `spec` (rendered once; a file, so the site copies it without reading it)."""
    import vl_convert

    path = cache_dir / f"{spec_hash(spec)}-{scale:g}x-{vl_convert.__version__}.png"
    if path.is_file():
        return path
    png = vl_convert.vegalite_to_png(spec, scale=scale)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{id(spec)}.tmp")
    tmp.write_bytes(png)
    tmp.replace(path)
    return path


def render_many(specs: dict[str, dict], cache_dir: Path, workers: int = 2) -> dict[str, str]:
    """Render several specs to SVG on `workers` threads (vl-convert works outside the GIL)."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {key: pool.submit(render_svg, spec, cache_dir) for key, spec in specs.items()}
        return {key: f.result() for key, f in futures.items()}


def render_many_files(specs: dict[str, dict], cache_dir: Path, workers: int = 2) -> dict[str, Path]:
    """render_many, as the cached SVG files."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {key: pool.submit(render_svg_file, spec, cache_dir) for key, spec in specs.items()}
        return {key: f.result() for key, f in futures.items()}


def svg_file_size(path: Path) -> tuple[int, int]:
    """svg_size of an SVG file, from its first bytes only."""
    with path.open(encoding="utf-8", errors="replace") as fh:
        return svg_size(fh.read(400))


def render_many_png(specs: dict[str, dict], cache_dir: Path, workers: int = 2) -> dict[str, Path]:
    """Render several specs to PNG files on `workers` threads."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {key: pool.submit(render_png, spec, cache_dir) for key, spec in specs.items()}
        return {key: f.result() for key, f in futures.items()}


def svg_size(svg: str) -> tuple[int, int]:
    """(width, height) from the root element, so the page can reserve the image's space."""
    head = svg[:400]
    w = re.search(r'width="([\d.]+)"', head)
    h = re.search(r'height="([\d.]+)"', head)
    return (round(float(w.group(1))) if w else 0, round(float(h.group(1))) if h else 0)
