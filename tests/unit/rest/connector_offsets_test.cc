// GET/PATCH/DELETE /connectors/{n}/offsets over HTTP (KIP-875; R-OFFGET,
// R-OFFPATCH, R-OFFDEL): entity shapes, the order of the checks and the exact
// messages.

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "rest_fixture.h"
#include "worker/rest/entities.h"

namespace kconnect::worker::rest::testing {
namespace {

using herder::ConnectorOffset;
using herder::TargetState;

constexpr const char* kAltered = "The offsets for this connector have been altered successfully";
constexpr const char* kReset = "The offsets for this connector have been reset successfully";
constexpr const char* kNoOffsets =
    "Partitions / offsets need to be provided for an alter offsets request";

std::string NotStopped(const std::string& name) {
  return "Connectors must be in the STOPPED state before their offsets can be modified. This can "
         "be done for the specified connector by issuing a 'PUT' request to the '/connectors/" +
         name + "/stop' endpoint";
}

class ConnectorOffsetsTest : public RestFixture {
 protected:
  void AddSource(const std::string& name, TargetState target = TargetState::kStopped,
                 const Props& extra = {}) {
    Props config = {{"connector.class", "FileStreamSource"}, {"topic", "t"}};
    for (const auto& [k, v] : extra) config[k] = v;
    herder_.AddConnector(name, config, target);
  }
  HttpResult Patch(const std::string& name, const std::string& body) {
    return Call("PATCH", "/connectors/" + name + "/offsets", body);
  }
  static std::string MessageBody(const std::string& message) {
    return MessageJson(message).dump();
  }
};

// --- GET ---------------------------------------------------------------------

TEST_F(ConnectorOffsetsTest, GetListsPartitionsAndOffsetsInTheirJsonTypes) {
  AddSource("src", TargetState::kStarted);  // any state will do
  ConnectorOffset file;
  file.partition = OffsetMap{{"filename", Value("/tmp/a b.txt")}};
  file.offset = OffsetMap{{"position", Value(int64_t{75})}};
  ConnectorOffset typed;
  typed.partition = OffsetMap{{"shard", Value(int32_t{3})}, {"live", Value(true)}};
  typed.offset = OffsetMap{{"ratio", Value(0.5)}, {"cursor", Value()}};
  herder_.SetOffsets("src", {file, typed});

  HttpResult got = Get("/connectors/src/offsets");
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.Header("content-type"), "application/json");
  EXPECT_EQ(got.body,
            R"({"offsets":[{"partition":{"filename":"/tmp/a b.txt"},"offset":{"position":75}},)"
            R"({"partition":{"shard":3,"live":true},"offset":{"ratio":0.5,"cursor":null}}]})");
}

TEST_F(ConnectorOffsetsTest, GetWithoutOffsetsIsAnEmptyList) {
  AddSource("src");
  HttpResult got = Get("/connectors/src/offsets");
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body, R"({"offsets":[]})");
}

TEST_F(ConnectorOffsetsTest, GetOfAnUnknownConnectorIs404) {
  HttpResult got = Get("/connectors/nope/offsets");
  EXPECT_EQ(got.status, 404);
  EXPECT_EQ(got.body, ErrorBody(404, "Connector nope not found"));
}

TEST_F(ConnectorOffsetsTest, OtherMethodsAre405) {
  AddSource("src");
  HttpResult put = Call("PUT", "/connectors/src/offsets", "{}");
  EXPECT_EQ(put.status, 405);
  EXPECT_EQ(put.body, ErrorBody(405, "HTTP 405 Method Not Allowed"));
}

// --- PATCH -------------------------------------------------------------------

