#include "broker/server/server.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <memory>
#include <random>
#include <thread>

#include "server_test_util.h"

namespace kconnect::broker::server {
namespace {

using namespace testing;  // NOLINT

ServerOptions LoopbackOptions(std::string listeners = "PLAINTEXT://127.0.0.1:0") {
  ServerOptions options;
  auto parsed = ParseListeners(listeners);
  EXPECT_TRUE(parsed.Ok()) << (parsed.Ok() ? "" : parsed.Error().message);
  options.listeners = *parsed;
  options.num_threads = 2;
  return options;
}

// Captures the server's log lines for one test. spdlog's default logger is
// read without a lock, so it may only be swapped while no server thread runs:
// the fixture owns the capture and declares it before the server, which is
// therefore stopped first.
class LogCapture {
 public:
  LogCapture() : sink_(std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(1000)) {
    previous_ = spdlog::default_logger();
    auto logger = std::make_shared<spdlog::logger>("capture", sink_);
    logger->set_level(spdlog::level::debug);
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  bool Contains(const std::string& a, const std::string& b) const {
    for (const std::string& line : sink_->last_formatted()) {
      if (line.find(a) != std::string::npos && line.find(b) != std::string::npos) return true;
    }
    return false;
  }

 private:
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
  std::shared_ptr<spdlog::logger> previous_;
};

// The dispatcher is declared before the server, so it outlives it.
class ServerTest : public ::testing::Test {
 protected:
  void StartServer(ServerOptions options) {
    server_ = std::make_unique<Server>(std::move(options), dispatcher_);
    auto started = server_->Start();
    ASSERT_TRUE(started.Ok()) << started.Error().message;
    port_ = server_->BoundPort("PLAINTEXT").value_or(0);
    ASSERT_NE(port_, 0);
  }
  void StartServer() { StartServer(LoopbackOptions()); }

  // True when `client` still gets answers.
  static bool Answers(TestClient& client, int32_t correlation_id) {
    return client.Send(Request(kEcho, correlation_id)) &&
           client.ReadCorrelationId() == correlation_id;
  }

  // Call before StartServer().
  LogCapture& CaptureLog() {
    log_ = std::make_unique<LogCapture>();
    return *log_;
  }

