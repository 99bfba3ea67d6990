#include "broker/server/responder.h"

#include <mutex>
#include <utility>

#include "broker/server/connection.h"

namespace kconnect::broker::server {
namespace internal {

PendingRequest::~PendingRequest() {
  // Every copy of the Responder is gone and nobody answered: closing is the
  // only way the client learns (it would otherwise wait for ever, and the
  // connection would stay muted).
  Complete(Outcome::kDropped, std::nullopt, "the request was dropped without a response");
}

bool PendingRequest::Complete(Outcome outcome, std::optional<OutgoingResponse> response,
                              std::string reason) {
  if (done_.exchange(true, std::memory_order_acq_rel)) return false;
  std::shared_lock lock(lifeline_->mu);
  if (!lifeline_->alive) return true;
  // The strong reference ends inside the lock: if it is the last one, the
  // Connection (and its socket) is destroyed while the io_context still exists.
  if (std::shared_ptr<Connection> connection = connection_.lock()) {
    connection->PostCompletion(sequence_, outcome, std::move(response), std::move(reason));
  }
  return true;
}

std::vector<uint8_t> PendingRequest::TakeBuffer() {
  std::lock_guard lock(buffer_mu_);
  return std::exchange(buffer_, {});
}

}  // namespace internal

bool Responder::Complete(std::optional<std::vector<uint8_t>> response) const {
  if (!pending_) return false;
  std::optional<OutgoingResponse> out;
  if (response) out = OutgoingResponse{std::move(*response), {}};
  return pending_->Complete(internal::Outcome::kRespond, std::move(out), {});
}

bool Responder::Complete(std::vector<uint8_t> bytes, std::vector<Splice> splices) const {
  return pending_ && pending_->Complete(internal::Outcome::kRespond,
                                        OutgoingResponse{std::move(bytes), std::move(splices)}, {});
}

bool Responder::CloseConnection(std::string reason) const {
  return pending_ && pending_->Complete(internal::Outcome::kClose, std::nullopt, std::move(reason));
}

}  // namespace kconnect::broker::server
