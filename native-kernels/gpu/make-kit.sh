#!/usr/bin/env bash
# Packs what the GPU machine needs to run the kernels' tests and benchmark from Java, since it has no JDK
# and no Maven: a jlink'ed Java runtime, the javacpp and cuda jars (no LibTorch: the kernels need only
# the driver API), our jars and the JUnit console. Writes .device-kit/ at the repository root (about 45 MB).
# Run after `mvn -B package -DskipTests`; then native-kernels/gpu/device-check.sh runs there.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
kit=$root/.device-kit
m2=${MAVEN_REPO:-$HOME/.m2/repository}
rm -rf "$kit" && mkdir -p "$kit/lib"
jlink --add-modules java.base,java.logging,jdk.unsupported,jdk.zipfs --strip-debug --no-man-pages --no-header-files \
  --compress=2 --output "$kit/jre"
mvn -B -q -o -f "$root/pom.xml" dependency:get -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.1 \
  || mvn -B -q -f "$root/pom.xml" dependency:get -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.1
cp "$m2/org/junit/platform/junit-platform-console-standalone/1.14.1/junit-platform-console-standalone-1.14.1.jar" "$kit/"
for jar in org/bytedeco/javacpp/1.5.13/javacpp-1.5.13.jar org/bytedeco/javacpp/1.5.13/javacpp-1.5.13-linux-x86_64.jar \
    org/bytedeco/cuda/13.1-9.19-1.5.13/cuda-13.1-9.19-1.5.13.jar \
    org/bytedeco/cuda/13.1-9.19-1.5.13/cuda-13.1-9.19-1.5.13-linux-x86_64.jar \
    com/github/wendykierp/JTransforms/3.1/JTransforms-3.1.jar pl/edu/icm/JLargeArrays/1.5/JLargeArrays-1.5.jar \
    org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar \
    com/fasterxml/jackson/core/jackson-databind/2.21.3/jackson-databind-2.21.3.jar \
    com/fasterxml/jackson/core/jackson-annotations/2.21/jackson-annotations-2.21.jar \
    com/fasterxml/jackson/core/jackson-core/2.21.3/jackson-core-2.21.3.jar; do
  cp "$m2/$jar" "$kit/lib/"
done
cp "$root"/native-kernels/target/ser-native-kernels-*.jar "$root"/engine/target/ser-engine-*[0-9T].jar \
  "$root"/benchmarks/target/ser-benchmarks-*[0-9T].jar "$kit/lib/"
du -sh "$kit"
