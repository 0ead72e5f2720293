#!/usr/bin/env bash
# Builds ser's engine into the local Maven repository, then this example against it, and prints the
# emotion of each FILE on stdout (the build talks on stderr):   examples/embed/run.sh FILE...
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ $# -lt 1 ]; then
  echo "usage: $0 FILE..." >&2
  exit 2
fi
mvn=(mvn -B -q -Dstyle.color=never)
"${mvn[@]}" -f "$root/pom.xml" -pl engine -am install -DskipTests -Dser.fuzz.skip=true >&2
"${mvn[@]}" -f "$here/pom.xml" package dependency:build-classpath -Dmdep.outputFile="$here/target/classpath.txt" >&2
classpath="$(cat "$here/target/classpath.txt")"
# On the module path, as a modular application runs: ser.engine exports ser.api alone. The presets' platform
# modules (the natives) are required by nobody, so they are added by hand. The shipped model is found under SER_HOME.
SER_HOME="$root" exec java -p "$here/target/classes:$classpath" --add-modules ALL-MODULE-PATH -m example.embed/example.Embed "$@"
