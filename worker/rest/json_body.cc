#include "worker/rest/json_body.h"

#include <cctype>

#include <string>
#include <vector>

namespace kconnect::worker::rest {
namespace {

using Json = nlohmann::ordered_json;

// SAX handler that builds an ordered_json DOM, keeping float lexemes (see the
// header). Iterative: nesting depth costs heap, not stack.
class DomBuilder {
 public:
  explicit DomBuilder(bool floats_as_text) : floats_as_text_(floats_as_text) {}
  bool null() { return Put(Json(nullptr)); }  // NOLINT(readability-identifier-naming): SAX API
  bool boolean(bool value) { return Put(Json(value)); }  // NOLINT(readability-identifier-naming)
  bool number_integer(Json::number_integer_t value) {  // NOLINT(readability-identifier-naming)
    return Put(Json(value));
  }
  bool number_unsigned(Json::number_unsigned_t value) {  // NOLINT(readability-identifier-naming)
    return Put(Json(value));
  }
  bool number_float(Json::number_float_t value,  // NOLINT(readability-identifier-naming)
                    const Json::string_t& text) {
    return floats_as_text_ ? Put(Json(text)) : Put(Json(value));
  }
  bool string(Json::string_t& value) { return Put(Json(std::move(value))); }  // NOLINT
  bool binary(Json::binary_t& /*value*/) { return Put(Json(nullptr)); }  // NOLINT: not in JSON text
  bool start_object(std::size_t /*size*/) {  // NOLINT(readability-identifier-naming)
    Json* slot = Slot();
    *slot = Json::object();
    stack_.push_back(slot);
    return true;
  }
  bool key(Json::string_t& name) {  // NOLINT(readability-identifier-naming)
    key_ = std::move(name);
    return true;
  }
  bool end_object() {  // NOLINT(readability-identifier-naming)
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t /*size*/) {  // NOLINT(readability-identifier-naming)
    Json* slot = Slot();
    *slot = Json::array();
    stack_.push_back(slot);
    return true;
  }
  bool end_array() {  // NOLINT(readability-identifier-naming)
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t /*position*/,  // NOLINT(readability-identifier-naming)
                   const std::string& /*last_token*/, const nlohmann::detail::exception& ex) {
    error_ = ex.what();
    // Drop nlohmann's "[json.exception.parse_error.101] " prefix: clients care
    // about where and why, not about the library's exception ids.
    if (!error_.empty() && error_.front() == '[') {
      size_t end = error_.find("] ");
      if (end != std::string::npos) error_.erase(0, end + 2);
    }
    return false;
  }

  Json& Root() { return root_; }
  const std::string& Error() const { return error_; }

 private:
  // Where the next value goes. Pointers on stack_ stay valid: a container's
  // parent gets no new member until the container is closed.
  Json* Slot() {
    if (stack_.empty()) return &root_;
    Json* top = stack_.back();
    if (top->is_array()) {
      top->push_back(nullptr);
      return &top->back();
    }
    return &(*top)[key_];
  }
  bool Put(Json value) {
    *Slot() = std::move(value);
    return true;
  }

  bool floats_as_text_;
  Json root_;
  std::vector<Json*> stack_;
  std::string key_;
  std::string error_;
};

}  // namespace

util::Result<nlohmann::ordered_json> ParseJsonBody(std::string_view body, bool floats_as_text) {
  DomBuilder builder(floats_as_text);
  bool ok = Json::sax_parse(body, &builder, Json::input_format_t::json, /*strict=*/true);
  // 400, not Java's 500 (R-BADJSON): the client sent a broken body, and the
  // message says where.
  if (!ok) {
    return util::BadRequest(builder.Error().empty() ? "Malformed JSON body" : builder.Error());
  }
  return std::move(builder.Root());
}

// An empty, whitespace-only or `null` body binds to a null entity in Java,
// which then fails with a NullPointerException (R-EMPTY). The contract lets us
// answer 400 instead, with a message that says what is missing.
util::Result<nlohmann::ordered_json> ReadRequiredBody(const std::string& body) {
  bool blank = true;
  for (char c : body) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      blank = false;
      break;
    }
  }
  if (blank) return util::BadRequest("Request body is empty; a JSON object is required");
  auto parsed = ParseJsonBody(body);
  if (!parsed) return parsed.Error();
  if (parsed->is_null()) return util::BadRequest("Request body is null; a JSON object is required");
  return std::move(parsed).Value();
}

}  // namespace kconnect::worker::rest
