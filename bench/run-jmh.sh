#!/usr/bin/env bash
# Runs a JMH benchmark of the test sources (default: NetworkBenchmark) on one thread.
#
#   bench/run-jmh.sh                                   all cells, B = 1, 32, 64, forward and train
#   bench/run-jmh.sh NetworkBenchmark -p cell=gru -p batch=32
#   bench/run-jmh.sh NetworkBenchmark.forward -wi 1 -i 2
#   bench/run-jmh.sh TokenizerBenchmark
#   bench/run-jmh.sh ForwardThroughputBenchmark        scoring at B = 32, 64 on 1 and 2 threads (the scoring workers)
#   bench/run-jmh.sh ScoringBatchBenchmark             the service's default model scoring batches of 8, 32, 64 reviews
#
# Arguments are passed to JMH's runner (org.openjdk.jmh.Main); the first, if it does not start with '-', is the
# benchmark regex. NetworkBenchmark reports sequences per second. OMP_NUM_THREADS defaults to 1: on a 2-core
# machine ND4J/OpenBLAS threads otherwise oversubscribe the cores (thread oversubscription stalls).
set -euo pipefail
cd "$(dirname "$0")/.."
pattern=NetworkBenchmark
if [[ $# -gt 0 && $1 != -* ]]; then
  pattern=$1
  shift
fi
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" org.openjdk.jmh.Main \
  "$pattern" -rf json -rff target/jmh-result.json "$@"
