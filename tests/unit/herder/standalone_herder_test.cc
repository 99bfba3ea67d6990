// StandaloneHerder through its C++ API (what the REST layer and the CLI call):
// error codes and texts, initial states, target-state transitions and status
// bookkeeping, with the good/ test plugins and an in-process mock Kafka cluster.

#include "worker/herder/standalone/standalone_herder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "herder_fixture.h"
#include "test_util.h"

namespace kconnect::worker::herder {
namespace {

using ::testing::HasSubstr;

using kctest::WaitFor;
using testing::ExpectError;

class StandaloneHerderTest : public testing::StandaloneHerderFixture {
 protected:
  void SetUp() override { StartHerder({KC_TEST_PLUGIN_DIR "/good"}); }

  static Props Source(const std::string& name, const Props& extra = {}) {
    Props p = {{"name", name}, {"connector.class", "GoodSource"}, {"topic", "t"}, {"count", "5"}};
    for (const auto& [k, v] : extra) p[k] = v;
    return p;
  }

  // "<connector state>/<task states...>", or the error text.
  std::string States(const std::string& name) {
    auto st = herder_->ConnectorStatus(name);
    if (!st) return "error: " + st.Error().message;
    std::string out = st->connector.state;
    for (const auto& t : st->tasks) out += "/" + std::to_string(t.id) + ":" + t.state.state;
    return out;
  }

  bool WaitForStates(const std::string& name, const std::string& expected) {
    bool ok = WaitFor([&] { return States(name) == expected; });
    EXPECT_TRUE(ok) << name << " is " << States(name) << ", expected " << expected;
    return ok;
  }

