#include "broker/storage/log_manager.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <system_error>

#include "broker/storage/file_util.h"
#include "common/logging/logger_registry.h"

namespace kconnect::broker::storage {

using common::logging::kBrokerLog;

namespace fs = std::filesystem;

namespace {

// "<topic>-<partition>" -> (topic, partition); nullopt for anything else.
std::optional<std::pair<std::string, int32_t>> ParsePartitionDir(const std::string& name) {
  auto dash = name.rfind('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 >= name.size() || name.size() - dash > 10) {
    return std::nullopt;
  }
  int64_t p = 0;
  for (size_t i = dash + 1; i < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return std::nullopt;
    p = p * 10 + (name[i] - '0');
  }
  if (p > INT32_MAX) return std::nullopt;
  std::string topic = name.substr(0, dash);
  if (!LogManager::ValidateTopicName(topic)) return std::nullopt;
  return std::make_pair(topic, static_cast<int32_t>(p));
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

Result<Ok> LogManager::ValidateTopicName(const std::string& name) {
  auto bad = [&](const std::string& why) {
    return Error{kafka_error::kInvalidTopic, "Invalid topic name '" + name + "': " + why};
  };
  if (name.empty()) return bad("empty");
  if (name == "." || name == "..") return bad("'.' and '..' are not allowed");
  if (name.size() > 249) return bad("longer than 249 characters");
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-';
    if (!ok) return bad("only ASCII alphanumerics, '.', '_' and '-' are allowed");
  }
  return Ok{};
}

LogManager::LogManager(LogManagerOptions options) : options_(std::move(options)) {
  if (!options_.clock) options_.clock = SystemClock();
}

LogManager::~LogManager() { Close(); }

Result<std::unique_ptr<LogManager>> LogManager::Open(LogManagerOptions options) {
  if (options.log_dirs.empty()) return Error{kafka_error::kInvalidConfig, "log.dirs is empty"};
  std::unique_ptr<LogManager> m(new LogManager(std::move(options)));
  if (auto r = m->Load(); !r) return r.Error();
  return m;
}

Result<std::shared_ptr<Log>> LogManager::OpenLog(const std::string& dir, const std::string& topic, int32_t partition,
                                                 const LogConfig& config) {
  Log::Options o;
  o.dir = dir + "/" + topic + "-" + std::to_string(partition);
  o.topic = topic;
  o.partition = partition;
  o.config = config;
  o.clock = options_.clock;
  o.producer_id_expiration_ms = options_.producer_id_expiration_ms;
  std::weak_ptr<ListenerSlot> weak = listener_;
  o.listener = [weak](const std::string& t, int32_t p, int64_t leo) {
    auto slot = weak.lock();
    if (!slot) return;
    Log::AppendListener fn;
    {
      std::lock_guard lock(slot->mu);
      fn = slot->fn;
    }
    if (fn) fn(t, p, leo);
  };
  auto log = Log::Open(std::move(o));
  if (log) ++partitions_per_dir_[dir];
  return log;
}

std::string LogManager::PickLogDir() {
  // Kafka's placement: the log dir holding the fewest partitions.
  std::string best = options_.log_dirs.front();
  for (const auto& d : options_.log_dirs) {
    if (partitions_per_dir_[d] < partitions_per_dir_[best]) best = d;
  }
  return best;
}

Result<Ok> LogManager::Load() {
  std::lock_guard admin(admin_mu_);
  // Partition directories found on disk: (topic, partition) -> log dir.
  std::map<std::pair<std::string, int32_t>, std::string> found;
  for (const auto& dir : options_.log_dirs) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return StorageError("create log dir " + dir + ": " + ec.message());
    partitions_per_dir_[dir] = 0;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (!entry.is_directory()) continue;
      std::string name = entry.path().filename().string();
      if (EndsWith(name, "-delete")) {
        fs::remove_all(entry.path(), ec);  // an interrupted deletion
        continue;
      }
      if (auto tp = ParsePartitionDir(name)) {
        if (found.count(*tp)) {
          return StorageError("partition " + name + " exists in two log dirs: " + found[*tp] + " and " + dir);
        }
        found[*tp] = dir;
      }
    }
    if (ec) return StorageError("list log dir " + dir + ": " + ec.message());
  }

