# kc_broker_records: RecordBatch v2 parsing, validation, in-place rewriting and
# record decoding, plus CRC-32C (ISA-L) and the four compression codecs (zlib,
# snappy, lz4, zstd: Debian's libraries). Pure code, no I/O; used by the codec,
# the server's handlers and storage. Listed explicitly because the rest of this
# folder belongs to the wire codec (kc_broker_protocol).
find_path(ISAL_INCLUDE_DIR isa-l.h REQUIRED)
find_library(ISAL_LIBRARY NAMES isal REQUIRED)
find_package(ZLIB REQUIRED)
find_library(SNAPPY_LIBRARY NAMES snappy REQUIRED)
find_library(LZ4_LIBRARY NAMES lz4 REQUIRED)
find_library(ZSTD_LIBRARY NAMES zstd REQUIRED)

add_library(kc_broker_records STATIC
  ${CMAKE_CURRENT_SOURCE_DIR}/compression.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/crc32c.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/record_batch.cc)
target_include_directories(kc_broker_records PUBLIC ${PROJECT_SOURCE_DIR})
target_include_directories(kc_broker_records PRIVATE ${ISAL_INCLUDE_DIR})
target_link_libraries(kc_broker_records PRIVATE ${ISAL_LIBRARY} ZLIB::ZLIB ${SNAPPY_LIBRARY} ${LZ4_LIBRARY}
  ${ZSTD_LIBRARY})
