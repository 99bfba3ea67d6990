#pragma once
// The files a connect-standalone process is started with in the e2e tests.

#include <string>

#include "test_util.h"

namespace kctest {

inline std::string WriteWorkerProps(const TempDir& dir, const std::string& bootstrap,
                                    const std::string& extra = "") {
  std::string path = dir.Path("worker.properties");
  WriteFile(path, "bootstrap.servers=" + bootstrap +
                      "\n"
                      "key.converter=org.apache.kafka.connect.json.JsonConverter\n"
                      "value.converter=org.apache.kafka.connect.json.JsonConverter\n"
                      "key.converter.schemas.enable=true\n"
                      "value.converter.schemas.enable=true\n"
                      "offset.storage.file.filename=" +
                      dir.Path("connect.offsets") +
                      "\n"
                      "offset.flush.interval.ms=200\n"
                      "listeners=http://127.0.0.1:0\n"
                      // The killed worker's sink stays in the group until its session
                      // times out; keep that short.
                      "consumer.session.timeout.ms=6000\n"
                      "consumer.heartbeat.interval.ms=500\n" +
                      extra);
  return path;
}

inline void WriteConnectorFiles(const TempDir& dir) {
  WriteFile(dir.Path("source.properties"),
            "name=local-file-source\nconnector.class=FileStreamSource\ntasks.max=1\n"
            "file=" +
                dir.Path("test.txt") + "\ntopic=connect-test\n");
  WriteFile(dir.Path("sink.properties"),
            "name=local-file-sink\nconnector.class=FileStreamSink\ntasks.max=1\n"
            "file=" +
                dir.Path("test.sink.txt") + "\ntopics=connect-test\n");
}

}  // namespace kctest
