// The plugin declaration of kconnect-file.so: its manifest (read by the worker
// before loading) and its factory. Aliases FileStreamSource /
// FileStreamSourceConnector etc. are derived by the worker from the class names.

#include "kconnect/plugin.h"

#include "connectors/file/file_stream_sink_connector.h"
#include "connectors/file/file_stream_source_connector.h"
#include "connectors/file/version.h"

#define KC_FILE_PLUGINS(X)                                                                 \
  X(source, kconnect::file::FileStreamSourceConnector,                                     \
    "org.apache.kafka.connect.file.FileStreamSourceConnector", KC_FILE_CONNECTORS_VERSION) \
  X(sink, kconnect::file::FileStreamSinkConnector,                                         \
    "org.apache.kafka.connect.file.FileStreamSinkConnector", KC_FILE_CONNECTORS_VERSION)

KCONNECT_DECLARE_PLUGINS(KC_FILE_PLUGINS)
