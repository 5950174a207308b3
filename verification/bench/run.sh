#!/usr/bin/env bash
# Java (bench command) and PyTorch (torch_bench.py) on the same shapes, interleaved in one run.
# Usage: bash verification/bench/run.sh [ROUNDS]     (from the repository root; default 3 rounds)
# Writes verification/bench/RESULTS.md, results.json, runs.jsonl and scaling.png.
# Needs: the jar (built here if missing), /usr/bin/python3 with torch, Debian's libopenblas0-pthread
# (without it torch uses the reference BLAS and the comparison is meaningless; the script checks).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
DIR=verification/bench
JAR=${JAR:-target/spectral-ssl.jar}
if [ ! -f "$JAR" ]; then
  mvn -q -B -o -DskipTests package
fi
JAVA=(java --add-modules jdk.incubator.vector -jar "$JAR" bench)
# The strongest PyTorch peer here: OpenBLAS's AVX-512 kernels (the machine's OPENBLAS_CORETYPE and
# OPENBLAS_L2_SIZE are unset, together, for this command only) and no OpenMP spinning.
PY=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 "$DIR/torch_bench.py")
if ! dpkg -s libopenblas0-pthread >/dev/null 2>&1; then
  echo "libopenblas0-pthread is not installed: PyTorch would use the reference BLAS; apt-get install libopenblas0-pthread" >&2
  exit 2
fi
RUNS=$DIR/runs.jsonl
: > "$RUNS"
log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }
# one SIDE NAME ROUND ARGS...: runs one side and appends {"side","round","command","uptime","result"} to runs.jsonl
one() {
  local side=$1 name=$2 round=$3; shift 3
  local cmd out load
  if [ "$side" = java ]; then cmd=("${JAVA[@]}" "$name" "$@"); else cmd=("${PY[@]}" "$name" "$@"); fi
  load=$(uptime | sed 's/.*load average: //')
  out=$("${cmd[@]}" 2>/dev/null | tail -1)
  /usr/bin/python3 - "$side" "$name" "$round" "$load" "$out" "${cmd[*]}" >> "$RUNS" <<'PYEOF'
import json, sys
side, name, rnd, load, out, cmd = sys.argv[1:7]
print(json.dumps({"side": side, "bench": name, "round": int(rnd), "load": load, "command": cmd,
                  "result": json.loads(out)}))
PYEOF
  log "$side $name $* : $(echo "$out" | /usr/bin/python3 -c 'import json,sys; print("%.4f s" % json.load(sys.stdin)["median_s"])')"
}
log "uptime: $(uptime)"
for r in $(seq 1 "$ROUNDS"); do
  for side in java torch; do one $side intl $r --mode samples --m 256 --d 2048 --T 4 --dtype float32 --threads 2 --repeats 10; done
  for side in java torch; do one $side intl $r --mode samples --m 256 --d 2048 --T 4 --dtype float64 --threads 2 --repeats 10; done
  for side in java torch; do one $side st $r --mode features --d 512 --m 1024 --p 0.5 --dtype float64 --threads 2 --repeats 5; done
  for side in java torch; do one $side train-step $r --batch 256 --loss-dtype float32 --threads 2 --repeats 20; done
  for side in java torch; do one $side train-step $r --batch 256 --threads 2 --repeats 20; done
  for side in java torch; do one $side gemm $r --n 1024 --dtype float32 --threads 2 --repeats 20; done
  for side in java torch; do one $side gemm $r --n 1024 --dtype float64 --threads 2 --repeats 10; done
  for side in java torch; do one $side gemm $r --n 1024 --dtype float32 --threads 1 --repeats 10; done
done
# Scaling (one round): INTL samples mode against m (d = 2048) and d (m = 256); ST features mode against d (m = 1024).
for m in 64 128 256 512; do
  for side in java torch; do one $side intl 0 --mode samples --m $m --d 2048 --T 4 --dtype float32 --threads 2 --repeats 5 --warmup 2; done
done
for d in 256 512 1024 4096; do
  for side in java torch; do one $side intl 0 --mode samples --m 256 --d $d --T 4 --dtype float32 --threads 2 --repeats 5 --warmup 2; done
done
for d in 128 256 1024; do
  for side in java torch; do one $side st 0 --mode features --d $d --m 1024 --p 0.5 --dtype float64 --threads 2 --repeats 3 --warmup 1; done
done
log "uptime: $(uptime)"
/usr/bin/python3 "$DIR/summarise.py" "$RUNS" "$DIR"
java -Djava.awt.headless=true "$DIR/BenchPlot.java" "$DIR/scaling.tsv" "$DIR/scaling.png"
rm -f "$DIR/scaling.tsv"
log "wrote $DIR/RESULTS.md, $DIR/results.json, $DIR/scaling.png"
