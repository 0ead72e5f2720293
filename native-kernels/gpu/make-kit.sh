#!/usr/bin/env bash
# Packs what the GPU machine needs to run our Java there, since it has no JDK and no Maven and takes
# 64 MiB per command: a jlink'ed Java runtime, the runtime jars of `ser` without the big CPU natives
# (LibTorch, FFmpeg, OpenBLAS) and the JUnit console. With --engine it adds bytedeco's JNI for the CUDA
# LibTorch (from the 458 MB linux-x86_64-gpu jar, which is fetched once), to run against the machine's
# own LibTorch libraries. Writes .device-kit/kit.tar.xz (about 30 MB; 43 with --engine).
# Run after `mvn -B package -DskipTests`; then native-kernels/gpu/device-check.sh runs there.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
kit=$root/.device-kit
m2=${MAVEN_REPO:-$HOME/.m2/repository}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/kit/lib" "$kit"
jlink --add-modules java.base,java.logging,java.xml,jdk.unsupported,jdk.zipfs \
  --strip-debug --no-man-pages --no-header-files --compress=0 --output "$work/kit/jre"
strip --strip-unneeded "$work/kit/jre/lib/server/libjvm.so"
junit=org/junit/platform/junit-platform-console-standalone/1.14.1/junit-platform-console-standalone-1.14.1.jar
[[ -f $m2/$junit ]] || mvn -B -q -f "$root/pom.xml" dependency:get -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.1
cp "$m2/$junit" "$work/kit/"
for jar in "$root"/cli/target/lib/*.jar; do
  case $(basename "$jar") in
    *-linux-x86_64.jar) [[ $jar == *javacpp* || $jar == *cuda* ]] && cp "$jar" "$work/kit/lib/" ;;
    ser-* | javacpp-* | cuda-* | pytorch-* | openblas-* | ffmpeg-* | jackson-* | slf4j-* | logback-* | JTransforms-* \
      | JLargeArrays-* | commons-math3-*) cp "$jar" "$work/kit/lib/" ;;
  esac
done
cp "$root"/native-kernels/target/ser-native-kernels-*-tests.jar "$work/kit/lib/"
if [[ ${1:-} == --engine ]]; then
  v=2.10.0-1.5.13
  gpu=$m2/org/bytedeco/pytorch/$v/pytorch-$v-linux-x86_64-gpu.jar
  [[ -f $gpu ]] || mvn -B -q -f "$root/pom.xml" dependency:get -Dartifact=org.bytedeco:pytorch:$v:jar:linux-x86_64-gpu
  blas=$m2/org/bytedeco/openblas/0.3.31-1.5.13/openblas-0.3.31-1.5.13-linux-x86_64.jar
  # The JNI libraries alone; LibTorch itself comes from the machine's Python torch.
  (cd "$work" && unzip -q "$gpu" 'org/bytedeco/pytorch/linux-x86_64-gpu/libjni*' \
    && unzip -q "$blas" 'org/bytedeco/openblas/linux-x86_64/libjniopenblas_nolapack.so' \
      'org/bytedeco/openblas/linux-x86_64/libopenblas.so.0' 'org/bytedeco/openblas/linux-x86_64/libgfortran.so.5' \
      'org/bytedeco/openblas/linux-x86_64/libquadmath.so.0' 'org/bytedeco/openblas/linux-x86_64/libjniopenblas.so' \
    && jar cf0 kit/lib/natives-linux-x86_64.jar org)
fi
tar -C "$work" -cf - kit | xz -T0 -6 > "$kit/kit.tar.xz"
ls -la "$kit/kit.tar.xz"
