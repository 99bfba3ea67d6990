#pragma once
// The one place where an error becomes an HTTP response (Java:
// ConnectExceptionMapper, R-ERRBODY / R-MAP). Every error answered by the
// REST server, whether it comes from the herder, from request parsing or
// from routing (404/405/415), goes through ErrorResponse().

#include "worker/rest/rest_message.h"
#include "worker/util/result.h"

namespace kconnect::worker::rest {

// 4xx/5xx response with body exactly {"error_code":<status>,"message":<text>}.
// A status outside 400..599 is answered as 500, so that a misbehaving caller
// can never produce a "successful" error.
RestResponse ErrorResponse(const util::Error& error);

// Transport-level errors, worded as Jersey words them.
util::Error HttpNotFound();              // 404 "HTTP 404 Not Found" (R-404PATH)
util::Error HttpMethodNotAllowed();      // 405 "HTTP 405 Method Not Allowed"
util::Error HttpUnsupportedMediaType();  // 415 "HTTP 415 Unsupported Media Type"

}  // namespace kconnect::worker::rest
