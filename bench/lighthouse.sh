#!/usr/bin/env bash
# Lighthouse (mobile, default simulated throttling, offline) against the home page, Mecklenburg County NC and
# a state page of the built site, served on 127.0.0.1. Prints the median of 3 runs of the performance and
# accessibility scores per page. Targets: both >= 0.95.
#
#   make site && bench/lighthouse.sh            # uses site/
#   SITE=bench/out/site bench/lighthouse.sh     # any built site
#
# Lighthouse is heavy, so it is installed on demand into bench/out/lighthouse (npm registry), not in package.json.
# 12.8.2 runs on this Node and Debian's Chromium; 12.2.x errors on several audits with it.
set -euo pipefail
cd "$(dirname "$0")/.."
SITE=${SITE:-site}
RUNS=${RUNS:-3}
PAGES=${PAGES:-"/ /counties/37119/ /states/nc/"}
LH_DIR=bench/out/lighthouse
OUT=bench/out/lighthouse-reports
export CHROME_PATH=${CHROME_PATH:-/usr/lib/chromium/chromium}

if [ ! -x "$LH_DIR/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$LH_DIR"
  npm install --prefix "$LH_DIR" --no-audit --no-fund --silent lighthouse@12.8.2
fi
test -f "$SITE/index.html" || { echo "error: $SITE/index.html missing: build the site first (make site)" >&2; exit 2; }

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# A static server that gzips text like any production host (GitHub Pages, Netlify) does; python's
# http.server does not, which would make Lighthouse measure 3-4x the bytes a reader downloads.
mkdir -p bench/out
cat > bench/out/gzip_server.py <<'PY'
import functools, gzip, http.server, io, sys
class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a): pass
class GzipHandler(Handler):
    def send_head(self):
        import os
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.endswith("/"):
                return super().send_head()
            path = os.path.join(path, "index.html")
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not os.path.isfile(path) or not path.endswith(
                (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml")):
            return super().send_head()
        body = gzip.compress(open(path, "rb").read(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])),
                                functools.partial(GzipHandler, directory=sys.argv[2])).serve_forever()
PY
python3 bench/out/gzip_server.py "$PORT" "$SITE" >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null' EXIT
sleep 1
mkdir -p "$OUT"

for page in $PAGES; do
  name=$(echo "$page" | tr '/' '_')
  for run in $(seq 1 "$RUNS"); do
    "$LH_DIR/node_modules/.bin/lighthouse" "http://127.0.0.1:$PORT$page" --quiet \
      --only-categories=performance,accessibility --output=json --output-path="$OUT/$name-$run.json" \
      --chrome-flags="--headless=new --no-sandbox --host-resolver-rules=\"MAP * ~NOTFOUND, EXCLUDE 127.0.0.1\"" \
      >/dev/null 2>"$OUT/$name-$run.log" || { echo "lighthouse failed on $page (see $OUT/$name-$run.log)" >&2; }
  done
  python3 - "$OUT" "$name" "$page" "$RUNS" <<'PY'
import json, statistics, sys
from pathlib import Path
out, name, page, runs = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
perf, a11y, metrics = [], [], []
for i in range(1, runs + 1):
    f = out / f"{name}-{i}.json"
    if not f.exists():
        continue
    r = json.loads(f.read_text())
    perf.append(r["categories"]["performance"]["score"] or 0)
    a11y.append(r["categories"]["accessibility"]["score"] or 0)
    a = r["audits"]
    metrics.append({k: a[k]["numericValue"] for k in ("first-contentful-paint", "largest-contentful-paint",
                                                      "total-blocking-time", "cumulative-layout-shift")})
if not perf:
    print(f"{page}: no successful run"); sys.exit(0)
m = metrics[len(metrics) // 2]
print(f"{page}: performance {statistics.median(perf):.2f} accessibility {statistics.median(a11y):.2f} "
      f"(runs: {perf} / {a11y}; FCP {m['first-contentful-paint']:.0f} ms, LCP {m['largest-contentful-paint']:.0f} ms, "
      f"TBT {m['total-blocking-time']:.0f} ms, CLS {m['cumulative-layout-shift']:.3f})")
PY
done
