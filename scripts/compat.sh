#!/usr/bin/env bash
# Runs the black-box Kafka-client compatibility harness (kcat, kafka-python,
# confluent-kafka, KafkaJS) against the built connect-broker, if the harness is
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
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/broker.properties" <<PROPS
listeners=PLAINTEXT://127.0.0.1:$port
log.dirs=$work/logs
group.initial.rebalance.delay.ms=0
PROPS
"$build/bin/connect-broker" "$work/broker.properties" > "$work/broker.log" 2>&1 &
broker=$!
trap 'kill $broker 2>/dev/null; wait $broker 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
  grep -q "Broker started" "$work/broker.log" && break
  sleep 0.1
done

status=0
BOOTSTRAP=127.0.0.1:$port OUTDIR="$work/compat" "$harness/compat.sh" || status=1
if [ $status -ne 0 ]; then
  echo "compat: failures; broker log follows"
  tail -50 "$work/broker.log"
fi
exit $status
