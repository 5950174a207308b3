#!/usr/bin/env bash
# GPU/OpenCL check: builds the jar if needed, then on every OpenCL device this machine has (a real
# GPU included) runs the parity suite (every kernel against its CPU twin) and the GEMM benchmarks,
# the OpenCL test classes (parity counted, IterNorm/ST/INTL on the device against the CPU), and
# whiten --device opencl against --device cpu, and a short training run on each (step losses compared); writes the device, the figures and the commands to
# a results file (default verification/gpu/RESULTS-<host>.md; first argument to override).
# RESULTS_NOTE, if set, is written verbatim under the header (what the machine is, what it is not).
# Exit status: non-zero when a check failed or no OpenCL device is usable.
#
# Needs Java 17 and Maven; OpenCL needs a driver (Debian, on a CPU: apt-get install
# ocl-icd-libopencl1 pocl-opencl-icd; on a GPU the vendor's ICD) and the JVM's signal chaining,
# set below through LD_PRELOAD.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-verification/gpu/RESULTS-$(hostname -s).md}"
build="${BUILD_DIR:-target}"
jar="$build/spectral-ssl.jar"
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
export LD_PRELOAD="$java_home/lib/libjsig.so"
[ -f "$LD_PRELOAD" ] || { echo "no $LD_PRELOAD: set JAVA_HOME to a JDK 17" >&2; exit 2; }
if [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -print -quit)" ]; then
  mvn -q -B -DbuildDir="$build" package -DskipTests
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
status=0
run() { # run NAME CMD...: records the command, its output and its exit code
  local name="$1"; shift
  echo "+ $*" >&2
  set +e; "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"; echo $? >"$tmp/$name.rc"; set -e
  [ "$(cat "$tmp/$name.rc")" = 0 ] || status=1
}
run device java -jar "$jar" device --require --n 512 --reps 5
run tests mvn -B -DbuildDir="$build" test -Dtest='KernelParityTest,NoSilentFallbackTest,CoreOnOpenClTest,DeviceCliTest,TrainOnOpenClTest' \
  -Dsurefire.failIfNoSpecifiedTests=false -DtrimStackTrace=true
export SPECTRAL_SSL_REQUIRE_OPENCL=1
run whiten_cpu java -jar "$jar" whiten --device cpu
run whiten_opencl java -jar "$jar" whiten --device opencl
# A short INTL pre-training (4 epochs of 2,000 bundled images, batch 256) on each device; the step losses compared.
train_args="--epochs 4 --train-images 2000 --test-images 500 --seed 1 --quiet"
run train_cpu java -jar "$jar" train --out "$tmp/train-cpu" --device cpu $train_args
run train_opencl java -jar "$jar" train --out "$tmp/train-opencl" --device opencl $train_args
if [ -f "$tmp/train-cpu/steps.csv" ] && [ -f "$tmp/train-opencl/steps.csv" ]; then
  paste -d, "$tmp/train-cpu/steps.csv" "$tmp/train-opencl/steps.csv" | awk -F, 'NR > 1 {
      r = ($2 - $4) / $2; if (r < 0) r = -r; if (r > w) w = r; n++ }
    END { printf "%d steps; largest relative difference of the step loss, OpenCL against CPU: %.3g\n", n, w }' \
    >"$tmp/train_compare.out"
  grep -h '"device"' "$tmp/train-cpu/summary.json" "$tmp/train-opencl/summary.json" >>"$tmp/train_compare.out" || true
else
  echo "a training run failed; nothing to compare" >"$tmp/train_compare.out"; status=1
fi
echo 0 >"$tmp/train_compare.rc"
section() { # section TITLE NAME [FILTER]
  echo; echo "### $1"; echo
  echo '```'; echo "\$ $(cat "$tmp/$2.cmd")"; echo "(exit code $(cat "$tmp/$2.rc"))"
  if [ -n "${3:-}" ]; then grep -E "$3" "$tmp/$2.out" || true; else grep -v 'log-spectrum' "$tmp/$2.out"; fi
  echo '```'
}
echo "java -jar $jar device --require --n 512 --reps 5" >"$tmp/device.cmd"
echo "mvn -B test -Dtest='KernelParityTest,NoSilentFallbackTest,CoreOnOpenClTest,DeviceCliTest,TrainOnOpenClTest' (LD_PRELOAD set by pom.xml)" >"$tmp/tests.cmd"
echo "java -jar $jar whiten --device cpu" >"$tmp/whiten_cpu.cmd"
echo "java -jar $jar whiten --device opencl" >"$tmp/whiten_opencl.cmd"
echo "java -jar $jar train --out DIR --device cpu $train_args" >"$tmp/train_cpu.cmd"
echo "java -jar $jar train --out DIR --device opencl $train_args" >"$tmp/train_opencl.cmd"
echo "paste -d, DIR-cpu/steps.csv DIR-opencl/steps.csv | awk (largest relative difference of the step loss)" >"$tmp/train_compare.cmd"
{
  echo "# OpenCL check: $(hostname -s), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Written by \`verification/gpu/run-gpu-check.sh\` (commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- . ':!verification/gpu/RESULTS-*' 2>/dev/null || echo ', with uncommitted changes')),"
  echo "with \`LD_PRELOAD=$LD_PRELOAD\`. Machine: $(nproc) CPU cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //'), $(java -version 2>&1 | head -1)."
  echo "OpenCL: $(command -v clinfo >/dev/null && clinfo -l 2>/dev/null | tr '\n' ' ' || echo 'clinfo not installed')"
  echo
  if [ -n "${RESULTS_NOTE:-}" ]; then echo; echo "$RESULTS_NOTE"; fi
  echo
  echo "Overall: $([ $status = 0 ] && echo PASS || echo FAIL)"
  section "Devices, parity suite and GEMM throughput" device
  section "OpenCL test classes" tests 'Tests run:|\[parity\].*FAIL|\[core on opencl\]|\[opencl tests\]|\[opencl train\]|\[fallback\]|BUILD|ERROR'
  section "whiten on the CPU (reference)" whiten_cpu
  section "whiten on OpenCL" whiten_opencl
  section "training on the CPU (reference)" train_cpu
  section "training on OpenCL" train_opencl
  section "training: step losses, OpenCL against CPU" train_compare
} >"$out"
echo "wrote $out ($([ $status = 0 ] && echo PASS || echo FAIL))" >&2
exit $status
