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
  runs+=("$!:$2:$1")
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

# A failed check is run once more, alone, against the same broker, and the
# first failure's evidence is printed: the harness deletes nothing, but this
# script's work dir goes away on exit, and a rare failure that cannot be
# inspected afterwards cannot be fixed. A check that fails twice fails the run;
# one that passes on its second try is reported as FLAKY (and the run passes),
# so an intermittent fault is visible in the log without blocking every change.
show_failure() {  # $1 = FAIL line, $2 = broker log, $3 = scenario letter
  local dir f
  dir=$(sed -n 's/.*\[logs: \(.*\)\]$/\1/p' <<<"$1")
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  for f in "$dir"/*.err "$dir"/assignment; do
    [ -s "$f" ] || continue
    echo "compat: --- $f (last 15 lines)"
    tail -15 "$f"
  done
  echo "compat: --- the broker's events for scenario $3 groups"
  grep -E "group compat-[^ ]*-$3-[0-9]+-group|Fetch of compat-[^ ]*-$3-" "$2" | tail -40 || true
}
status=0
for run in "${runs[@]}"; do
  IFS=: read -r pid name port <<<"$run"
  log="$work/$([ "$name" = embedded ] && echo worker || echo broker).log"
  if wait "$pid"; then result=ok; else result=failed; fi
  echo "== compat against $name: $result"
  cat "$work/$name.compat"
  [ $result = ok ] && continue
  mapfile -t fails < <(grep '^FAIL ' "$work/$name.compat" || true)
  if [ ${#fails[@]} -eq 0 ]; then
    status=1
    echo "compat: the $name log follows"
    tail -50 "$log"
    continue
  fi
  for line in "${fails[@]}"; do
    read -r _ client scen _ <<<"$line"
    client=${client%%->*}
    scen=${scen%%-*}
    show_failure "$line" "$log" "$scen"
    echo "compat: retrying $client scenario $scen against $name"
    if CLIENTS=$client SCENARIOS=$scen BOOTSTRAP=127.0.0.1:$port OUTDIR="$work/retry-$name-$client-$scen" \
        "$harness/compat.sh" > "$work/retry.out" 2>&1; then
      echo "FLAKY ${line#FAIL }"
      echo "compat: $client $scen passed on its second run: $(tail -1 "$work/retry.out")"
    else
      status=1
      cat "$work/retry.out"
      echo "compat: the $name log follows"
      tail -50 "$log"
    fi
  done
done
exit $status
