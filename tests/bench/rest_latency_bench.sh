#!/usr/bin/env bash
# REST latency while data flows: connect-standalone with its embedded broker
# runs the file quickstart (FileStreamSource -> topic -> FileStreamSink) fed
# with new lines all along, and wrk sends a mix of REST requests at a fixed
# pace (default 200/s) for a fixed time. Prints wrk's latency distribution
# (p50/p90/p99) and how many lines the pipeline moved meanwhile.
#
# wrk 4 has no rate option: the pace comes from a per-request delay in the
# Lua script (CONNECTIONS connections each wait 1000*CONNECTIONS/RATE ms
# between requests), so the achieved rate is slightly below RATE; the
# printed "Requests/sec" is the real one.
#
# Usage: tests/bench/rest_latency_bench.sh [build-dir]
# Env:   RATE=200 SECONDS_=30 CONNECTIONS=4
# Figures only; nothing is asserted.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
rate=${RATE:-200}
seconds=${SECONDS_:-30}
conns=${CONNECTIONS:-4}
command -v wrk >/dev/null || { echo "wrk is not installed (scripts/install-deps.sh installs it)"; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
broker_port=$(free_port)
rest_port=$(free_port)
cat > "$work/worker.properties" <<PROPS
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
offset.storage.file.filename=$work/connect.offsets
offset.flush.interval.ms=1000
listeners=http://127.0.0.1:$rest_port
embedded.broker.enable=true
embedded.broker.listeners=PLAINTEXT://127.0.0.1:$broker_port
embedded.broker.log.dirs=$work/broker-logs
PROPS
printf 'name=local-file-source\nconnector.class=FileStreamSource\ntopic=connect-test\nfile=%s\n' \
  "$work/test.txt" > "$work/source.properties"
printf 'name=local-file-sink\nconnector.class=FileStreamSink\ntopics=connect-test\nfile=%s\n' \
  "$work/test.sink.txt" > "$work/sink.properties"
: > "$work/test.txt"
"$build/bin/connect-standalone" "$work/worker.properties" "$work/source.properties" \
  "$work/sink.properties" > "$work/worker.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do
  grep -q "Kafka Connect started" "$work/worker.log" && break
  sleep 0.1
done
grep -q "Kafka Connect started" "$work/worker.log" || { tail -20 "$work/worker.log"; exit 1; }

# Feed the pipeline: 100 lines every 50 ms (2,000 lines/s) for the whole run.
(
  i=0
  while :; do
    for _ in $(seq 1 100); do echo "line-$i"; i=$((i + 1)); done >> "$work/test.txt"
    sleep 0.05
  done
) &
pids+=($!)

delay_ms=$(( 1000 * conns / rate ))
cat > "$work/mix.lua" <<LUA
-- Reads an operator's dashboard would make, plus a config validation.
local paths = {
  {"GET", "/connectors?expand=status&expand=info", nil},
  {"GET", "/connectors/local-file-source/status", nil},
  {"GET", "/connectors/local-file-sink/config", nil},
  {"GET", "/connector-plugins", nil},
  {"PUT", "/connector-plugins/FileStreamSink/config/validate",
   '{"connector.class":"FileStreamSink","topics":"t","file":"/tmp/x"}'},
}
local n = 0
request = function()
  n = n + 1
  local p = paths[(n % #paths) + 1]
  local headers = {}
  if p[3] then headers["Content-Type"] = "application/json" end
  return wrk.format(p[1], p[2], headers, p[3])
end
delay = function() return $delay_ms end
LUA

sleep 2  # let the pipeline reach its steady state before measuring
before=$(wc -l < "$work/test.sink.txt" 2>/dev/null || echo 0)
echo "== REST latency: ~$rate req/s ($conns connections, ${delay_ms} ms apart), ${seconds}s, while the file pipeline runs"
wrk -t1 -c"$conns" -d"${seconds}s" --latency -s "$work/mix.lua" "http://127.0.0.1:$rest_port"
after=$(wc -l < "$work/test.sink.txt")
echo "pipeline: $((after - before)) lines reached the sink file during the run ($(( (after - before) / seconds )) lines/s)"
echo "worker RSS: $(ps -o rss= -p "${pids[0]}" | tr -d ' ') KiB"
