#!/usr/bin/env bash
# Compilation benchmark (docs/benchmarks.md): ./src/build/benchmark-compilation.sh [persons] [rounds]
# Starts the app context on a throw-away embedded PostgreSQL, generates the synthetic registers and compares
# compile (extract + pseudonymise + link) with the raw COPY of the same rows. Heap capped to show it is bounded.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -Dexec.skip=false test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx512m \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  org.isaacus.compilation.CompilationBenchmark "${1:-1000000}" "${2:-2}"
