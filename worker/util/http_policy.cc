#include "worker/util/http_policy.h"

#include <time.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstdio>

namespace kconnect::worker::util {
namespace {

constexpr std::string_view kWhitespace = " \t\r\n\f\v";
// Jetty CrossOriginFilter defaults, which Kafka Connect keeps.
constexpr std::string_view kDefaultMethods = "GET,POST,HEAD";
const std::vector<std::string> kAllowedHeaders = {"X-Requested-With", "Content-Type", "Accept",
                                                  "Origin"};
constexpr std::string_view kPreflightMaxAgeSeconds = "1800";

std::string_view Trim(std::string_view s) {
  const auto first = s.find_first_not_of(kWhitespace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kWhitespace) - first + 1);
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Comma-separated values, each trimmed; a value in double quotes may hold
// commas (and \" / \\ escapes). Empty values are dropped. Jetty's csvSplit,
// which both filters use on their settings.
std::vector<std::string> CsvSplit(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  bool quoted = false;
  bool was_quoted = false;
  auto finish = [&] {
    std::string value = was_quoted ? current : std::string(Trim(current));
    if (!value.empty()) out.push_back(std::move(value));
    current.clear();
    was_quoted = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '\\' && i + 1 < text.size()) {
        current += text[++i];
      } else if (c == '"') {
        quoted = false;
      } else {
        current += c;
      }
    } else if (c == '"' && Trim(current).empty()) {
      current.clear();
      quoted = was_quoted = true;
    } else if (c == ',') {
      finish();
    } else if (!(was_quoted && kWhitespace.find(c) != std::string_view::npos)) {
      current += c;
    }
  }
  finish();
  return out;
}

// Java's String.split(regex) drops trailing empty strings; the checks below
// count tokens the way Kafka's validator does.
std::vector<std::string_view> SplitColon(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t pos; (pos = s.find(':', start)) != std::string_view::npos; start = pos + 1) {
    parts.push_back(s.substr(start, pos - start));
  }
  parts.push_back(s.substr(start));
  while (!parts.empty() && parts.back().empty()) parts.pop_back();
  return parts;
}

Result<ResponseHeaderRule> ParseRule(std::string_view rule) {
  const std::string_view trimmed = Trim(rule);
  const auto gap = trimmed.find_first_of(kWhitespace);
  if (gap == std::string_view::npos) {
    return BadRequest("Invalid format of header config '" + std::string(rule) +
                      "'. Expected: '[action] [header name]:[header value]'");
  }
  const std::string_view action = trimmed.substr(0, gap);
  const std::string_view header = trimmed.substr(trimmed.find_first_not_of(kWhitespace, gap));
  ResponseHeaderRule out;
  if (EqualsIgnoreCase(action, "set")) {
    out.action = ResponseHeaderRule::Action::kSet;
  } else if (EqualsIgnoreCase(action, "add")) {
    out.action = ResponseHeaderRule::Action::kAdd;
  } else if (EqualsIgnoreCase(action, "setDate")) {
    out.action = ResponseHeaderRule::Action::kSetDate;
  } else if (EqualsIgnoreCase(action, "addDate")) {
    out.action = ResponseHeaderRule::Action::kAddDate;
  } else {
    return BadRequest("Invalid header config action: '" + std::string(action) +
                      "'. Expected one of [set, add, setDate, addDate]");
  }
  const auto tokens = SplitColon(Trim(header));
  if (tokens.size() != 2) {
    return BadRequest("Invalid format of header name and header value pair '" +
                      std::string(header) +
                      "'. Expected: '[header name]:[header value]'");
  }
  const std::string_view name = Trim(tokens[0]);
  if (name.empty() || name.find_first_of(kWhitespace) != std::string_view::npos) {
    return BadRequest("Invalid header name '" + std::string(name) +
                      "'. The '[header name]' cannot contain whitespace");
  }
  out.name = std::string(name);
  out.value = std::string(Trim(tokens[1]));
  if (out.action == ResponseHeaderRule::Action::kSetDate ||
      out.action == ResponseHeaderRule::Action::kAddDate) {
    // Jetty's HeaderFilter would fail at start-up on a non-number; say so
    // while the config is read instead.
    int64_t ms = 0;
    const char* end = out.value.data() + out.value.size();
    auto [ptr, ec] = std::from_chars(out.value.data(), end, ms);
    if (ec != std::errc() || ptr != end) {
      return BadRequest("Invalid header value '" + out.value + "' in header config '" +
                        std::string(rule) + "': " + std::string(action) +
                        " takes a number of milliseconds to add to the response time");
    }
  }
  return out;
}

void SetHeader(HeaderList& headers, const std::string& name, std::string value) {
  std::erase_if(headers, [&](const auto& h) { return EqualsIgnoreCase(h.first, name); });
  headers.emplace_back(name, std::move(value));
}

}  // namespace