  std::unique_ptr<LogCapture> log_;
  TestDispatcher dispatcher_;
  std::unique_ptr<Server> server_;
  uint16_t port_ = 0;
};

TEST_F(ServerTest, EchoesCorrelationIdsAndReportsContext) {
  StartServer();
  TestClient client(port_);
  for (int32_t id = 1; id <= 5; ++id) {
    ASSERT_TRUE(client.Send(Request(kEcho, id, {9, 8, 7}, /*api_version=*/3)));
    auto frame = client.ReadFrame();
    ASSERT_TRUE(frame.has_value());
    ASSERT_EQ(frame->size(), 4u + 2u + 3u);
    EXPECT_EQ(GetInt32(frame->data()), id);
    EXPECT_EQ(GetInt16(frame->data() + 4), kEcho);
    EXPECT_EQ((std::vector<uint8_t>(frame->begin() + 6, frame->end())),
              (std::vector<uint8_t>{9, 8, 7}));
  }
  const auto dispatched = dispatcher_.Dispatched();
  ASSERT_EQ(dispatched.size(), 5u);
  EXPECT_EQ(dispatched[0].listener, "PLAINTEXT");
  EXPECT_EQ(dispatched[0].peer, client.LocalAddress());
  EXPECT_EQ(dispatched[0].api_version, 3);
  EXPECT_EQ(dispatched[0].connection_id, dispatched[4].connection_id);
  EXPECT_EQ(server_->ConnectionCount(), 1u);
}

TEST_F(ServerTest, HeaderOnlyRequestIsAccepted) {
  StartServer();
  TestClient client(port_);
  ASSERT_TRUE(client.Send(Request(kEcho, 77)));  // exactly the 8 header bytes
  EXPECT_EQ(client.ReadCorrelationId(), 77);
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrderWhenTheFirstIsDelayed) {
  StartServer();
  TestClient client(port_);
  // Three requests in one write; the first one is answered late, from
  // another thread, while the other two would be answered at once.
  ASSERT_TRUE(client.Send(Concat({Request(kPark, 1), Request(kEcho, 2), Request(kEcho, 3)})));
  ASSERT_TRUE(WaitFor([&] { return dispatcher_.ParkedCount() == 1; }));
  // While the first is held, the connection reads nothing more.
  EXPECT_TRUE(client.StaysOpenAndSilent(100ms));
  EXPECT_EQ(dispatcher_.DispatchedCount(), 1u);
  std::thread late([&] {
    auto parked = dispatcher_.TakeParked();
    dispatcher_.AddEvent("complete 1");
    parked[0].responder.Complete(EchoResponse(parked[0].context, parked[0].frame));
  });
  EXPECT_EQ(client.ReadCorrelationId(), 1);
  EXPECT_EQ(client.ReadCorrelationId(), 2);
  EXPECT_EQ(client.ReadCorrelationId(), 3);
  late.join();
  EXPECT_EQ(dispatcher_.Events(),
            (std::vector<std::string>{"dispatch 1", "complete 1", "dispatch 2", "dispatch 3"}));
}

TEST_F(ServerTest, ManyPipelinedRequestsStayInOrder) {
  StartServer();
  TestClient client(port_);
  std::vector<uint8_t> bytes;
  for (int32_t id = 0; id < 2000; ++id) {
    const auto one = Request(id % 3 == 0 ? kNoResponse : kEcho, id, std::vector<uint8_t>(50, 1));
    bytes.insert(bytes.end(), one.begin(), one.end());
  }
  std::thread sender([&] { client.Send(bytes); });
  for (int32_t id = 0; id < 2000; ++id) {
    if (id % 3 == 0) continue;
    ASSERT_EQ(client.ReadCorrelationId(), id);
  }
  sender.join();
}

TEST_F(ServerTest, NoResponseRequestDoesNotBlockTheNextOne) {
  StartServer();
  TestClient client(port_);
  ASSERT_TRUE(client.Send(Concat({Request(kNoResponse, 1), Request(kEcho, 2)})));
  EXPECT_EQ(client.ReadCorrelationId(), 2);
  // And when the next request comes later, in its own write.
  ASSERT_TRUE(client.Send(Request(kNoResponse, 3)));
  ASSERT_TRUE(WaitFor([&] { return dispatcher_.DispatchedCount() == 3; }));
  ASSERT_TRUE(client.Send(Request(kEcho, 4)));
  EXPECT_EQ(client.ReadCorrelationId(), 4);
}

TEST_F(ServerTest, LargeRequestAndResponse) {
  StartServer();
  TestClient client(port_);
  std::vector<uint8_t> body(3 * 1024 * 1024 + 17);
  for (size_t i = 0; i < body.size(); ++i) body[i] = static_cast<uint8_t>(i * 7);
  // The big request is followed by a small one in the same write.
  std::thread sender([&] { client.Send(Concat({Request(kEcho, 1, body), Request(kEcho, 2)})); });
  auto frame = client.ReadFrame();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(GetInt32(frame->data()), 1);
  EXPECT_TRUE(std::equal(body.begin(), body.end(), frame->begin() + 6));
  EXPECT_EQ(client.ReadCorrelationId(), 2);
  sender.join();

  std::vector<uint8_t> size;
  PutInt32(size, 5 * 1024 * 1024);
  ASSERT_TRUE(client.Send(Request(kBig, 3, size)));
  frame = client.ReadFrame();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->size(), 5u * 1024 * 1024);
  EXPECT_EQ(GetInt32(frame->data()), 3);
}

TEST_F(ServerTest, TheResponseBufferIsLentToTheNextRequest) {
  StartServer();
  TestClient client(port_);
  std::vector<uint8_t> size;
  PutInt32(size, 1024 * 1024);
  ASSERT_TRUE(client.Send(Request(kBig, 1, size)));
  auto frame = client.ReadFrame();
  ASSERT_TRUE(frame.has_value());
  ASSERT_EQ(frame->size(), 1024u * 1024);

  ASSERT_TRUE(client.Send(Request(kPark, 2)));
  ASSERT_TRUE(WaitFor([&] { return dispatcher_.ParkedCount() == 1; }));
  auto parked = dispatcher_.TakeParked();
  // Empty, with the written response's capacity; only once.
  std::vector<uint8_t> buffer = parked[0].responder.TakeBuffer();
  EXPECT_TRUE(buffer.empty());
  EXPECT_GE(buffer.capacity(), 1024u * 1024);
  EXPECT_EQ(parked[0].responder.TakeBuffer().capacity(), 0u);
  EXPECT_EQ(Responder().TakeBuffer().capacity(), 0u);
  buffer = {1, 2, 3};
  parked[0].responder.Complete(std::move(buffer));
  frame = client.ReadFrame();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(*frame, (std::vector<uint8_t>{1, 2, 3}));
}

// A file of `size` patterned bytes in a temp dir, open for reading; the
// descriptor closes with the last copy of the shared pointer.
struct TempFile {
  std::string path;
  std::shared_ptr<int> fd;
  std::vector<uint8_t> bytes;
};

TempFile MakeTempFile(size_t size) {
  TempFile f;
  char name[] = "/tmp/kc-splice-XXXXXX";
  const int fd = ::mkstemp(name);
  EXPECT_GE(fd, 0);
  f.path = name;
  f.bytes.resize(size);
  for (size_t i = 0; i < size; ++i) f.bytes[i] = static_cast<uint8_t>(i * 31 + i / 251);
  EXPECT_EQ(::pwrite(fd, f.bytes.data(), size, 0), static_cast<ssize_t>(size));
  f.fd = std::shared_ptr<int>(new int(fd), [](int* p) {
    ::close(*p);
    delete p;
  });
  return f;
}

FileSlice SliceOf(const TempFile& f, uint64_t offset, uint64_t size) {
  return FileSlice{f.fd, *f.fd, offset, size};
}

// Fetch responses carry segment-file slices that the connection sends with
// sendfile: the client must receive the buffer with each slice in its place,
// whatever their sizes (also larger than the socket buffers, so that the
// server waits for the socket to drain) and positions (start, end, adjacent).
TEST_F(ServerTest, FileSlicesAreSentInTheirPlacesInTheResponse) {
  StartServer();
  TestClient client(port_);
  TempFile file = MakeTempFile(12 * 1024 * 1024 + 333);
  ::unlink(file.path.c_str());  // the open descriptor is enough
  std::weak_ptr<int> file_alive = file.fd;

  ASSERT_TRUE(client.Send(Request(kPark, 7)));
  ASSERT_TRUE(WaitFor([&] { return dispatcher_.ParkedCount() == 1; }));
  auto parked = dispatcher_.TakeParked();
  std::vector<uint8_t> bytes;
  PutInt32(bytes, 7);
  for (int i = 0; i < 100; ++i) bytes.push_back(static_cast<uint8_t>(0xe0 + i % 16));
  struct Part {
    size_t at;
    uint64_t offset, size;
  };
  const std::vector<Part> parts = {{4, 0, 10},            // right after the correlation id
                                   {50, 10, 9 * 1024 * 1024},  // bigger than the socket buffers
                                   {50, 5, 0},            // empty, adjacent
                                   {50, 100, 7},          // adjacent to the big one
                                   {104, 9 * 1024 * 1024 + 10, 3 * 1024 * 1024 + 323}};  // at the end
  std::vector<Splice> splices;
  std::vector<uint8_t> expected;
  size_t at = 0;
  for (const Part& part : parts) {
    splices.push_back(Splice{part.at, SliceOf(file, part.offset, part.size)});
    expected.insert(expected.end(), bytes.begin() + static_cast<std::ptrdiff_t>(at),
                    bytes.begin() + static_cast<std::ptrdiff_t>(part.at));
    expected.insert(expected.end(), file.bytes.begin() + static_cast<std::ptrdiff_t>(part.offset),
                    file.bytes.begin() + static_cast<std::ptrdiff_t>(part.offset + part.size));
    at = part.at;
  }
  expected.insert(expected.end(), bytes.begin() + static_cast<std::ptrdiff_t>(at), bytes.end());
  file.fd.reset();  // only the slices hold the file now
  EXPECT_TRUE(parked[0].responder.Complete(std::move(bytes), std::move(splices)));

  auto frame = client.ReadFrame(30s);
  ASSERT_TRUE(frame.has_value());
  ASSERT_EQ(frame->size(), expected.size());
  EXPECT_TRUE(*frame == expected);
  // The connection lets go of the file once the response is written, and
  // goes on serving.
  EXPECT_TRUE(WaitFor([&] { return file_alive.expired(); }));
  EXPECT_TRUE(Answers(client, 8));
}

// A slice whose file is shorter than promised cannot be completed (the size
// prefix is already sent): that connection closes, with a warning, and the
// server goes on serving others.
TEST_F(ServerTest, ASliceBeyondTheEndOfItsFileClosesOnlyThatConnection) {
  auto& log = CaptureLog();
  StartServer();
  TestClient client(port_);
  TestClient other(port_);
  TempFile file = MakeTempFile(1000);
  ASSERT_TRUE(client.Send(Request(kPark, 1)));
  ASSERT_TRUE(WaitFor([&] { return dispatcher_.ParkedCount() == 1; }));
  auto parked = dispatcher_.TakeParked();
  std::vector<uint8_t> bytes;
  PutInt32(bytes, 1);
  std::vector<Splice> splices = {Splice{4, SliceOf(file, 900, 500)}};
  parked[0].responder.Complete(std::move(bytes), std::move(splices));
  EXPECT_FALSE(client.ReadFrame(5s).has_value());
  EXPECT_TRUE(client.WaitClosed());
  EXPECT_TRUE(WaitFor([&] { return log.Contains("ended before the bytes of a response", ""); }));
  EXPECT_TRUE(Answers(other, 2));
  ::unlink(file.path.c_str());
}

TEST_F(ServerTest, RequestsAroundTheInputBufferSizes) {
  StartServer();
  TestClient client(port_);
  // Frames (size prefix included) below, at and above the 8 KiB and 64 KiB
  // input buffer sizes, pipelined in one write.
  const std::vector<size_t> frame_sizes = {20, 8 * 1024 - 1, 8 * 1024, 8 * 1024 + 1, 30000,
                                           64 * 1024, 64 * 1024 + 1, 200000, 12};
  std::vector<std::vector<uint8_t>> bodies;
  std::vector<uint8_t> bytes;
  for (size_t i = 0; i < frame_sizes.size(); ++i) {
    std::vector<uint8_t> body(frame_sizes[i] - 12);
    for (size_t j = 0; j < body.size(); ++j) body[j] = static_cast<uint8_t>(j * 31 + i);
    const auto one = Request(kEcho, static_cast<int32_t>(i), body);
    bytes.insert(bytes.end(), one.begin(), one.end());
    bodies.push_back(std::move(body));
  }
  std::thread sender([&] { client.Send(bytes); });
  for (size_t i = 0; i < bodies.size(); ++i) {
    auto frame = client.ReadFrame();
    ASSERT_TRUE(frame.has_value()) << i;
    EXPECT_EQ(GetInt32(frame->data()), static_cast<int32_t>(i));
    EXPECT_EQ(std::vector<uint8_t>(frame->begin() + 6, frame->end()), bodies[i]) << i;
  }
  sender.join();
}

// Big requests share one buffer per connection: a smaller one after a
// bigger one must not carry the bigger one's tail, nor a bigger one after a
// smaller one be cut.
TEST_F(ServerTest, BigRequestsOfChangingSizesAreEachDeliveredExactly) {
  StartServer();
  TestClient client(port_);
  const std::vector<size_t> sizes = {300000, 100000, 500000, 70000, 500000};
  std::vector<std::vector<uint8_t>> bodies;
  std::vector<uint8_t> bytes;
  for (size_t i = 0; i < sizes.size(); ++i) {
    std::vector<uint8_t> body(sizes[i]);
    for (size_t j = 0; j < body.size(); ++j) body[j] = static_cast<uint8_t>(j * 13 + i * 101);
    const auto one = Request(kEcho, static_cast<int32_t>(i), body);
    bytes.insert(bytes.end(), one.begin(), one.end());
    bodies.push_back(std::move(body));
  }
  std::thread sender([&] { client.Send(bytes); });
  for (size_t i = 0; i < bodies.size(); ++i) {
    auto frame = client.ReadFrame();
    ASSERT_TRUE(frame.has_value()) << i;
    EXPECT_EQ(GetInt32(frame->data()), static_cast<int32_t>(i));
    EXPECT_EQ(std::vector<uint8_t>(frame->begin() + 6, frame->end()), bodies[i]) << i;
  }
  sender.join();
}

TEST_F(ServerTest, RequestSentOneByteAtATime) {
  StartServer();
  TestClient client(port_);
  const auto bytes = Request(kEcho, 42, {1, 2, 3, 4, 5});
  for (uint8_t b : bytes) {
    ASSERT_TRUE(client.Send(&b, 1));
    std::this_thread::sleep_for(1ms);  // lets the server see partial frames, not a sync point
  }
  EXPECT_EQ(client.ReadCorrelationId(), 42);
}

struct BadInput {
  std::string name;
  std::vector<uint8_t> bytes;
  bool then_disconnect;  // the client hangs up after sending
  std::string logged;    // part of the server's warning
};

std::vector<uint8_t> Bytes(const std::string& s) { return std::vector<uint8_t>(s.begin(), s.end()); }

std::vector<uint8_t> SizeOnly(int32_t size) {
  std::vector<uint8_t> out;
  PutInt32(out, size);
  return out;
}

class BadFrameTest : public ServerTest, public ::testing::WithParamInterface<BadInput> {};

TEST_P(BadFrameTest, ClosesOnlyTheOffendingConnection) {
  const LogCapture& log = CaptureLog();
  ServerOptions options = LoopbackOptions();
  options.socket_request_max_bytes = 1024;
  StartServer(std::move(options));
  TestClient good(port_);
  ASSERT_TRUE(Answers(good, 1));

  TestClient bad(port_);
  const std::string bad_peer = bad.LocalAddress();
  ASSERT_TRUE(WaitFor([&] { return server_->ConnectionCount() == 2; }));
  ASSERT_TRUE(bad.Send(GetParam().bytes));
  if (GetParam().then_disconnect) {
    bad.Close();
  } else {
    EXPECT_TRUE(bad.WaitClosed());
  }
  ASSERT_TRUE(WaitFor([&] { return server_->ConnectionCount() == 1; }));
  EXPECT_EQ(dispatcher_.Closed().size(), 1u);
  EXPECT_TRUE(log.Contains(bad_peer, GetParam().logged)) << "no warning naming " << bad_peer;
  // Nothing of the bad bytes reached the dispatcher.
  EXPECT_EQ(dispatcher_.DispatchedCount(), 1u);

  ASSERT_TRUE(Answers(good, 2));
  TestClient another(port_);
  ASSERT_TRUE(Answers(another, 3));
}

INSTANTIATE_TEST_SUITE_P(
    Frames, BadFrameTest,
    ::testing::Values(
        BadInput{"Oversize", Concat({SizeOnly(1025), std::vector<uint8_t>(100, 0)}), false,
                 "invalid request size 1025"},
        BadInput{"Negative", SizeOnly(-5), false, "invalid request size -5"},
        BadInput{"Zero", SizeOnly(0), false, "invalid request size 0"},
        BadInput{"Http", Bytes("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"), false,
                 "invalid request size"},
        BadInput{"ShorterThanHeader", Concat({SizeOnly(7), std::vector<uint8_t>(7, 1)}), false,
                 "shorter than a request header"},
        BadInput{"TruncatedThenDisconnect",
                 Concat({SizeOnly(100), std::vector<uint8_t>(10, 1)}), true,
                 "disconnected in the middle of a request"},
        BadInput{"TruncatedSizeThenDisconnect", std::vector<uint8_t>{0, 0}, true,
                 "disconnected in the middle of a request"}),
    [](const ::testing::TestParamInfo<BadInput>& info) { return info.param.name; });

TEST_F(ServerTest, GarbageAfterAValidRequestClosesAfterTheAnswer) {
  StartServer();
  TestClient client(port_);
  ASSERT_TRUE(client.Send(Concat({Request(kEcho, 1), SizeOnly(-1)})));
  EXPECT_EQ(client.ReadCorrelationId(), 1);
  EXPECT_TRUE(client.WaitClosed());
}

TEST_F(ServerTest, DispatcherCanCloseDropOrThrow) {
  StartServer();
  TestClient good(port_);
  for (const TestApi api : {kClose, kDrop, kThrow}) {
    TestClient client(port_);
    ASSERT_TRUE(client.Send(Concat({Request(api, 1), Request(kEcho, 2)})));
    EXPECT_TRUE(client.WaitClosed()) << "api " << api;
    ASSERT_TRUE(Answers(good, api));
  }
  ASSERT_TRUE(WaitFor([&] { return server_->ConnectionCount() == 1; }));
  EXPECT_EQ(dispatcher_.Closed().size(), 3u);
}

TEST_F(ServerTest, ResponderCompletesOnlyOnce) {
  StartServer();
  TestClient client(port_);
  ASSERT_TRUE(client.Send(Concat({Request(kPark, 1), Request(kEcho, 2)})));
  ASSERT_TRUE(WaitFor([&] { return dispatcher_.ParkedCount() == 1; }));
  auto parked = dispatcher_.TakeParked();
  Responder copy = parked[0].responder;
  EXPECT_FALSE(copy.Completed());
  EXPECT_TRUE(copy.Complete(EchoResponse(parked[0].context, parked[0].frame)));
  EXPECT_TRUE(parked[0].responder.Completed());
  EXPECT_FALSE(parked[0].responder.Complete(std::vector<uint8_t>{0, 0, 0, 9}));
  EXPECT_FALSE(parked[0].responder.CloseConnection("too late"));
  EXPECT_EQ(client.ReadCorrelationId(), 1);
  EXPECT_EQ(client.ReadCorrelationId(), 2);
  EXPECT_TRUE(client.StaysOpenAndSilent(50ms));
}

TEST_F(ServerTest, LateCompletionAfterTheConnectionClosed) {
  StartServer();
  auto client = std::make_unique<TestClient>(port_);
  ASSERT_TRUE(client->Send(Request(kPark, 1)));
  ASSERT_TRUE(WaitFor([&] { return dispatcher_.ParkedCount() == 1; }));
  client.reset();  // hangs up while its request is held
  auto parked = dispatcher_.TakeParked();
  // The server notices the hang-up once it writes the answer and reads again.
  parked[0].responder.Complete(EchoResponse(parked[0].context, parked[0].frame));
  ASSERT_TRUE(WaitFor([&] { return server_->ConnectionCount() == 0; }));
  EXPECT_EQ(dispatcher_.Closed().size(), 1u);
  EXPECT_FALSE(parked[0].responder.Complete(std::nullopt));
  TestClient other(port_);
  EXPECT_TRUE(Answers(other, 5));
}

TEST_F(ServerTest, ManyConcurrentConnections) {
  StartServer();
  constexpr int kThreads = 4;
  constexpr int kClientsPerThread = 16;
  constexpr int kRequests = 25;
  std::atomic<int> answered{0};
  std::atomic<int> out_of_order{0};
  std::atomic<int> all_open{0};
  std::atomic<bool> release{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<std::unique_ptr<TestClient>> clients;
      for (int c = 0; c < kClientsPerThread; ++c) {
        clients.push_back(std::make_unique<TestClient>(port_));
        std::vector<uint8_t> bytes;
        for (int r = 0; r < kRequests; ++r) {
          const auto one = Request(kEcho, (t * kClientsPerThread + c) * 1000 + r);
          bytes.insert(bytes.end(), one.begin(), one.end());
        }
        clients.back()->Send(bytes);
      }
      for (int c = 0; c < kClientsPerThread; ++c) {
        for (int r = 0; r < kRequests; ++r) {
          const int32_t expected = (t * kClientsPerThread + c) * 1000 + r;
          const int32_t got = clients[static_cast<size_t>(c)]->ReadCorrelationId();
          if (got == expected) {
            ++answered;
          } else {
            ++out_of_order;
          }
        }
      }
      ++all_open;
      WaitFor([&] { return release.load(); });
    });
  }
  ASSERT_TRUE(WaitFor([&] { return all_open.load() == kThreads; }));
  EXPECT_EQ(server_->ConnectionCount(), static_cast<size_t>(kThreads * kClientsPerThread));
  release = true;
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(answered.load(), kThreads * kClientsPerThread * kRequests);
  EXPECT_EQ(out_of_order.load(), 0);
  ASSERT_TRUE(WaitFor([&] { return server_->ConnectionCount() == 0; }));
  EXPECT_EQ(dispatcher_.Closed().size(), static_cast<size_t>(kThreads * kClientsPerThread));
}