TEST_F(ConnectorOffsetsTest, PatchPassesPartitionsAndOffsetsToTheHerder) {
  AddSource("src");
  HttpResult patched = Patch("src", R"({"offsets":[
      {"partition":{"filename":"a.txt"},"offset":{"position":0}},
      {"partition":{"filename":"b.txt","n":"7"},"offset":null},
      {"partition":{"x":1.25,"big":9007199254740993,"f":false}}]})");
  EXPECT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Header("content-type"), "application/json");
  EXPECT_EQ(patched.body, MessageBody(kAltered));

  auto calls = herder_.AlterCalls();
  ASSERT_EQ(calls.size(), 1u);
  ASSERT_EQ(calls[0].size(), 3u);
  EXPECT_EQ(calls[0][0].partition, (OffsetMap{{"filename", Value("a.txt")}}));
  EXPECT_EQ(calls[0][0].offset, (OffsetMap{{"position", Value(int64_t{0})}}));
  // Key order is kept: source offsets are looked up by their exact bytes.
  EXPECT_EQ(calls[0][1].partition, (OffsetMap{{"filename", Value("b.txt")}, {"n", Value("7")}}));
  EXPECT_FALSE(calls[0][1].offset.has_value());  // null: reset this partition
  // Numbers keep their types; a missing offset is null too.
  EXPECT_EQ(calls[0][2].partition, (OffsetMap{{"x", Value(1.25)},
                                              {"big", Value(int64_t{9007199254740993})},
                                              {"f", Value(false)}}));
  EXPECT_FALSE(calls[0][2].offset.has_value());
  // The new offsets are what GET shows.
  EXPECT_EQ(Get("/connectors/src/offsets").body,
            R"({"offsets":[{"partition":{"filename":"a.txt"},"offset":{"position":0}}]})");
}

TEST_F(ConnectorOffsetsTest, PatchWithoutOffsetsIs400BeforeTheConnectorIsLookedUp) {
  for (const std::string body : {"", "  ", "null", "{}", R"({"offsets":null})",
                                 R"({"offsets":[]})"}) {
    HttpResult patched = Patch("nope", body);
    EXPECT_EQ(patched.status, 400) << "body: " << body;
    EXPECT_EQ(patched.body, ErrorBody(400, kNoOffsets)) << "body: " << body;
  }
  EXPECT_TRUE(herder_.AlterCalls().empty());
}

TEST_F(ConnectorOffsetsTest, PatchOfAnUnknownConnectorIs404) {
  HttpResult patched = Patch("nope", R"({"offsets":[{"partition":{"a":1},"offset":{"b":2}}]})");
  EXPECT_EQ(patched.status, 404);
  EXPECT_EQ(patched.body, ErrorBody(404, "Connector nope not found"));
}

TEST_F(ConnectorOffsetsTest, PatchOfARunningOrPausedConnectorIs400) {
  AddSource("running", TargetState::kStarted);
  AddSource("paused", TargetState::kPaused);
  for (const std::string name : {"running", "paused"}) {
    HttpResult patched = Patch(name, R"({"offsets":[{"partition":{"a":1},"offset":{"b":2}}]})");
    EXPECT_EQ(patched.status, 400) << name;
    EXPECT_EQ(patched.body, ErrorBody(400, NotStopped(name))) << name;
    HttpResult reset = Call("DELETE", "/connectors/" + name + "/offsets");
    EXPECT_EQ(reset.status, 400) << name;
    EXPECT_EQ(reset.body, ErrorBody(400, NotStopped(name))) << name;
  }
}

TEST_F(ConnectorOffsetsTest, PatchWithAMalformedBodyIs400NamingTheProblem) {
  AddSource("src");
  struct Case {
    std::string body;
    std::string message;
  };
  const std::vector<Case> cases = {
      {R"([1])",
       R"(An alter offsets request must be a JSON object {"offsets":[{"partition":{...},"offset":{...}}, ...]})"},
      {R"({"offsets":[],"extra":1})",
       R"(Unrecognized field "extra" in the alter offsets request (known fields: "offsets"))"},
      {R"({"offsets":{"partition":{}}})",
       R"("offsets" must be an array, as in {"offsets":[{"partition":{...},"offset":{...}}, ...]})"},
      {R"({"offsets":[7]})", R"(offsets[0] must be a JSON object with "partition" and "offset")"},
      {R"({"offsets":[{"partition":{},"offset":{},"other":1}]})",
       R"(Unrecognized field "other" in offsets[0] (known fields: "partition", "offset"))"},
      {R"({"offsets":[{"partition":{"a":1}},{"partition":"file.txt"}]})",
       R"(offsets[1].partition must be a JSON object or null, not "file.txt")"},
      {R"({"offsets":[{"partition":{"a":1},"offset":[1]}]})",
       R"(offsets[0].offset must be a JSON object or null, not [1])"},
      {R"({"offsets":[{"partition":{"a":{"nested":1}}}]})",
       R"(Offsets may only contain primitive types as values, but field a in offsets[0].partition contains {"nested":1})"},
      {R"({"offsets":[{"partition":{"a":1},"offset":{"p":18446744073709551615}}]})",
       R"(The value of field p in offsets[0].offset is too large for a 64-bit integer: 18446744073709551615)"},
  };
  for (const auto& c : cases) {
    HttpResult patched = Patch("src", c.body);
    EXPECT_EQ(patched.status, 400) << c.body;
    EXPECT_EQ(nlohmann::json::parse(patched.body, nullptr, false).value("message", ""), c.message)
        << c.body;
  }
  EXPECT_TRUE(herder_.AlterCalls().empty());
}

