"""bench/aggregate.py runs end to end on 10,000 SYNTHETIC records and prints its figures."""
from __future__ import annotations

import re
import subprocess
import sys

from atlas.paths import REPO_ROOT


def test_aggregate_bench_smoke(tmp_path):
    result = subprocess.run([sys.executable, str(REPO_ROOT / "bench" / "aggregate.py"), "--records", "10000",
                             "--out", str(tmp_path), "--repeat", "1"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("SYNTHETIC BENCHMARK DATA")
    assert "records: 10,000 (synthetic)" in out
    assert re.search(r"records/second: [\d,]+", out) and re.search(r"peak memory: [\d,]+ MB", out)
    assert list(tmp_path.glob("SYNTHETIC-detainers-10000.parquet"))