TEST_F(ServerTest, IdleConnectionsAreClosed) {
  ServerOptions options = LoopbackOptions();
  options.connections_max_idle = 300ms;
  StartServer(std::move(options));
  const auto start = Clock::now();
  TestClient idle(port_);
  EXPECT_TRUE(idle.WaitClosed());
  EXPECT_GE(Clock::now() - start, 300ms);

  // Activity keeps a connection open, and so does a request the broker
  // holds for longer than the idle limit.
  TestClient busy(port_);
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(Answers(busy, i));
    std::this_thread::sleep_for(80ms);  // spaced activity, 480 ms in all
  }
  ASSERT_TRUE(busy.Send(Request(kPark, 100)));
  ASSERT_TRUE(WaitFor([&] { return dispatcher_.ParkedCount() == 1; }));
  EXPECT_TRUE(busy.StaysOpenAndSilent(700ms));
  auto parked = dispatcher_.TakeParked();
  parked[0].responder.Complete(EchoResponse(parked[0].context, parked[0].frame));
  EXPECT_EQ(busy.ReadCorrelationId(), 100);
  EXPECT_TRUE(busy.WaitClosed());  // idle again afterwards
}

TEST_F(ServerTest, ConnectionCap) {
  ServerOptions options = LoopbackOptions();
  options.max_connections = 2;
  StartServer(std::move(options));
  auto a = std::make_unique<TestClient>(port_);
  TestClient b(port_);
  ASSERT_TRUE(Answers(*a, 1));
  ASSERT_TRUE(Answers(b, 2));
  TestClient refused(port_);
  EXPECT_TRUE(refused.WaitClosed());
  a.reset();
  ASSERT_TRUE(WaitFor([&] { return server_->ConnectionCount() == 1; }));
  TestClient later(port_);
  EXPECT_TRUE(Answers(later, 3));
  EXPECT_TRUE(Answers(b, 4));
}

