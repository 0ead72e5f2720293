#!/usr/bin/env bash
# Packs what the GPU machine needs to run our Java there, since it has no JDK and no Maven and takes
# 64 MiB per command: a jlink'ed Java runtime, the runtime jars of `ser` without the big CPU natives
# (LibTorch, FFmpeg, OpenBLAS) and the JUnit console. With --engine it adds bytedeco's JNI for the CUDA
# LibTorch (from the 458 MB linux-x86_64-gpu jar, which is fetched once), to run against the machine's
# own LibTorch libraries. With --cli it also adds what the real `ser` command needs: the CLI, training and
# their libraries in the kit, and in a second archive (.device-kit/cli.tar.xz, about 23 MB, so that each
# call to the device carries less than 64 MiB) FFmpeg's decoding libraries alone (no filters, devices,
# scaling or programs) and RAVDESS actors 01-12 as 24 kbit/s Opus (720 clips), for CLI=1 of device-check.sh.
# Writes .device-kit/kit.tar.xz (about 30 MB; 43 with --engine, 56 with --cli).
# Run after `mvn -B package -DskipTests`; then native-kernels/gpu/device-check.sh runs there.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
kit=$root/.device-kit
m2=${MAVEN_REPO:-$HOME/.m2/repository}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/kit/lib" "$kit"
modules=java.base,java.logging,java.xml,jdk.unsupported,jdk.zipfs
# the CLI also draws plots (AWT, headless) and logs through logback (JNDI, JMX); the engine alone needs none of these
[[ ${1:-} == --cli ]] && modules=$modules,java.desktop,java.naming,java.management,jdk.management
jlink --add-modules "$modules" \
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
if [[ ${1:-} == --cli ]]; then
  cp "$root"/cli/target/ser.jar "$root"/engine/target/ser-engine-*-tests.jar "$work/kit/lib/"
  for jar in "$root"/cli/target/lib/*.jar; do
    [[ $(basename "$jar") == *-linux-x86_64*.jar ]] || cp -n "$jar" "$work/kit/lib/"
  done
  ff=$(ls "$m2"/org/bytedeco/ffmpeg/8.0.1-1.5.13/ffmpeg-8.0.1-1.5.13-linux-x86_64.jar)
  dir=org/bytedeco/ffmpeg/linux-x86_64
  (cd "$work" && mkdir ffmpeg && cd ffmpeg && unzip -q "$ff" "$dir/libavcodec.so.*" "$dir/libavformat.so.*" "$dir/libavutil.so.*" \
      "$dir/libswresample.so.*" "$dir/libva.so.*" "$dir/libva-drm.so.*" "$dir/libdrm.so.*" "$dir/libjniavcodec.so" \
      "$dir/libjniavformat.so" "$dir/libjniavutil.so" "$dir/libjniswresample.so" \
    && mkdir -p ../cli/kit/lib && jar cf0 ../cli/kit/lib/ffmpeg-decoding-linux-x86_64.jar org)
  for actor in $(seq -f "%02g" 1 12); do
    mkdir -p "$work/cli/kit/data/ravdess/Actor_$actor"
    for clip in "$root"/../shared/data/ravdess/Actor_"$actor"/*.flac; do
      ffmpeg -nostdin -v error -i "$clip" -ac 1 -ar 16000 -c:a libopus -b:a 24k \
        "$work/cli/kit/data/ravdess/Actor_$actor/$(basename "${clip%.flac}").opus"
    done
  done
  tar -C "$work/cli" -cf - kit | xz -T0 -6 > "$kit/cli.tar.xz"
  ls -la "$kit/cli.tar.xz"
fi
if [[ ${1:-} == --engine || ${1:-} == --cli ]]; then
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
