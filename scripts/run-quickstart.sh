#!/usr/bin/env bash
# Installs what is missing, builds kconnect (Release) and runs the Kafka quickstart:
# a standalone worker with the file source and sink connectors, REST on port 8083.
# Lines appended to ./test.txt arrive in ./test.sink.txt through the topic connect-test.
#
# The worker starts the bundled Kafka broker inside its own process (embedded.broker.* in
# config/connect-standalone.properties), listening on localhost:9092 for other clients too.
# Pass KCONNECT_BOOTSTRAP=host:port to use a Kafka cluster instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DKCONNECT_BUILD_TESTS=OFF
cmake --build build-release --target connect-standalone connect-broker kc_file_connectors
[ -f test.txt ] || printf 'hello\nworld\n' > test.txt
if [ -n "${KCONNECT_BOOTSTRAP:-}" ]; then
  sed -e "s|^bootstrap.servers=.*|bootstrap.servers=${KCONNECT_BOOTSTRAP}|" \
      -e "s|^embedded.broker.enable=.*|embedded.broker.enable=false|" \
    config/connect-standalone.properties > build-release/connect-standalone.properties
  exec build-release/bin/connect-standalone build-release/connect-standalone.properties \
    config/connect-file-source.properties config/connect-file-sink.properties
fi
exec build-release/bin/connect-standalone config/connect-standalone.properties \
  config/connect-file-source.properties config/connect-file-sink.properties