  std::map<std::string, TopicInfo> infos;
  const std::string topics_path = options_.log_dirs.front() + "/" + kTopicsFile;
  const bool have_file = fs::exists(topics_path);
  if (have_file) {
    auto content = ReadWholeFile(topics_path);
    if (!content) return content.Error();
    try {
      auto j = nlohmann::json::parse(content.Value());
      if (j.value("version", 0) != 1) return StorageError(topics_path + ": unsupported version");
      for (const auto& t : j.at("topics")) {
        TopicInfo info;
        info.name = t.at("name").get<std::string>();
        info.partitions = t.at("partitions").get<int32_t>();
        for (const auto& [k, v] : t.at("configs").items()) info.configs[k] = v.get<std::string>();
        infos[info.name] = std::move(info);
      }
    } catch (const nlohmann::json::exception& e) {
      return StorageError(topics_path + " is unreadable: " + e.what());
    }
  } else {
    // No registry (first start, or it was lost): adopt what is on disk.
    for (const auto& [tp, dir] : found) {
      TopicInfo& info = infos[tp.first];
      info.name = tp.first;
      info.partitions = std::max(info.partitions, tp.second + 1);
    }
    if (!found.empty())
      kBrokerLog().warn("no {} in {}: adopting {} partition directories found on disk", kTopicsFile,
                        options_.log_dirs.front(), found.size());
  }

