#!/usr/bin/env bash
# Runs on the GPU machine with the kit from make-kit.sh: the kernels' contract suites with the GPU
# required, the kernel benchmark, the same work by torchaudio/torchvision and, with a kit made with
# --engine, the engine on CUDA against the engine on the CPU (bytedeco's LibTorch JNI over the machine's
# own LibTorch). KERNELS=0 skips the kernel suites, bench and references, ENGINE=0 the engine check;
# PROFILE=1 adds Nsight Compute on the kernels, SANITIZE=1 compute-sanitizer memcheck on the CUDA suites.
# CLI=1 (kit made with --cli, whose cli.tar.xz may arrive in a second call) runs the engine's gpu-tagged
# tests and the real `ser` command: score on CUDA and on the CPU over the same 720 Opus clips (files/s, GPU
# utilisation, same emotion), the Python pipeline (score_reference.py) on the machine's PyTorch with the network
# on CUDA, a long scoring run for device memory, train on CUDA (epochs, resume, DAE pre-training), one CPU epoch,
# NCCL with a world of one and two ranks sharing the GPU over Gloo. EXTRA_CP adds jars to the class path (a dry run elsewhere: the CPU natives).
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
torch_libraries() {
  torchlib=$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))' 2>/dev/null)
  site=$(dirname "$(dirname "${torchlib:-/none/lib}")")
  nvlibs=$(find "$site/nvidia" -name 'lib*.so*' -printf '%h\n' 2>/dev/null | sort -u | tr '\n' ':')
  torch_path=${torchlib:+$torchlib:}$nvlibs${LD_LIBRARY_PATH:-}  # the JNI runs over the machine's own LibTorch
}
if [[ ${ENGINE:-1} == 1 && -f $kit/lib/natives-linux-x86_64.jar ]]; then
  echo "== engine on CUDA (bytedeco's LibTorch 2.10 JNI over the machine's torch libraries)"
  torch_libraries
  python3 -c 'import torch; print("machine torch", torch.__version__)'
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
    "$kit/lib/natives-linux-x86_64.jar" /tmp/ser-jni
  nm -D --undefined-only /tmp/ser-jni/org/bytedeco/pytorch/linux-x86_64-gpu/libjnitorch.so | awk '{print $2}' | sort -u > /tmp/need.txt
  nm -D --defined-only "$torchlib"/libtorch_cpu.so "$torchlib"/libc10.so "$torchlib"/libtorch.so 2>/dev/null \
    | awk 'NF == 3 {print $3}' | sort -u > /tmp/have.txt
  echo "JNI symbols not in the machine's libtorch_cpu/libc10 (libc and libstdc++ ones included): $(comm -23 /tmp/need.txt /tmp/have.txt | grep -c '^_ZN\(2at\|3c10\|5torch\)')"
  comm -23 /tmp/need.txt /tmp/have.txt | grep '^_ZN\(2at\|3c10\|5torch\)' | head -5
  LD_LIBRARY_PATH=$torch_path timeout 240 "$java" -Xmx8g -cp "$cp" ser.bench.GpuEngineCheck \
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
if [[ ${CLI:-0} == 1 ]]; then
  echo "== the ser command on the GPU machine"
  [[ -f $root/.device-kit/cli.tar.xz ]] && xz -dc "$root/.device-kit/cli.tar.xz" | tar -C /tmp/ser-kit -xf -
  torch_libraries
  cp=$(ls "$kit"/lib/*.jar | tr '\n' ':')${EXTRA_CP:-}
  data=$kit/data/ravdess
  ser=(env LD_LIBRARY_PATH="$torch_path" "$java" -Xmx16g -Dser.home="$root" -cp "$cp"
    ser.cli.Main)
  seconds() { local start=$1; echo "$(date +%s.%N) - $start" | bc; }
  monitor() { nvidia-smi --query-gpu=timestamp,utilization.gpu,memory.used --format=csv,noheader,nounits -lms 250 > "$1" 2>/dev/null & smi=$!; }
  timeout 60 "${ser[@]}" info > "$out/cli-info.txt" 2>&1; grep -iE "cuda|device|kernels" "$out/cli-info.txt" | head -6
  echo "== engine tests tagged gpu: the Recognizer and the API on CUDA against the CPU path"
  timeout 200 env LD_LIBRARY_PATH="$torch_path" "$java" -Dser.gpu.required=true \
    -jar "${junit[0]}" execute -cp "$cp" --select-class ser.model.RecognizerCudaTest --details=tree --details-theme=ascii \
    --disable-banner > "$out/engine-tests.txt" 2>&1
  grep -E "tests (successful|failed|aborted)" "$out/engine-tests.txt"; grep -E "\[X\]|=> " "$out/engine-tests.txt" | head -10
  for device in cuda cpu; do
    monitor "$out/smi-score-$device.csv"; start=$(date +%s.%N)
    timeout 240 "${ser[@]}" score --device "$device" "$data" --out "$out/score-$device.jsonl" > "$out/score-$device.log" 2>&1
    echo "score --device $device: exit $?, $(seconds "$start") s wall; $(grep -E '^scored' "$out/score-$device.log" | tail -1)"
    kill "$smi" 2>/dev/null
    awk -F', ' '{u += $2; n++; if ($3 > m) m = $3} END {if (n) printf "  GPU utilisation mean %.0f %% over %d samples, memory peak %d MiB\n", u / n, n, m}' \
      "$out/smi-score-$device.csv"
  done
  python3 - "$out/score-cuda.jsonl" "$out/score-cpu.jsonl" <<'PY'
import json, sys
rows = [{r["path"]: r for r in map(json.loads, open(f))} for f in sys.argv[1:]]
gpu, cpu = rows
both = [p for p in gpu if p in cpu and gpu[p].get("scores") and cpu[p].get("scores")]
same = sum(gpu[p]["emotion"] == cpu[p]["emotion"] for p in both)
diff = max((abs(gpu[p]["scores"][k] - cpu[p]["scores"][k]) for p in both for k in gpu[p]["scores"]), default=float("nan"))
print(f"  CUDA against CPU: {len(both)} files scored by both, same emotion {same}, max score difference {diff:.4f}")
PY
  echo "== the Python pipeline on the machine's PyTorch (benchmarks' score_reference.py), network on CUDA, batch 64"
  find "$data" -name '*.opus' | sort > /tmp/ser-list.txt
  ref=$root/benchmarks/src/main/resources/ser/bench
  (cd "$ref" && PYTHONUNBUFFERED=1 timeout 240 python3 score_reference.py "$root/models/default" /tmp/ser-list.txt 16 64 2 \
    "$out/score-python-cuda.jsonl" cuda > "$out/score-python.txt" 2>&1)
  echo "exit $?: $(tail -1 "$out/score-python.txt") (seconds per pass over $(wc -l < /tmp/ser-list.txt) files)"
  python3 - "$out/score-cuda.jsonl" "$out/score-python-cuda.jsonl" <<'PY'
import json, sys
ser = {r["path"]: r for r in map(json.loads, open(sys.argv[1]))}
py = {r["path"]: r for r in map(json.loads, open(sys.argv[2]))}
both = [p for p in py if p in ser and py[p].get("emotion") and ser[p].get("emotion")]
print(f"  Python against ser on CUDA: {len(both)} files, same emotion {sum(py[p]['emotion'] == ser[p]['emotion'] for p in both)}")
PY
  echo "== a long scoring run (0.5 s windows: about 10 per clip) for device memory"
  monitor "$out/smi-long.csv"; start=$(date +%s.%N)
  timeout 240 "${ser[@]}" score --device cuda --window 0.5 --hop 0.25 "$data" --out "$out/score-long.jsonl" \
    > "$out/score-long.log" 2>&1
  echo "exit $?, $(seconds "$start") s; $(grep -E '^scored' "$out/score-long.log" | tail -1)"
  kill "$smi" 2>/dev/null
  awk -F', ' '{m[NR] = $3} END {if (NR) printf "  device memory (MiB) at 10/50/90/100 %% of the run: %d %d %d %d\n", m[int(NR*.1)+1], m[int(NR*.5)], m[int(NR*.9)], m[NR]}' \
    "$out/smi-long.csv"
  echo "== train on CUDA: 2 epochs, then --resume to 3; DAE pre-training; one CPU epoch; NCCL world of one; 2 ranks sharing the GPU"
  run_train() {
    local name=$1; shift; start=$(date +%s.%N)
    timeout 200 "${ser[@]}" train --data "$data" --out "$out/train-$name" "$@" >> "$out/train-$name.log" 2>&1
    echo "train $name ($*): exit $?, $(seconds "$start") s"; grep -E "^epoch|^best|pretrain|^backend|rank 0:|^device|NCCL|Exception" "$out/train-$name.log" | tail -8
  }
  run_train cuda --device cuda --epochs 2 --threads 8
  run_train cuda --device cuda --epochs 3 --threads 8 --resume
  run_train dae --device cuda --pretrain dae --pretrain-epochs 2 --epochs 1 --threads 8
  run_train cpu --device cpu --epochs 1 --threads 16
  run_train nccl --device cuda --backend nccl --world-size 1 --rank 0 --master-port 29611 --epochs 1 --threads 8
  run_train shared --device cuda --nproc-per-node 2 --epochs 1 --threads 8  # auto: Gloo, both ranks on GPU 0
fi
