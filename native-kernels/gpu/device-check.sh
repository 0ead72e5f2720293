#!/usr/bin/env bash
# Runs on the GPU machine (see make-kit.sh): the kernels' contract suites with the GPU required, the
# kernel benchmark, the same work by torchaudio/torchvision, and the CUDA tests under compute-sanitizer.
# Full logs go to $OUT (or ./device-out); the console gets the summaries.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
kit=$root/.device-kit
out=${OUT:-$root/device-out}
mkdir -p "$out"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm --format=csv | tee "$out/gpu.txt"
cudart=$(find /usr/local /opt -name 'libcudart.so.13*' 2>/dev/null | head -1)
echo "libcudart: ${cudart:-none found}"
export LD_LIBRARY_PATH=${cudart:+$(dirname "$cudart"):}${LD_LIBRARY_PATH:-}
java=$kit/jre/bin/java
cp=$(ls "$kit"/lib/*.jar | tr '\n' ':')
junit=("$kit"/junit-platform-console-standalone-*.jar)
echo "== kernel bench"
timeout 120 "$java" -cp "$cp" ser.bench.KernelBench 256 50 2>&1 | tee "$out/kernels.txt"
if grep -q "no device" "$out/kernels.txt"; then
  timeout 60 "$java" -Dorg.bytedeco.javacpp.logger.debug=true -cp "$cp" ser.bench.KernelBench 1 1 2>&1 | tail -30
fi
echo "== contract suites (GPU required)"
timeout 200 "$java" -Dser.gpu.required=true -jar "${junit[0]}" execute -cp "$cp" --select-package ser.kernels \
  --details=tree --details-theme=ascii --disable-banner > "$out/tests.txt" 2>&1
grep -E "tests (successful|failed|skipped|aborted)" "$out/tests.txt"
grep -E "\[X\]|=> " "$out/tests.txt" | head -20
echo "== torchaudio / torchvision"
PYTHONUNBUFFERED=1 timeout 120 python3 "$root/native-kernels/gpu/reference_gpu.py" 256 50 2>&1 | tee "$out/reference.txt"
echo "== compute-sanitizer memcheck on the CUDA contract suites"
timeout 150 compute-sanitizer --tool memcheck --print-limit 20 "$java" -Dser.gpu.required=true -jar "${junit[0]}" execute \
  -cp "$cp" --select-class ser.kernels.RoiAlignCudaTest --select-class ser.kernels.LogMelCudaTest --details=summary \
  --disable-banner > "$out/memcheck.txt" 2>&1
echo "exit $?"; grep -E "ERROR SUMMARY|tests (successful|failed)|Invalid" "$out/memcheck.txt" | head -10
