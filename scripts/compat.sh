#!/usr/bin/env bash
# Runs the black-box Kafka-client compatibility harness (kcat, kafka-python,
# confluent-kafka, KafkaJS) against the built connect-broker and then against
# the broker embedded in connect-standalone, if the harness is
# present (KCONNECT_COMPAT_DIR, else ../shared/compat beside this checkout);
# otherwise says so and exits 0.
#
# Every scenario (a-h: admin, produce/consume, consumer groups resuming from
# committed offsets, group rebalance, headers and odd records, compression,
# ListOffsets, cross-client) with every client.
#
# Usage: scripts/compat.sh [build-dir]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
harness=${KCONNECT_COMPAT_DIR:-$(cd .. && pwd)/shared/compat}
if [ ! -x "$harness/compat.sh" ]; then
  echo "compat: no harness at $harness, skipped"
  exit 0
fi
# The clients are installed by the harness's own setup script (apt + npm).
if ! /usr/bin/python3 -c 'import kafka, confluent_kafka' 2>/dev/null ||
   [ ! -d "${XDG_CACHE_HOME:-$HOME/.cache}/kconnect-compat/node/node_modules/kafkajs" ]; then
  "$harness/setup.sh"
fi

work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
# Waits for `pattern` in `log` (10 s at most).
wait_for_line() {
  for _ in $(seq 1 100); do
    grep -q "$1" "$2" && return 0
    sleep 0.1
  done
  echo "compat: '$1' never appeared in $2"
  tail -20 "$2"
  return 1
}
# Starts the harness against 127.0.0.1:$1 in the background; $2 names the
# broker. The two runs go in parallel: the clients mostly wait on timeouts.
runs=()
start_harness() {
  echo "== compat against $2 (127.0.0.1:$1)"
  BOOTSTRAP=127.0.0.1:$1 OUTDIR="$work/compat-$2" "$harness/compat.sh" > "$work/$2.compat" 2>&1 &
  runs+=("$!:$2")
}
# 1. connect-broker on its own.
port=$(free_port)
cat > "$work/broker.properties" <<PROPS
listeners=PLAINTEXT://127.0.0.1:$port
log.dirs=$work/logs
group.initial.rebalance.delay.ms=0
PROPS
"$build/bin/connect-broker" "$work/broker.properties" > "$work/broker.log" 2>&1 &
pids+=($!)
wait_for_line "Broker started" "$work/broker.log"
start_harness "$port" connect-broker

# 2. The broker embedded in connect-standalone (no connectors), as the
#    shipped worker config runs it.
port=$(free_port)
cat > "$work/worker.properties" <<PROPS
bootstrap.servers=localhost:9092
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
offset.storage.file.filename=$work/connect.offsets
listeners=http://127.0.0.1:0
embedded.broker.enable=true
embedded.broker.listeners=PLAINTEXT://127.0.0.1:$port
embedded.broker.log.dirs=$work/embedded-logs
PROPS
"$build/bin/connect-standalone" "$work/worker.properties" > "$work/worker.log" 2>&1 &
pids+=($!)
wait_for_line "Kafka Connect started" "$work/worker.log"
start_harness "$port" embedded

status=0
for run in "${runs[@]}"; do
  name=${run#*:}
  if wait "${run%%:*}"; then result=ok; else result=failed; status=1; fi
  echo "== compat against $name: $result"
  cat "$work/$name.compat"
  if [ $result = failed ]; then
    echo "compat: the $name log follows"
    tail -50 "$work/$([ "$name" = embedded ] && echo worker || echo broker).log"
  fi
done
exit $status
