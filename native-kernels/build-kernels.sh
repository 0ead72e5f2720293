#!/usr/bin/env bash
# Compiles src/main/cuda/ser_kernels.cu into one fatbin beside the Java classes, when nvcc is found
# (NVCC, then PATH, then /usr/local/cuda). A kernel that does not compile fails the build; no nvcc at
# all builds without kernels, and the engine runs the CPU twins.
set -euo pipefail
cd "$(dirname "$0")"
out=target/classes/ser/kernels
nvcc=${NVCC:-$(command -v nvcc || true)}
if [[ -z $nvcc && -x /usr/local/cuda/bin/nvcc ]]; then
  nvcc=/usr/local/cuda/bin/nvcc
fi
if [[ -z $nvcc ]]; then
  echo "[native-kernels] nvcc not found: building without CUDA kernels (ser info will say so; CPU twins are used)"
  rm -f "$out/ser_kernels.fatbin" "$out/ser_kernels.properties"
  exit 0
fi
# CUDA 13 dropped Volta (sm_70/72); each generation gets machine code, and compute_90 PTX lets the
# driver compile for anything newer.
archs=(75 80 86 89 90 100 120)
gencode=()
for a in "${archs[@]}"; do
  gencode+=(-gencode "arch=compute_$a,code=sm_$a")
done
gencode+=(-gencode arch=compute_90,code=compute_90)
mkdir -p "$out"
"$nvcc" -fatbin -O3 -std=c++17 -Werror all-warnings "${gencode[@]}" -o "$out/ser_kernels.fatbin" src/main/cuda/ser_kernels.cu
{
  echo "nvcc=$("$nvcc" --version | sed -n 's/.*release \([0-9.]*\).*/nvcc \1/p')"
  echo "targets=$(printf 'sm_%s ' "${archs[@]}")+ compute_90 PTX"
} > "$out/ser_kernels.properties"
echo "[native-kernels] compiled $(stat -c %s "$out/ser_kernels.fatbin") bytes of kernels with $nvcc"
