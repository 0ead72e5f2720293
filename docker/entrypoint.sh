#!/bin/sh
# The container's `ser`: the launcher's JVM options without its build step (the image holds the built jars).
# SER_JAVA_OPTS is a list of options: word splitting is wanted.
# shellcheck disable=SC2086
exec java -Xmx"${SER_HEAP:-2g}" -Dser.home=/opt/ser \
  -Dorg.bytedeco.javacpp.maxBytes="${SER_MAX_NATIVE:-4g}" \
  -Dorg.bytedeco.javacpp.maxPhysicalBytes="${SER_MAX_PHYSICAL:-6g}" \
  ${SER_JAVA_OPTS} -jar /opt/ser/cli/target/ser.jar "$@"
