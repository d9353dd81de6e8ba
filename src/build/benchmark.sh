#!/usr/bin/env bash
# Benchmarks (docs/benchmarks.md), each on a throw-away embedded PostgreSQL, heap capped to show it is bounded:
#   ./src/build/benchmark.sh compilation [persons] [rounds]   compile vs raw COPY of the synthetic registers
#   ./src/build/benchmark.sh dashboard [cases] [runs]         dashboard queries over synthetic historical cases
#   ./src/build/benchmark.sh engine [cases]                   permit lifecycles on Zeebe Process Test and the Isaacus engine
#   ./src/build/benchmark.sh search [cases] [runs]            case index rebuild and faceted search on the local OpenSearch
#   ./src/build/benchmark.sh tasks [small] [large] [runs]     task-list pages at 10k and at 1M open tasks
set -euo pipefail
cd "$(dirname "$0")/../.."
case "${1:-}" in
  compilation) main=org.isaacus.compilation.CompilationBenchmark ;;
  dashboard) main=org.isaacus.dashboard.DashboardBenchmark ;;
  engine) main=org.isaacus.processengine.EngineBenchmark ;;
  search) main=org.isaacus.search.SearchBenchmark ;;
  tasks) main=org.isaacus.tasks.TaskListBenchmark ;;
  *) echo "usage: $0 compilation|dashboard|engine|search|tasks [size] [repetitions]" >&2; exit 2 ;;
esac
shift
./mvnw -q -Dexec.skip=false test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx512m \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" "$main" "$@"
