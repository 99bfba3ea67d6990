#pragma once
// Responder: the completion handle of one request given to
// RequestDispatcher::Dispatch.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

namespace kconnect::broker::server {

class Connection;

// Bytes of an open file that are part of a response. A Fetch answers with
// slices of segment files, which the connection sends with sendfile(2): they
// go from the page cache to the socket without passing through the broker's
// memory (Kafka does the same).
struct FileSlice {
  std::shared_ptr<const void> owner;  // keeps `fd` open until sent
  int fd = -1;
  uint64_t offset = 0;
  uint64_t size = 0;
};

// A file slice that goes after the first `at` bytes of a response buffer.
struct Splice {
  size_t at = 0;
  FileSlice slice;
};

// A response: its buffer with any file slices spliced in.
struct OutgoingResponse {
  std::vector<uint8_t> bytes;
  std::vector<Splice> splices;  // by increasing `at`
};

namespace internal {

// Shared by a Server and every Responder it handed out. Server::Stop clears
// `alive` under the exclusive lock before it stops the io_context; a Responder
// completes only under the shared lock while `alive` is true. So a completion
// either reaches the connection's strand while the io_context still exists,
// or is dropped: nothing touches Asio objects after Stop, however late the
// dispatcher's threads call back.
struct Lifeline {
  std::shared_mutex mu;
  bool alive = true;  // guarded by mu
};

// How a request ended.
enum class Outcome {
  kRespond,  // with a response, or none (nullopt)
  kClose,    // the dispatcher asked to close the connection
  kDropped,  // every Responder copy was destroyed uncompleted
};

// One outstanding request. Its destructor closes the connection if the
// request was never completed (the dispatcher lost it).
class PendingRequest {
 public:
  // `buffer`: the connection's spare response buffer (empty, with capacity).
  PendingRequest(std::weak_ptr<Connection> connection, std::shared_ptr<Lifeline> lifeline,
                 uint64_t sequence, std::vector<uint8_t> buffer = {})
      : connection_(std::move(connection)),
        lifeline_(std::move(lifeline)),
        sequence_(sequence),
        buffer_(std::move(buffer)) {}
  ~PendingRequest();
  PendingRequest(const PendingRequest&) = delete;
  PendingRequest& operator=(const PendingRequest&) = delete;

  // First call wins; later calls return false and do nothing.
  bool Complete(Outcome outcome, std::optional<OutgoingResponse> response, std::string reason);
  bool Completed() const { return done_.load(std::memory_order_acquire); }
  // The spare buffer, once; later calls get an empty vector.
  std::vector<uint8_t> TakeBuffer();

 private:
  const std::weak_ptr<Connection> connection_;
  const std::shared_ptr<Lifeline> lifeline_;
  const uint64_t sequence_;
  std::atomic<bool> done_{false};
  std::mutex buffer_mu_;
  std::vector<uint8_t> buffer_;  // guarded by buffer_mu_
};

}  // namespace internal

// Copyable handle; all copies refer to the same request. Thread-safe: any
// copy may be completed from any thread, at any time, including after the
// connection closed, after Server::Stop and after the Server was destroyed
// (the completion is then silently dropped). Only the first completion of a
// request counts.
class Responder {
 public:
  // A responder bound to no connection: completing it does nothing (tests).
  Responder() = default;
  explicit Responder(std::shared_ptr<internal::PendingRequest> pending)
      : pending_(std::move(pending)) {}

  // Sends `response` (response header + body, without the 4-byte size
  // prefix, which the connection adds), or nothing when nullopt; the
  // connection then goes on with its next request. Returns false if the
  // request had already been completed.
  bool Complete(std::optional<std::vector<uint8_t>> response) const;
  bool operator()(std::optional<std::vector<uint8_t>> response) const {
    return Complete(std::move(response));
  }
  // Sends `bytes` with the file slices of `splices` in their places (the
  // size prefix counts both). Returns false if already completed.
  bool Complete(std::vector<uint8_t> bytes, std::vector<Splice> splices) const;

  // Completes the request by closing its connection without a response
  // (e.g. a request the codec cannot decode). `reason` is logged with the
  // peer. Returns false if the request had already been completed.
  bool CloseConnection(std::string reason) const;

  // An empty buffer to encode the response into: the connection's previous
  // response buffer, whose capacity it keeps (a response in fresh memory
  // costs a page fault per 4 KiB of it, and allocators hand big blocks back
  // to the OS). Only the first call gets it; later ones, and responders bound
  // to no connection, get an empty vector.
  std::vector<uint8_t> TakeBuffer() const {
    return pending_ ? pending_->TakeBuffer() : std::vector<uint8_t>();
  }

  // True once any copy was completed.
  bool Completed() const { return pending_ && pending_->Completed(); }

 private:
  std::shared_ptr<internal::PendingRequest> pending_;
};

}  // namespace kconnect::broker::server