  // Leftovers of an interrupted create/delete: not in the registry.
  for (const auto& [tp, dir] : found) {
    auto it = infos.find(tp.first);
    if (it == infos.end() || tp.second >= it->second.partitions) {
      std::string path = dir + "/" + tp.first + "-" + std::to_string(tp.second);
      kBrokerLog().warn("removing partition directory {}: its topic is not registered", path);
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  }

  std::map<std::string, Topic> topics;
  for (auto& [name, info] : infos) {
    auto config = options_.defaults.WithOverrides(info.configs);
    if (!config) {
      kBrokerLog().warn("topic {}: {}; using the broker defaults", name, config.Error().message);
      config = options_.defaults;
    }
    Topic topic;
    for (int32_t p = 0; p < info.partitions; ++p) {
      auto it = found.find({name, p});
      std::string dir = it != found.end() ? it->second : PickLogDir();
      auto log = OpenLog(dir, name, p, config.Value());
      if (!log) return log.Error();
      topic.logs.push_back(std::move(log.Value()));
    }
    topic.info = info;
    topics[name] = std::move(topic);
  }
  if (!have_file) {
    if (auto r = PersistTopicsLocked(topics); !r) return r;
  }
  std::unique_lock lock(mu_);
  topics_ = std::move(topics);
  return Ok{};
}

Result<Ok> LogManager::PersistTopicsLocked(const std::map<std::string, Topic>& topics) {
  nlohmann::ordered_json j;
  j["version"] = 1;
  j["topics"] = nlohmann::ordered_json::array();
  for (const auto& [name, t] : topics) {
    nlohmann::ordered_json entry;
    entry["name"] = name;
    entry["partitions"] = t.info.partitions;
    entry["configs"] = nlohmann::ordered_json::object();
    for (const auto& [k, v] : t.info.configs) entry["configs"][k] = v;
    j["topics"].push_back(std::move(entry));
  }
  return AtomicWriteFile(options_.log_dirs.front() + "/" + kTopicsFile, j.dump(2) + "\n");
}

Result<Ok> LogManager::CreateTopic(const std::string& name, int32_t partitions, const ConfigMap& configs,
                                   bool validate_only) {
  if (auto r = ValidateTopicName(name); !r) return r;
  if (partitions == -1) partitions = options_.default_partitions;
  if (partitions <= 0) {
    return Error{kafka_error::kInvalidPartitions, "Number of partitions must be larger than 0."};
  }
  for (const auto& [k, v] : configs) {
    if (!LogConfig::IsKnownTopicKey(k)) return Error{kafka_error::kInvalidConfig, "Unknown topic config name: " + k};
  }
  auto config = options_.defaults.WithOverrides(configs);
  if (!config) return config.Error();
  std::lock_guard admin(admin_mu_);
  if (closed_) return StorageError("log manager is closed");
  {
    std::shared_lock lock(mu_);
    if (topics_.count(name)) {
      return Error{kafka_error::kTopicAlreadyExists, "Topic '" + name + "' already exists."};
    }
  }
  if (validate_only) return Ok{};
  Topic topic;
  topic.info = TopicInfo{name, partitions, configs};
  for (int32_t p = 0; p < partitions; ++p) {
    auto log = OpenLog(PickLogDir(), name, p, config.Value());
    if (!log) {
      for (auto& l : topic.logs) (void)l->Delete();
      return log.Error();
    }
    topic.logs.push_back(std::move(log.Value()));
  }
  std::map<std::string, Topic> next = CopyTopics();
  next[name] = topic;
  if (auto r = PersistTopicsLocked(next); !r) {
    for (auto& l : topic.logs) (void)l->Delete();
    return r;
  }
  std::unique_lock lock(mu_);
  topics_ = std::move(next);
  return Ok{};
}

std::map<std::string, LogManager::Topic> LogManager::CopyTopics() const {
  std::shared_lock lock(mu_);
  return topics_;
}

Error LogManager::UnknownTopic() {
  return Error{kafka_error::kUnknownTopicOrPartition, "This server does not host this topic-partition."};
}

Result<Ok> LogManager::DeleteTopic(const std::string& name) {
  std::lock_guard admin(admin_mu_);
  std::map<std::string, Topic> next = CopyTopics();
  auto it = next.find(name);
  if (it == next.end()) {
    return UnknownTopic();
  }
  Topic doomed = std::move(it->second);
  next.erase(it);
  // Registry first: a crash before the directories are gone leaves
  // unregistered directories, which the next start removes.
  if (auto r = PersistTopicsLocked(next); !r) return r;
  {
    std::unique_lock lock(mu_);
    topics_ = std::move(next);
  }
  Result<Ok> result = Ok{};
  for (auto& log : doomed.logs) {
    std::string dir = fs::path(log->dir()).parent_path().string();
    if (auto r = log->Delete(); !r) {
      kBrokerLog().error("deleting {}: {}", log->dir(), r.Error().message);
      if (result) result = r;
    } else {
      --partitions_per_dir_[dir];
    }
  }
  return result;
}

Result<Ok> LogManager::CreatePartitions(const std::string& name, int32_t total, bool validate_only) {
  std::lock_guard admin(admin_mu_);
  std::map<std::string, Topic> next = CopyTopics();
  auto it = next.find(name);
  if (it == next.end()) {
    return UnknownTopic();
  }
  Topic& topic = it->second;
  if (total <= topic.info.partitions) {
    return Error{kafka_error::kInvalidPartitions, "Topic currently has " + std::to_string(topic.info.partitions) +
                                                      " partitions, which is higher than the requested " +
                                                      std::to_string(total) + "."};
  }
  if (validate_only) return Ok{};
  auto config = options_.defaults.WithOverrides(topic.info.configs);
  if (!config) return config.Error();
  size_t before = topic.logs.size();
  for (int32_t p = topic.info.partitions; p < total; ++p) {
    auto log = OpenLog(PickLogDir(), name, p, config.Value());
    if (!log) {
      for (size_t i = before; i < topic.logs.size(); ++i) (void)topic.logs[i]->Delete();
      return log.Error();
    }
    topic.logs.push_back(std::move(log.Value()));
  }
  topic.info.partitions = total;
  if (auto r = PersistTopicsLocked(next); !r) {
    for (size_t i = before; i < topic.logs.size(); ++i) (void)topic.logs[i]->Delete();
    return r;
  }
  std::unique_lock lock(mu_);
  topics_ = std::move(next);
  return Ok{};
}

Result<Ok> LogManager::AlterTopicConfig(const std::string& name, const ConfigMap& configs, bool validate_only) {
  for (const auto& [k, v] : configs) {
    if (!LogConfig::IsKnownTopicKey(k)) return Error{kafka_error::kInvalidConfig, "Unknown topic config name: " + k};
  }
  auto config = options_.defaults.WithOverrides(configs);
  if (!config) return config.Error();
  std::lock_guard admin(admin_mu_);
  std::map<std::string, Topic> next = CopyTopics();
  auto it = next.find(name);
  if (it == next.end()) {
    return UnknownTopic();
  }
  if (validate_only) return Ok{};
  it->second.info.configs = configs;
  if (auto r = PersistTopicsLocked(next); !r) return r;
  for (auto& log : it->second.logs) log->SetConfig(config.Value());
  std::unique_lock lock(mu_);
  topics_ = std::move(next);
  return Ok{};
}

std::shared_ptr<Log> LogManager::GetLog(const std::string& topic, int32_t partition) const {
  std::shared_lock lock(mu_);
  auto it = topics_.find(topic);
  if (it == topics_.end() || partition < 0 || partition >= static_cast<int32_t>(it->second.logs.size())) {
    return nullptr;
  }
  return it->second.logs[static_cast<size_t>(partition)];
}

std::optional<TopicInfo> LogManager::GetTopic(const std::string& name) const {
  std::shared_lock lock(mu_);
  auto it = topics_.find(name);
  if (it == topics_.end()) return std::nullopt;
  return it->second.info;
}

std::vector<TopicInfo> LogManager::ListTopics() const {
  std::shared_lock lock(mu_);
  std::vector<TopicInfo> out;
  out.reserve(topics_.size());
  for (const auto& [name, t] : topics_) out.push_back(t.info);
  return out;
}

Result<LogConfig> LogManager::EffectiveConfig(const std::string& name) const {
  auto info = GetTopic(name);
  if (!info) return Error{kafka_error::kUnknownTopicOrPartition, "Topic '" + name + "' does not exist."};
  return options_.defaults.WithOverrides(info->configs);
}

void LogManager::SetAppendListener(Log::AppendListener listener) {
  std::lock_guard lock(listener_->mu);
  listener_->fn = std::move(listener);
}

Result<int> LogManager::ForEachLog(const char* what, const std::function<Result<int>(Log&)>& fn) {
  std::vector<std::shared_ptr<Log>> logs;
  {
    std::shared_lock lock(mu_);
    for (const auto& [name, t] : topics_) logs.insert(logs.end(), t.logs.begin(), t.logs.end());
  }
  int total = 0;
  std::optional<Error> first;
  for (const auto& log : logs) {
    auto n = fn(*log);
    if (n) {
      total += n.Value();
    } else {
      kBrokerLog().error("{} of {}-{}: {}", what, log->topic(), log->partition(),
                         n.Error().message);
      if (!first) first = n.Error();
    }
  }
  if (first) return *first;
  return total;
}

Result<int> LogManager::RunCleaner() {
  return ForEachLog("compaction", [](Log& log) -> Result<int> {
    auto r = log.Clean();
    if (!r) return r.Error();
    return r->segments_cleaned;
  });
}

Result<int> LogManager::RunRetention() {
  return ForEachLog("retention", [](Log& log) { return log.RunRetention(); });
}

Result<Ok> LogManager::FlushAll() {
  std::vector<std::shared_ptr<Log>> logs;
  {
    std::shared_lock lock(mu_);
    for (const auto& [name, t] : topics_) logs.insert(logs.end(), t.logs.begin(), t.logs.end());
  }
  Result<Ok> result = Ok{};
  for (const auto& log : logs) {
    if (auto r = log->Flush(); !r && result) result = r;
  }
  return result;
}

void LogManager::Close() {
  std::lock_guard admin(admin_mu_);
  if (closed_) return;
  closed_ = true;
  std::shared_lock lock(mu_);
  for (const auto& [name, t] : topics_) {
    for (const auto& log : t.logs) {
      if (auto r = log->Close(); !r)
        kBrokerLog().error("closing {}: {}", log->dir(), r.Error().message);
    }
  }
}

}  // namespace kconnect::broker::storage