TEST_F(ServerTest, TwoListeners) {
  StartServer(LoopbackOptions("PLAINTEXT://127.0.0.1:0, internal://127.0.0.1:0"));
  const auto other = server_->BoundPort("INTERNAL");
  ASSERT_TRUE(other.has_value());
  EXPECT_NE(*other, port_);
  EXPECT_EQ(server_->BoundPort("internal"), other);
  EXPECT_FALSE(server_->BoundPort("NOPE").has_value());
  const auto bound = server_->BoundListeners();
  ASSERT_EQ(bound.size(), 2u);
  EXPECT_EQ(bound[0].name, "PLAINTEXT");
  EXPECT_EQ(bound[0].address, "127.0.0.1");
  EXPECT_EQ(bound[1].name, "INTERNAL");
  EXPECT_EQ(bound[1].port, *other);

  TestClient a(port_);
  TestClient b(*other);
  ASSERT_TRUE(Answers(a, 1));
  ASSERT_TRUE(Answers(b, 2));
  const auto dispatched = dispatcher_.Dispatched();
  ASSERT_EQ(dispatched.size(), 2u);
  EXPECT_EQ(dispatched[0].listener, "PLAINTEXT");
  EXPECT_EQ(dispatched[1].listener, "INTERNAL");
  EXPECT_NE(dispatched[0].connection_id, dispatched[1].connection_id);
}