  Result<CreateOrUpdateResult> Create(const std::string& name, const Props& config,
                                      std::optional<TargetState> initial = std::nullopt) {
    return herder_->PutConnectorConfig(name, config, false, initial);
  }
};

TEST_F(StandaloneHerderTest, UnknownConnectorErrors) {
  ExpectError(herder_->GetConnectorInfo("nope").Error(), 404, "Connector nope not found");
  ExpectError(herder_->ConnectorConfig("nope").Error(), 404, "Connector nope not found");
  ExpectError(herder_->TaskConfigs("nope").Error(), 404, "Connector nope not found");
  ExpectError(herder_->DeleteConnector("nope").Error(), 404, "Connector nope not found");
  ExpectError(herder_->ConnectorStatus("nope").Error(), 404, "No status found for connector nope");
  ExpectError(herder_->TaskStatus("nope", 0).Error(), 404, "No status found for task nope-0");
  ExpectError(herder_->PauseConnector("nope").Error(), 404, "Unknown connector nope");
  ExpectError(herder_->ResumeConnector("nope").Error(), 404, "Unknown connector nope");
  ExpectError(herder_->StopConnector("nope").Error(), 404, "Unknown connector nope");
  ExpectError(herder_->RestartConnector("nope").Error(), 404, "Connector nope not found");
  ExpectError(herder_->RestartTask("nope", 0).Error(), 404, "Task nope-0 not found");
  EXPECT_TRUE(herder_->Connectors()->empty());
}

TEST_F(StandaloneHerderTest, CreateValidatesBeforeCheckingForDuplicates) {
  auto created = Create("a", Source("a"));
  ASSERT_TRUE(created.Ok()) << created.Error().message;
  EXPECT_TRUE(created->created);
  EXPECT_EQ(created->info.name, "a");
  EXPECT_EQ(created->info.type, ConnectorType::kSource);
  EXPECT_EQ(created->info.config, Source("a"));  // raw config, alias not expanded
  ASSERT_EQ(created->info.tasks.size(), 1u);
  EXPECT_EQ(created->info.tasks[0], (ConnectorTaskId{"a", 0}));

  ExpectError(Create("a", Source("a")).Error(), 409, "Connector a already exists");
  // An invalid config is reported as such even though the name is taken.
  auto invalid = Create("a", Source("a", {{"count", "-1"}}));
  ASSERT_FALSE(invalid.Ok());
  EXPECT_EQ(invalid.Error().status, 400);
  EXPECT_THAT(invalid.Error().message,
              HasSubstr("contains the following 1 error(s):\nInvalid value -1 for configuration "
                        "count: Value must be at least 0\n"));

  ExpectError(Create("b", {{"name", "b"}, {"tasks.max", "1"}}).Error(), 400,
              "Connector config {name=b, tasks.max=1} contains no connector type");
  auto unknown = Create("c", {{"name", "c"}, {"connector.class", "NoSuchConnector"}});
  ASSERT_FALSE(unknown.Ok());
  EXPECT_EQ(unknown.Error().status, 500);
  EXPECT_THAT(unknown.Error().message,
              HasSubstr("Failed to find any class that implements Connector and which name "
                        "matches NoSuchConnector"));
  EXPECT_EQ(*herder_->Connectors(), std::vector<std::string>{"a"});
  WaitForStates("a", "RUNNING/0:RUNNING");
}

TEST_F(StandaloneHerderTest, InitialStatesCreateNoTasksUntilResumed) {
  ASSERT_TRUE(Create("p", Source("p"), TargetState::kPaused).Ok());
  ASSERT_TRUE(Create("s", Source("s"), TargetState::kStopped).Ok());
  EXPECT_EQ(States("p"), "PAUSED");
  EXPECT_EQ(States("s"), "STOPPED");
  EXPECT_TRUE(herder_->TaskConfigs("p")->empty());
  EXPECT_TRUE(herder_->TaskConfigs("s")->empty());
  EXPECT_TRUE(herder_->GetConnectorInfo("s")->tasks.empty());

  ASSERT_TRUE(herder_->ResumeConnector("p").Ok());
  ASSERT_TRUE(herder_->ResumeConnector("s").Ok());
  WaitForStates("p", "RUNNING/0:RUNNING");
  WaitForStates("s", "RUNNING/0:RUNNING");
  EXPECT_EQ(herder_->TaskConfigs("s")->size(), 1u);
}

TEST_F(StandaloneHerderTest, PauseStopResumeTransitions) {
  ASSERT_TRUE(Create("a", Source("a", {{"tasks.max", "2"}})).Ok());
  WaitForStates("a", "RUNNING/0:RUNNING/1:RUNNING");

  ASSERT_TRUE(herder_->PauseConnector("a").Ok());
  WaitForStates("a", "PAUSED/0:PAUSED/1:PAUSED");
  ASSERT_TRUE(herder_->PauseConnector("a").Ok());  // idempotent
  EXPECT_EQ(herder_->TaskStatus("a", 1)->state.state, "PAUSED");

  ASSERT_TRUE(herder_->ResumeConnector("a").Ok());
  WaitForStates("a", "RUNNING/0:RUNNING/1:RUNNING");
  ASSERT_TRUE(herder_->ResumeConnector("a").Ok());  // no-op when running

  ASSERT_TRUE(herder_->StopConnector("a").Ok());
  EXPECT_EQ(States("a"), "STOPPED");  // synchronous: tasks gone when it returns
  EXPECT_TRUE(herder_->TaskConfigs("a")->empty());
  EXPECT_TRUE(herder_->GetConnectorInfo("a")->tasks.empty());
  ExpectError(herder_->TaskStatus("a", 0).Error(), 404, "No status found for task a-0");
  ExpectError(herder_->RestartTask("a", 0).Error(), 404, "Task a-0 not found");
  ASSERT_TRUE(herder_->StopConnector("a").Ok());  // idempotent
  EXPECT_EQ(States("a"), "STOPPED");

  // A stopped connector can be paused (still without tasks) and resumed.
  ASSERT_TRUE(herder_->PauseConnector("a").Ok());
  EXPECT_EQ(States("a"), "PAUSED");
  EXPECT_TRUE(herder_->TaskConfigs("a")->empty());
  ASSERT_TRUE(herder_->ResumeConnector("a").Ok());
  WaitForStates("a", "RUNNING/0:RUNNING/1:RUNNING");
  EXPECT_EQ(herder_->TaskConfigs("a")->size(), 2u);
}

TEST_F(StandaloneHerderTest, UpdateReplacesTasksWithTheNewConfig) {
  ASSERT_TRUE(Create("a", Source("a", {{"tasks.max", "3"}})).Ok());
  WaitForStates("a", "RUNNING/0:RUNNING/1:RUNNING/2:RUNNING");
  auto updated =
      herder_->PutConnectorConfig("a", Source("a", {{"prefix", "v2-"}}), true, std::nullopt);
  ASSERT_TRUE(updated.Ok()) << updated.Error().message;
  EXPECT_FALSE(updated->created);
  EXPECT_EQ(updated->info.config.at("prefix"), "v2-");
  ASSERT_EQ(updated->info.tasks.size(), 1u);
  // No stale statuses of tasks 1 and 2.
  WaitForStates("a", "RUNNING/0:RUNNING");
  auto tasks = herder_->TaskConfigs("a");
  ASSERT_EQ(tasks->size(), 1u);
  EXPECT_EQ(tasks->at(0).config.at("prefix"), "v2-");
  EXPECT_EQ(tasks->at(0).config.at("task.class"), "com.example.test.GoodSourceTask");
  EXPECT_EQ(herder_->ConnectorConfig("a")->at("prefix"), "v2-");
}

// A connector asking for new task configs (here from its Start) gets them,
// and reads see them: work queued by a connector publishes the view too.
TEST_F(StandaloneHerderTest, TaskConfigsAConnectorAsksForAreRead) {
  ASSERT_TRUE(Create("a", Source("a", {{"reconfigure.on.start", "true"}})).Ok());
  EXPECT_TRUE(kctest::WaitFor([&] {
    auto configs = herder_->TaskConfigs("a");
    return configs.Ok() && configs->size() == 1 &&
           configs->front().config.at("configs.generation") == "2";
  })) << herder_->TaskConfigs("a")->front().config.at("configs.generation");
  WaitForStates("a", "RUNNING/0:RUNNING");
}

TEST_F(StandaloneHerderTest, PatchMergesRemovesNullsAndRevalidates) {
  ASSERT_TRUE(Create("a", Source("a", {{"tasks.max", "2"}, {"prefix", "v1-"}})).Ok());
  WaitForStates("a", "RUNNING/0:RUNNING/1:RUNNING");
  auto patched = herder_->PatchConnectorConfig(
      "a",
      {{"tasks.max", std::string("1")}, {"prefix", std::nullopt}, {"extra", std::string("x")}});
  ASSERT_TRUE(patched.Ok()) << patched.Error().message;
  EXPECT_EQ(patched->config.at("tasks.max"), "1");
  EXPECT_EQ(patched->config.count("prefix"), 0u);
  EXPECT_EQ(patched->config.at("extra"), "x");
  EXPECT_EQ(patched->config.at("connector.class"), "GoodSource");  // untouched keys stay
  ASSERT_EQ(patched->tasks.size(), 1u);
  WaitForStates("a", "RUNNING/0:RUNNING");
  EXPECT_EQ(herder_->ConnectorConfig("a")->count("prefix"), 0u);

  // The merged config is validated: an invalid value is refused, nothing changes.
  auto invalid = herder_->PatchConnectorConfig("a", {{"tasks.max", std::string("abc")}});
  ASSERT_FALSE(invalid.Ok());
  EXPECT_EQ(invalid.Error().status, 400);
  EXPECT_EQ(herder_->ConnectorConfig("a")->at("tasks.max"), "1");

  ExpectError(herder_->PatchConnectorConfig("nope", {{"x", std::string("y")}}).Error(), 404,
              "Connector nope not found");
  // A patch never creates.
  EXPECT_EQ(herder_->ConnectorConfig("nope").Error().status, 404);
}

TEST_F(StandaloneHerderTest, HealthCheckFollowsTheHerderThread) {
  EXPECT_EQ(herder_->HealthCheck(std::chrono::seconds(5)).state, HealthStatus::State::kHealthy);
  // Not started yet: starting.
  StandaloneHerder fresh(*worker_, "cluster-id");
  EXPECT_EQ(fresh.HealthCheck(std::chrono::seconds(5)).state, HealthStatus::State::kStarting);
  // After Stop: unhealthy (it no longer handles requests).
  herder_->Stop();
  auto stopped = herder_->HealthCheck(std::chrono::seconds(5));
  EXPECT_EQ(stopped.state, HealthStatus::State::kUnhealthy);
  EXPECT_EQ(stopped.detail, "The worker is shutting down.");
}

TEST_F(StandaloneHerderTest, RestartPlanRestartsWhatItSelects) {
  ASSERT_TRUE(Create("a", Source("a", {{"tasks.max", "2"}})).Ok());
  WaitForStates("a", "RUNNING/0:RUNNING/1:RUNNING");
  auto all = herder_->RestartConnectorAndTasks("a", /*include_tasks=*/true, /*only_failed=*/false);
  ASSERT_TRUE(all.Ok()) << all.Error().message;
  EXPECT_EQ(all->connector.state, "RESTARTING");
  ASSERT_EQ(all->tasks.size(), 2u);
  EXPECT_EQ(all->tasks[0].state.state, "RESTARTING");
  EXPECT_EQ(all->tasks[1].state.state, "RESTARTING");
  WaitForStates("a", "RUNNING/0:RUNNING/1:RUNNING");
  // Nothing failed: onlyFailed restarts nothing and reports the states as they are.
  auto none = herder_->RestartConnectorAndTasks("a", true, true);
  ASSERT_TRUE(none.Ok());
  EXPECT_EQ(none->connector.state, "RUNNING");
  EXPECT_EQ(none->tasks[0].state.state, "RUNNING");

  // A task that fails: onlyFailed picks it, not the running connector.
  ASSERT_TRUE(Create("b", Source("b", {{"task.fail.after", "1"}})).Ok());
  WaitForStates("b", "RUNNING/0:FAILED");
  auto failed = herder_->RestartConnectorAndTasks("b", true, true);
  ASSERT_TRUE(failed.Ok());
  EXPECT_EQ(failed->connector.state, "RUNNING");
  EXPECT_EQ(failed->tasks[0].state.state, "RESTARTING");
  WaitForStates("b", "RUNNING/0:FAILED");  // it fails again, on purpose

  ExpectError(herder_->RestartConnectorAndTasks("x", true, false).Error(), 404,
              "Unknown connector: x");
}

TEST_F(StandaloneHerderTest, UpdateWhilePausedLeavesNoPhantomTasks) {
  ASSERT_TRUE(Create("a", Source("a", {{"tasks.max", "2"}})).Ok());
  WaitForStates("a", "RUNNING/0:RUNNING/1:RUNNING");
  ASSERT_TRUE(herder_->PauseConnector("a").Ok());
  WaitForStates("a", "PAUSED/0:PAUSED/1:PAUSED");
  auto updated =
      herder_->PutConnectorConfig("a", Source("a", {{"prefix", "v2-"}}), true, std::nullopt);
  ASSERT_TRUE(updated.Ok()) << updated.Error().message;
  // Still paused; the status lists exactly the tasks that exist.
  EXPECT_EQ(States("a"), "PAUSED");
  EXPECT_TRUE(herder_->TaskConfigs("a")->empty());
  ExpectError(herder_->TaskStatus("a", 1).Error(), 404, "No status found for task a-1");
  ASSERT_TRUE(herder_->ResumeConnector("a").Ok());
  WaitForStates("a", "RUNNING/0:RUNNING");
  EXPECT_EQ(herder_->TaskConfigs("a")->at(0).config.at("prefix"), "v2-");
}

TEST_F(StandaloneHerderTest, FailingConnectorIsFailedWithTraceAndOthersRun) {
  ASSERT_TRUE(Create("bad", Source("bad", {{"fail.on.start", "true"}})).Ok());
  ASSERT_TRUE(Create("good", Source("good")).Ok());
  auto st = herder_->ConnectorStatus("bad");
  ASSERT_TRUE(st.Ok());
  EXPECT_EQ(st->connector.state, "FAILED");
  ASSERT_TRUE(st->connector.trace.has_value());
  EXPECT_THAT(*st->connector.trace, HasSubstr("GoodSourceConnector failed to start on purpose"));
  EXPECT_EQ(st->connector.worker_id, "127.0.0.1:8083");
  EXPECT_TRUE(st->tasks.empty());
  WaitForStates("good", "RUNNING/0:RUNNING");

  // Restarting it fails again, visibly.
  ASSERT_TRUE(herder_->RestartConnector("bad").Ok());
  EXPECT_EQ(States("bad"), "FAILED");
  ASSERT_TRUE(herder_->DeleteConnector("bad").Ok());
  ExpectError(herder_->ConnectorStatus("bad").Error(), 404, "No status found for connector bad");
}

TEST_F(StandaloneHerderTest, TaskThatCannotStartIsFailedAndRestartReports500) {
  ASSERT_TRUE(Create("a", Source("a", {{"value.converter", "com.example.NoSuchConverter"}})).Ok());
  WaitForStates("a", "RUNNING/0:FAILED");
  auto task = herder_->TaskStatus("a", 0);
  ASSERT_TRUE(task.Ok());
  ASSERT_TRUE(task->state.trace.has_value());
  EXPECT_THAT(*task->state.trace, HasSubstr("com.example.NoSuchConverter could not be found"));

  ExpectError(herder_->RestartTask("a", 0).Error(), 500, "Failed to start task: a-0");
  EXPECT_EQ(States("a"), "RUNNING/0:FAILED");
  ExpectError(herder_->RestartTask("a", 1).Error(), 404, "Task a-1 not found");
  ExpectError(herder_->RestartTask("a", -1).Error(), 404, "Task a--1 not found");
}

TEST_F(StandaloneHerderTest, DeleteRemovesConfigTasksAndStatuses) {
  ASSERT_TRUE(Create("a", Source("a", {{"tasks.max", "2"}})).Ok());
  WaitForStates("a", "RUNNING/0:RUNNING/1:RUNNING");
  ASSERT_TRUE(herder_->DeleteConnector("a").Ok());
  EXPECT_TRUE(herder_->Connectors()->empty());
  ExpectError(herder_->GetConnectorInfo("a").Error(), 404, "Connector a not found");
  ExpectError(herder_->TaskStatus("a", 0).Error(), 404, "No status found for task a-0");
  EXPECT_TRUE(worker_->AllRunningTasks().empty());
  // The name can be used again.
  ASSERT_TRUE(Create("a", Source("a")).Ok());
  WaitForStates("a", "RUNNING/0:RUNNING");
}

TEST_F(StandaloneHerderTest, StopLeavesTasksUnassignedAndLaterCallsFailFast) {
  ASSERT_TRUE(Create("a", Source("a")).Ok());
  WaitForStates("a", "RUNNING/0:RUNNING");
  herder_->Stop();
  EXPECT_TRUE(worker_->AllRunningTasks().empty());
  EXPECT_EQ(herder_->TaskStatus("a", 0)->state.state, "UNASSIGNED");
  // A request that arrives during shutdown must not wait for the 90 s
  // request timeout.
  auto start = std::chrono::steady_clock::now();
  auto listed = herder_->Connectors();
  EXPECT_FALSE(listed.Ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  herder_->Stop();  // idempotent
}

// Connectors, their configs and target states survive a restart through the
// state file; one that cannot be recreated is kept in the file, not dropped.
TEST_F(StandaloneHerderTest, ConnectorStoreKeepsConnectorsAndTargetStatesAcrossRestarts) {
  kctest::TempDir dir;
  storage::FileConnectorStore store(dir.Path("connectors.json"));
  // A second herder on the same worker would share its tasks; restart
  // instead: this herder becomes the "earlier run".
  herder_->Stop();
  herder_ = std::make_unique<StandaloneHerder>(*worker_, "cluster-id");
  herder_->SetConnectorStore(&store);
  herder_->Start();
  ASSERT_TRUE(Create("running", Source("running")).Ok());
  ASSERT_TRUE(Create("paused", Source("paused")).Ok());
  ASSERT_TRUE(herder_->PauseConnector("paused").Ok());
  ASSERT_TRUE(Create("stopped", Source("stopped", {{"count", "7"}})).Ok());
  ASSERT_TRUE(herder_->StopConnector("stopped").Ok());
  ASSERT_TRUE(Create("deleted", Source("deleted")).Ok());
  ASSERT_TRUE(herder_->DeleteConnector("deleted").Ok());
  ASSERT_TRUE(herder_->PatchConnectorConfig("running", ConfigPatch{{"count", "9"}}).Ok());

  auto saved = store.Load();
  ASSERT_EQ(saved.size(), 3u);
  EXPECT_EQ(saved["running"].config.at("count"), "9");
  EXPECT_EQ(saved["running"].target_state, "STARTED");
  EXPECT_EQ(saved["paused"].target_state, "PAUSED");
  EXPECT_EQ(saved["stopped"].target_state, "STOPPED");

  // The plugin of one stored connector is gone by the next run.
  saved["orphan"] = storage::StoredConnector{
      {{"name", "orphan"}, {"connector.class", "NoSuchConnector"}}, "PAUSED"};
  std::string error;
  ASSERT_TRUE(store.Save(saved, &error)) << error;

  herder_->Stop();
  herder_ = std::make_unique<StandaloneHerder>(*worker_, "cluster-id");
  herder_->SetConnectorStore(&store);
  herder_->Start();
  herder_->RestoreConnectors(store.Load());
  EXPECT_THAT(*herder_->Connectors(), ::testing::ElementsAre("paused", "running", "stopped"));
  EXPECT_EQ(herder_->ConnectorConfig("running")->at("count"), "9");
  WaitForStates("running", "RUNNING/0:RUNNING");
  EXPECT_EQ(States("paused"), "PAUSED");
  EXPECT_EQ(States("stopped"), "STOPPED");
  EXPECT_TRUE(herder_->TaskConfigs("stopped")->empty());

  // The orphan stays in the file through other changes, until deleted.
  ASSERT_TRUE(herder_->ResumeConnector("paused").Ok());
  EXPECT_EQ(store.Load().count("orphan"), 1u);
  EXPECT_EQ(store.Load()["paused"].target_state, "STARTED");
  ASSERT_TRUE(herder_->DeleteConnector("orphan").Ok());
  EXPECT_EQ(store.Load().count("orphan"), 0u);
  ExpectError(herder_->DeleteConnector("orphan").Error(), 404, "Connector orphan not found");
}

TEST_F(StandaloneHerderTest, AFailedSaveIsReportedAndTheChangeStaysInEffect) {
  storage::FileConnectorStore store("/nonexistent-dir/connectors.json");
  herder_->Stop();
  herder_ = std::make_unique<StandaloneHerder>(*worker_, "cluster-id");
  herder_->SetConnectorStore(&store);
  herder_->Start();
  auto created = Create("a", Source("a"));
  ASSERT_FALSE(created.Ok());
  EXPECT_EQ(created.Error().status, 500);
  EXPECT_THAT(created.Error().message, HasSubstr("could not be saved"));
  EXPECT_THAT(created.Error().message, HasSubstr("/nonexistent-dir/connectors.json"));
  WaitForStates("a", "RUNNING/0:RUNNING");
}

// R-TIMEOUT: a request that waits too long for the herder thread (here a
// connector whose Start takes 2 s) is answered 500 "Request timed out"; the
// work itself completes, and later requests are served again.
TEST_F(StandaloneHerderTest, RequestsWaitingTooLongForTheHerderTimeOut) {
  herder_->Stop();
  herder_ = std::make_unique<StandaloneHerder>(*worker_, "cluster-id");
  herder_->SetRequestTimeout(std::chrono::milliseconds(300));
  herder_->Start();
  auto slow = Create("slow", Source("slow", {{"start.delay.ms", "2000"}}));
  ASSERT_FALSE(slow.Ok());
  ExpectError(slow.Error(), 500, "Request timed out");
  auto meanwhile = herder_->PauseConnector("slow");
  ASSERT_FALSE(meanwhile.Ok());  // queued behind the slow start
  EXPECT_EQ(meanwhile.Error().message, "Request timed out");
  // Reads do not queue: they answer at once from what was last published,
  // which does not have the connector still being created.
  const auto start = std::chrono::steady_clock::now();
  auto listed = herder_->Connectors();
  ASSERT_TRUE(listed.Ok());
  EXPECT_TRUE(listed->empty());
  EXPECT_EQ(herder_->ConnectorConfig("slow").Error().status, 404);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  WaitForStates("slow", "PAUSED/0:PAUSED");  // the queued pause ran after the create
  EXPECT_THAT(*herder_->Connectors(), ::testing::ElementsAre("slow"));
}

}  // namespace
}  // namespace kconnect::worker::herder
