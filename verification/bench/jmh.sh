#!/usr/bin/env bash
# JMH benchmarks of the kernels (src/test/java/org/spectralssl/jmh; see "JMH" in README.md here).
#
#   bash verification/bench/jmh.sh                      # all benchmarks, the short run below (about 3 min on 2 cores)
#   bash verification/bench/jmh.sh -f 1 -wi 5 -i 10 GemmBenchmark.multFloat -p n=1024
#
# Arguments go to org.openjdk.jmh.Main unchanged (`-h` lists them); without arguments the short run
# "-f 1 -wi 3 -w 1s -i 5 -r 1s -foe true" runs every benchmark. Unless the arguments name -rf or -rff,
# the results go to $JMH_OUT/jmh-results.json (JMH's JSON); the text log, with the command, the
# GEMM kernel each fork ran and `uptime` before and after, to $JMH_OUT/jmh-log.txt.
# Environment: BUILD_DIR (default target; the build's -DbuildDir), JMH_OUT (default verification/bench),
# MVN_ARGS (default -o: offline, from ~/.m2), SKIP_BUILD=1 (use the compiled classes as they are),
# JAVA (default java).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_DIR=${BUILD_DIR:-target}
JMH_OUT=${JMH_OUT:-verification/bench}
JAVA=${JAVA:-java}
read -r -a mvn_args <<< "${MVN_ARGS--o}"
mkdir -p "$JMH_OUT"

if [ -z "${SKIP_BUILD:-}" ]; then
  # Main and test classes; JMH's annotation processor writes the benchmark harness during test-compile.
  mvn -q -B "${mvn_args[@]}" -DbuildDir="$BUILD_DIR" -DskipTests test-compile
fi
[ -f "$BUILD_DIR/test-classes/META-INF/BenchmarkList" ] \
  || { echo "jmh.sh: $BUILD_DIR/test-classes/META-INF/BenchmarkList is missing: build with test-compile first" >&2; exit 2; }
# The test class path (jmh-core and the project's dependencies), from Maven. The plugin's version is
# left to Maven (2.8 with Maven 3.8, the one in this machine's cache; 3.x versions there lack dependencies offline).
mvn -q -B "${mvn_args[@]}" -DbuildDir="$BUILD_DIR" dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$BUILD_DIR/jmh-classpath.txt"
cp="$BUILD_DIR/classes:$BUILD_DIR/test-classes:$(cat "$BUILD_DIR/jmh-classpath.txt")"

args=("$@")
if [ ${#args[@]} -eq 0 ]; then
  args=(-f 1 -wi 3 -w 1s -i 5 -r 1s -foe true)
fi
case " ${args[*]} " in
  *" -rf "*|*" -rff "*) ;;
  *) args+=(-rf json -rff "$JMH_OUT/jmh-results.json") ;;
esac

log="$JMH_OUT/jmh-log.txt"
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with local changes)')"
  echo "# command: $JAVA -cp <test class path> org.openjdk.jmh.Main ${args[*]}"
  echo "# uptime before: $(uptime)"
  echo "# processors: $(nproc)"
} | tee "$log"
set +e
"$JAVA" -cp "$cp" org.openjdk.jmh.Main "${args[@]}" 2>&1 | tee -a "$log"
rc=${PIPESTATUS[0]}
set -e
echo "# uptime after: $(uptime)" | tee -a "$log"

# GFLOP/s of the GEMM rows (2n³ flops per call), to compare with `bench gemm`'s "gflops".
results=$(printf '%s\n' "${args[@]}" | grep -A1 -x -- -rff | tail -n 1 || true)
if [ $rc -eq 0 ] && [ -n "$results" ] && [ -f "$results" ] && command -v python3 >/dev/null; then
  python3 - "$results" <<'PY' | tee -a "$log"
import json, sys
rows = json.load(open(sys.argv[1]))
for r in rows:
    if "GemmBenchmark" in r["benchmark"] and r["primaryMetric"]["scoreUnit"] == "ms/op":
        n = int(r["params"]["n"])
        ms = r["primaryMetric"]["score"]
        name = r["benchmark"].rsplit(".", 2)
        print(f"# {name[-2]}.{name[-1]} n={n} threads={r['params'].get('threads', '1')}: "
              f"{2 * n**3 / (ms / 1e3) / 1e9:.1f} GFLOP/s (2n^3 / mean time)")
PY
fi
exit $rc
