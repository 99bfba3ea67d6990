#include "worker/rest/router.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <exception>
#include <set>

#include "worker/rest/error_mapper.h"

namespace kconnect::worker::rest {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string AllowHeader(const std::set<std::string>& methods) {
  std::string out;
  for (const auto& method : methods) {
    if (!out.empty()) out += ",";
    out += method;
  }
  return out;
}

}  // namespace

bool ParseJavaInt(std::string_view text, int* value) {
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) return false;
  }
  if (text.empty()) return false;
  int parsed = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (ec != std::errc() || end != text.data() + text.size()) return false;
  *value = parsed;
  return true;
}

bool BoolQueryParam(const RestRequest& request, const std::string& name, bool default_value) {
  auto value = request.QueryParam(name);
  if (!value || value->empty()) return default_value;
  return Lower(*value) == "true";
}

bool IsJsonMediaType(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  std::string lowered = Lower(Trim(type));
  return lowered == "application/json" || lowered == "application/*" || lowered == "*/*" ||
         lowered == "*";
}

void Router::Add(std::string method, std::string_view path_template, bool consumes_json,
                 Handler handler) {
  Route route;
  route.method = std::move(method);
  route.consumes_json = consumes_json;
  route.handler = std::move(handler);
  while (!path_template.empty() && path_template.front() == '/') path_template.remove_prefix(1);
  size_t start = 0;
  while (start < path_template.size()) {
    size_t slash = path_template.find('/', start);
    std::string_view piece = path_template.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    Segment segment;
    if (piece.size() >= 2 && piece.front() == '{' && piece.back() == '}') {
      bool is_int = piece.size() > 6 && piece.substr(piece.size() - 5) == ":int}";
      segment.kind = is_int ? Segment::Kind::kInt : Segment::Kind::kString;
    } else {
      segment.literal = std::string(piece);
    }
    route.segments.push_back(std::move(segment));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  routes_.push_back(std::move(route));
}

bool Router::Match(const Route& route, const std::vector<std::string>& segments,
                   Params* params) {
  if (route.segments.size() != segments.size()) return false;
  params->clear();
  for (size_t i = 0; i < segments.size(); ++i) {
    const Segment& segment = route.segments[i];
    const std::string& actual = segments[i];
    switch (segment.kind) {
      case Segment::Kind::kLiteral:
        if (segment.literal != actual) return false;
        break;
      case Segment::Kind::kString:
        if (actual.empty()) return false;
        params->push_back(actual);
        break;
      case Segment::Kind::kInt: {
        int ignored = 0;
        if (!ParseJavaInt(actual, &ignored)) return false;
        params->push_back(actual);
        break;
      }
    }
  }
  return true;
}

RestResponse Router::Dispatch(const RestRequest& request) const {
  std::set<std::string> allowed;
  const Route* chosen = nullptr;
  const Route* get_route = nullptr;
  Params chosen_params;
  Params get_params;
  Params params;
  for (const Route& route : routes_) {
    if (!Match(route, request.segments, &params)) continue;
    allowed.insert(route.method);
    if (route.method == request.method && chosen == nullptr) {
      chosen = &route;
      chosen_params = params;
    }
    if (route.method == "GET" && get_route == nullptr) {
      get_route = &route;
      get_params = params;
    }
  }
  if (allowed.empty()) return ErrorResponse(HttpNotFound());

  // HEAD is answered as GET; the server sends the headers (with the body's
  // length) and leaves the body out.
  if (chosen == nullptr && request.method == "HEAD" && get_route != nullptr) {
    chosen = get_route;
    chosen_params = get_params;
  }
  if (chosen == nullptr) {
    if (allowed.count("GET")) allowed.insert("HEAD");
    allowed.insert("OPTIONS");
    if (request.method == "OPTIONS") {
      RestResponse response = RestResponse::NoBody(200);
      response.headers.emplace_back("Allow", AllowHeader(allowed));
      return response;
    }
    RestResponse response = ErrorResponse(HttpMethodNotAllowed());
    response.headers.emplace_back("Allow", AllowHeader(allowed));
    return response;
  }

  if (chosen->consumes_json && request.content_type && !IsJsonMediaType(*request.content_type)) {
    return ErrorResponse(HttpUnsupportedMediaType());
  }

  RestResponse response;
  try {
    response = chosen->handler(request, chosen_params);
  } catch (const std::exception& e) {
    response = ErrorResponse(util::Internal(e.what()));
  } catch (...) {
    response = ErrorResponse(util::Internal("Unknown error"));
  }
  return response;
}

}  // namespace kconnect::worker::rest
