#!/usr/bin/env bash
# Runs on the GPU machine with the kit from make-kit.sh: the kernels' contract suites with the GPU
# required, the kernel benchmark, the same work by torchaudio/torchvision and, with a kit made with
# --engine, the engine on CUDA against the engine on the CPU (bytedeco's LibTorch JNI over the machine's
# own LibTorch). KERNELS=0 skips the kernel suites, bench and references, ENGINE=0 the engine check;
# PROFILE=1 adds Nsight Compute on the kernels, SANITIZE=1 compute-sanitizer memcheck on the CUDA suites.
# Full logs go to $OUT (or ./device-out); the console gets the summaries.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${OUT:-$root/device-out}
mkdir -p "$out" /tmp/ser-kit
xz -dc "$root/.device-kit/kit.tar.xz" | tar -C /tmp/ser-kit -xf -
kit=/tmp/ser-kit/kit
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm --format=csv | tee "$out/gpu.txt"
cudart=$(find /usr/local /opt -name 'libcudart.so.13*' 2>/dev/null | head -1)
echo "libcudart: ${cudart:-none found}"
export LD_LIBRARY_PATH=${cudart:+$(dirname "$cudart"):}${LD_LIBRARY_PATH:-}
java=$kit/jre/bin/java
cp=$(ls "$kit"/lib/*.jar | tr '\n' ':')
junit=("$kit"/junit-platform-console-standalone-*.jar)
if [[ ${KERNELS:-1} == 1 ]]; then
echo "== kernel bench"
timeout 120 "$java" -cp "$cp" ser.bench.KernelBench 256 50 2>&1 | tee "$out/kernels.txt"
echo "== contract suites (GPU required)"
timeout 200 "$java" -Dser.gpu.required=true -jar "${junit[0]}" execute -cp "$cp" --select-package ser.kernels \
  --details=tree --details-theme=ascii --disable-banner > "$out/tests.txt" 2>&1
grep -E "tests (successful|failed|skipped|aborted)" "$out/tests.txt"
grep -E "\[X\]|=> " "$out/tests.txt" | head -20
echo "== torchaudio / torchvision"
PYTHONUNBUFFERED=1 timeout 120 python3 "$root/native-kernels/gpu/reference_gpu.py" 256 50 2>&1 | tee "$out/reference.txt"
fi
if [[ ${ENGINE:-1} == 1 && -f $kit/lib/natives-linux-x86_64.jar ]]; then
  echo "== engine on CUDA (bytedeco's LibTorch 2.10 JNI over the machine's torch libraries)"
  torchlib=$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')
  site=$(dirname "$(dirname "$torchlib")")
  nvlibs=$(find "$site/nvidia" -name 'lib*.so*' -printf '%h\n' 2>/dev/null | sort -u | tr '\n' ':')
  python3 -c 'import torch; print("machine torch", torch.__version__)'
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
    "$kit/lib/natives-linux-x86_64.jar" /tmp/ser-jni
  nm -D --undefined-only /tmp/ser-jni/org/bytedeco/pytorch/linux-x86_64-gpu/libjnitorch.so | awk '{print $2}' | sort -u > /tmp/need.txt
  nm -D --defined-only "$torchlib"/libtorch_cpu.so "$torchlib"/libc10.so "$torchlib"/libtorch.so 2>/dev/null \
    | awk 'NF == 3 {print $3}' | sort -u > /tmp/have.txt
  echo "JNI symbols not in the machine's libtorch_cpu/libc10 (libc and libstdc++ ones included): $(comm -23 /tmp/need.txt /tmp/have.txt | grep -c '^_ZN\(2at\|3c10\|5torch\)')"
  comm -23 /tmp/need.txt /tmp/have.txt | grep '^_ZN\(2at\|3c10\|5torch\)' | head -5
  LD_LIBRARY_PATH=$torchlib:$nvlibs$LD_LIBRARY_PATH timeout 240 "$java" -Xmx8g -cp "$cp" ser.bench.GpuEngineCheck \
    "$root/models/default" > "$out/engine.txt" 2>&1
  echo "exit $?"; grep -v "^\s*at " "$out/engine.txt" | tail -25
fi
if [[ ${PROFILE:-0} == 1 ]]; then
  echo "== Nsight Compute: the kernels at the bench's sizes"
  timeout 150 ncu --clock-control none --kernel-name regex:ser_ --launch-skip 8 --launch-count 8 \
    --section SpeedOfLight --section Occupancy --section LaunchStats "$java" -cp "$cp" ser.bench.KernelBench 256 3 \
    > "$out/ncu.txt" 2>&1
  echo "exit $?"; grep -E "^  ser_|Duration|Memory Throughput|Compute \(SM\) Throughput|Achieved Occupancy|Registers Per" \
    "$out/ncu.txt" | head -40
fi
if [[ ${SANITIZE:-0} == 1 ]]; then
  echo "== compute-sanitizer memcheck on the CUDA contract suites"
  timeout 150 compute-sanitizer --tool memcheck --print-limit 20 "$java" -Dser.gpu.required=true -jar "${junit[0]}" \
    execute -cp "$cp" --select-class ser.kernels.RoiAlignCudaTest --select-class ser.kernels.LogMelCudaTest \
    --details=summary --disable-banner > "$out/memcheck.txt" 2>&1
  echo "exit $?"; grep -E "ERROR SUMMARY|tests (successful|failed)|Invalid" "$out/memcheck.txt" | head -10
fi