TEST_F(ServerTest, AllInterfacesAndLocalhost) {
  StartServer(LoopbackOptions("PLAINTEXT://:0,LOCAL://localhost:0"));
  TestClient a(port_);
  ASSERT_TRUE(Answers(a, 1));
  // localhost binds its IPv4 address first, which TestClient uses.
  TestClient b(server_->BoundPort("LOCAL").value());
  ASSERT_TRUE(Answers(b, 2));
}

TEST_F(ServerTest, StartErrors) {
  StartServer();
  // The port is taken by the running server.
  ServerOptions options = LoopbackOptions("TAKEN://127.0.0.1:" + std::to_string(port_));
  Server second(options, dispatcher_);
  auto started = second.Start();
  ASSERT_FALSE(started.Ok());
  EXPECT_NE(started.Error().message.find("TAKEN"), std::string::npos) << started.Error().message;
  EXPECT_FALSE(second.BoundPort("TAKEN").has_value());

  EXPECT_FALSE(server_->Start().Ok());  // already started

  Server empty(ServerOptions{}, dispatcher_);
  EXPECT_FALSE(empty.Start().Ok());
  empty.Stop();  // harmless before Start

  ServerOptions no_threads = LoopbackOptions();
  no_threads.num_threads = 0;
  EXPECT_FALSE(Server(no_threads, dispatcher_).Start().Ok());

  ServerOptions twice = LoopbackOptions();
  twice.listeners.push_back(twice.listeners.front());
  EXPECT_FALSE(Server(twice, dispatcher_).Start().Ok());
}

