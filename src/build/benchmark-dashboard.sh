#!/usr/bin/env bash
# Dashboard benchmark (docs/benchmarks.md): ./src/build/benchmark-dashboard.sh [cases] [runs per query]
# Generates synthetic historical cases on a throw-away embedded PostgreSQL and times each dashboard query.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -Dexec.skip=false test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx512m \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  org.isaacus.dashboard.DashboardBenchmark "${1:-1000000}" "${2:-30}"