TEST_F(ConnectorOffsetsTest, PatchWithMalformedJsonIs400WithThePosition) {
  AddSource("src");
  HttpResult patched = Patch("src", R"({"offsets":[)");
  EXPECT_EQ(patched.status, 400);
  auto body = nlohmann::json::parse(patched.body);
  EXPECT_EQ(body["error_code"], 400);
  EXPECT_EQ(body["message"].get<std::string>().rfind("parse error at line 1, column ", 0), 0u);
}

TEST_F(ConnectorOffsetsTest, PatchRelaysTheConnectorsRejectionAndItsMessageChoice) {
  AddSource("rejecting", TargetState::kStopped, {{"alter.offsets", "reject"}});
  HttpResult rejected =
      Patch("rejecting", R"({"offsets":[{"partition":{"a":1},"offset":{"b":2}}]})");
  EXPECT_EQ(rejected.status, 500);
  EXPECT_EQ(rejected.body, ErrorBody(500, "The connector rejected these offsets"));

  AddSource("framework", TargetState::kStopped, {{"alter.offsets", "framework"}});
  HttpResult altered =
      Patch("framework", R"({"offsets":[{"partition":{"a":1},"offset":{"b":2}}]})");
  EXPECT_EQ(altered.status, 200);
  EXPECT_EQ(altered.body,
            MessageBody("The Connect framework-managed offsets for this connector have been "
                        "altered successfully. However, if this connector manages offsets "
                        "externally, they will need to be manually altered in the system that "
                        "the connector uses."));
}

// --- DELETE ------------------------------------------------------------------

TEST_F(ConnectorOffsetsTest, DeleteResetsAndIsIdempotent) {
  AddSource("src");
  ConnectorOffset file;
  file.partition = OffsetMap{{"filename", Value("a.txt")}};
  file.offset = OffsetMap{{"position", Value(int64_t{10})}};
  herder_.SetOffsets("src", {file});
  for (int i = 0; i < 2; ++i) {
    HttpResult reset = Call("DELETE", "/connectors/src/offsets");
    EXPECT_EQ(reset.status, 200);
    EXPECT_EQ(reset.Header("content-type"), "application/json");
    EXPECT_EQ(reset.body, MessageBody(kReset));
    EXPECT_EQ(Get("/connectors/src/offsets").body, R"({"offsets":[]})");
  }
  HttpResult missing = Call("DELETE", "/connectors/nope/offsets");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, ErrorBody(404, "Connector nope not found"));
}

TEST_F(ConnectorOffsetsTest, HerderFailuresKeepTheirStatus) {
  AddSource("src");
  herder_.FailEverything(util::Error{500, "Request timed out"});
  EXPECT_EQ(Get("/connectors/src/offsets").body, ErrorBody(500, "Request timed out"));
  EXPECT_EQ(Call("DELETE", "/connectors/src/offsets").body, ErrorBody(500, "Request timed out"));
  EXPECT_EQ(Patch("src", R"({"offsets":[{"partition":{}}]})").body,
            ErrorBody(500, "Request timed out"));
}

}  // namespace
}  // namespace kconnect::worker::rest::testing