TEST_F(ServerTest, StopWithPendingRequestsAndLateCallbacks) {
  StartServer();
  std::vector<std::unique_ptr<TestClient>> clients;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(std::make_unique<TestClient>(port_));
    ASSERT_TRUE(clients.back()->Send(Concat({Request(kPark, i), Request(kEcho, 10 + i)})));
  }
  ASSERT_TRUE(WaitFor([&] { return dispatcher_.ParkedCount() == 3; }));
  auto parked = dispatcher_.TakeParked();

  const auto start = Clock::now();
  server_->Stop();
  EXPECT_LT(Clock::now() - start, 5s);
  EXPECT_EQ(server_->ConnectionCount(), 0u);
  EXPECT_EQ(dispatcher_.Closed().size(), 3u);
  for (auto& client : clients) EXPECT_TRUE(client->WaitClosed());
  EXPECT_EQ(server_->BoundPort("PLAINTEXT"), port_);
  server_->Stop();  // idempotent
  EXPECT_FALSE(server_->Start().Ok());

  // Completed after Stop: nothing is sent, nothing breaks.
  parked[0].responder.Complete(EchoResponse(parked[0].context, parked[0].frame));
  // Completed from another thread after the Server is gone.
  server_.reset();
  std::thread late([&] {
    parked[1].responder.CloseConnection("late");
    parked[2].responder.Complete(std::nullopt);
  });
  late.join();
  parked.clear();  // the last references go after the server
}