Result<std::vector<ResponseHeaderRule>> ParseResponseHeaderRules(std::string_view config) {
  std::vector<ResponseHeaderRule> rules;
  for (const std::string& text : CsvSplit(config)) {
    auto rule = ParseRule(text);
    if (!rule) return rule.Error();
    rules.push_back(std::move(rule.Value()));
  }
  return rules;
}

Result<HttpPolicy> HttpPolicy::Create(std::string_view allowed_origins,
                                      std::string_view allowed_methods,
                                      std::string_view response_headers_config) {
  HttpPolicy policy;
  for (std::string& origin : CsvSplit(allowed_origins)) {
    if (origin == "*") {
      policy.any_origin_ = true;
      policy.origins_ = {"*"};
      break;
    }
    policy.origins_.push_back(std::move(origin));
  }
  policy.methods_ = CsvSplit(Trim(allowed_methods).empty() ? kDefaultMethods : allowed_methods);
  auto rules = ParseResponseHeaderRules(response_headers_config);
  if (!rules) return rules.Error();
  policy.rules_ = std::move(rules.Value());
  return policy;
}

bool HttpPolicy::OriginAllowed(std::string_view origin_list) const {
  // The Origin header may list several origins separated by spaces; one
  // allowed is enough. A pattern's `*` matches any run of characters.
  auto matches = [](std::string_view pattern, std::string_view text) {
    size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
    while (t < text.size()) {
      if (p < pattern.size() && pattern[p] == '*') {
        star = p++;
        resume = t;
      } else if (p < pattern.size() && pattern[p] == text[t]) {
        ++p;
        ++t;
      } else if (star != std::string_view::npos) {
        p = star + 1;
        t = ++resume;
      } else {
        return false;
      }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
  };
  size_t start = 0;
  while (start < origin_list.size()) {
    size_t end = origin_list.find(' ', start);
    if (end == std::string_view::npos) end = origin_list.size();
    const std::string_view origin = origin_list.substr(start, end - start);
    if (!origin.empty()) {
      for (const std::string& allowed : origins_) {
        if (any_origin_ || matches(allowed, origin)) return true;
      }
    }
    start = end + 1;
  }
  return false;
}

bool HttpPolicy::PreflightAllowed(const PolicyRequest& request) const {
  if (std::find(methods_.begin(), methods_.end(), *request.request_method) == methods_.end()) {
    return false;
  }
  if (!request.request_headers) return true;
  for (const std::string& wanted : CsvSplit(*request.request_headers)) {
    const bool known = std::any_of(kAllowedHeaders.begin(), kAllowedHeaders.end(),
                                   [&](const std::string& h) { return EqualsIgnoreCase(h, wanted); });
    if (!known) return false;
  }
  return true;
}

void HttpPolicy::Apply(const PolicyRequest& request, std::chrono::system_clock::time_point now,
                       HeaderList& headers) const {
  if (cors_enabled() && request.origin && OriginAllowed(*request.origin)) {
    const bool simple =
        request.method == "GET" || request.method == "POST" || request.method == "HEAD";
    const bool preflight = !simple && request.method == "OPTIONS" && request.request_method;
    // A preflight for a method or header that is not allowed gets no CORS
    // headers at all, so the browser refuses the real request.
    if (!preflight || PreflightAllowed(request)) {
      SetHeader(headers, "Access-Control-Allow-Origin", *request.origin);
      if (!any_origin_) headers.emplace_back("Vary", "Origin");
      SetHeader(headers, "Access-Control-Allow-Credentials", "true");
      if (preflight) {
        auto join = [](const std::vector<std::string>& values) {
          std::string out;
          for (const auto& v : values) out += (out.empty() ? "" : ",") + v;
          return out;
        };
        SetHeader(headers, "Access-Control-Max-Age", std::string(kPreflightMaxAgeSeconds));
        SetHeader(headers, "Access-Control-Allow-Methods", join(methods_));
        SetHeader(headers, "Access-Control-Allow-Headers", join(kAllowedHeaders));
      }
    }
  }
  for (const ResponseHeaderRule& rule : rules_) {
    switch (rule.action) {
      case ResponseHeaderRule::Action::kSet:
        SetHeader(headers, rule.name, rule.value);
        break;
      case ResponseHeaderRule::Action::kAdd:
        headers.emplace_back(rule.name, rule.value);
        break;
      case ResponseHeaderRule::Action::kSetDate:
      case ResponseHeaderRule::Action::kAddDate: {
        const auto when = now + std::chrono::milliseconds(std::stoll(rule.value));
        if (rule.action == ResponseHeaderRule::Action::kSetDate) {
          SetHeader(headers, rule.name, HttpDate(when));
        } else {
          headers.emplace_back(rule.name, HttpDate(when));
        }
        break;
      }
    }
  }
}

std::string HttpDate(std::chrono::system_clock::time_point when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&t, &utc);
  // strftime's %a/%b follow the locale; HTTP wants the English names.
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char text[40];
  std::snprintf(text, sizeof(text), "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[utc.tm_wday],
                utc.tm_mday, kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                utc.tm_sec);
  return text;
}

}  // namespace kconnect::worker::util