TEST_F(ServerTest, ServerDestroyedWhileResponderIsUncompleted) {
  StartServer();
  TestClient client(port_);
  ASSERT_TRUE(client.Send(Request(kPark, 1)));
  ASSERT_TRUE(WaitFor([&] { return dispatcher_.ParkedCount() == 1; }));
  auto parked = dispatcher_.TakeParked();
  server_.reset();  // ~Server stops it
  EXPECT_TRUE(client.WaitClosed());
  parked.clear();  // dropping the responder now must not touch the server
}

// A dispatcher that answers every request on its own thread, a little later,
// so completions race with Stop and with the server's destruction.
class AsyncDispatcher : public RequestDispatcher {
 public:
  AsyncDispatcher() : worker_([this] { Run(); }) {}
  ~AsyncDispatcher() override {
    {
      std::lock_guard lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    worker_.join();
  }
  void Dispatch(const RequestContext& context, std::span<const uint8_t> frame,
                Responder responder) override {
    {
      std::lock_guard lock(mu_);
      queue_.push_back({EchoResponse(context, frame), std::move(responder)});
    }
    cv_.notify_one();
  }
  std::atomic<int> completed{0};

 private:
  void Run() {
    std::mt19937 random(42);
    std::unique_lock lock(mu_);
    while (true) {
      cv_.wait(lock, [&] { return done_ || !queue_.empty(); });
      if (queue_.empty() && done_) return;
      auto [response, responder] = std::move(queue_.front());
      queue_.erase(queue_.begin());
      lock.unlock();
      if (random() % 4 == 0) std::this_thread::sleep_for(std::chrono::microseconds(random() % 500));
      responder.Complete(std::move(response));
      ++completed;
      lock.lock();
    }
  }

  std::mutex mu_;  // guards queue_ and done_
  std::condition_variable cv_;
  std::vector<std::pair<std::vector<uint8_t>, Responder>> queue_;
  bool done_ = false;
  std::thread worker_;
};

TEST(ServerStopTest, StopRacesWithCompletionsFromAnotherThread) {
  for (int round = 0; round < 5; ++round) {
    AsyncDispatcher dispatcher;
    auto server = std::make_unique<Server>(LoopbackOptions(), dispatcher);
    ASSERT_TRUE(server->Start().Ok());
    const uint16_t port = server->BoundPort("PLAINTEXT").value();
    std::atomic<bool> stop{false};
    std::atomic<int> answers{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < 4; ++c) {
      clients.emplace_back([&, c] {
        TestClient client(port);
        for (int32_t id = 0; !stop.load(); ++id) {
          if (!client.Send(Request(kEcho, c * 100000 + id))) return;
          if (client.ReadCorrelationId(2s) != c * 100000 + id) return;
          ++answers;
        }
      });
    }
    ASSERT_TRUE(WaitFor([&] { return answers.load() >= 200; }));
    server->Stop();  // requests are in flight on the dispatcher's thread
    stop = true;
    for (auto& client : clients) client.join();
    if (round % 2 == 0) server.reset();  // completions may now outlive the Server
    EXPECT_GE(dispatcher.completed.load(), 200);
  }
}

}  // namespace
}  // namespace kconnect::broker::server
