#pragma once
// Running the real connect-standalone binary from tests.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <regex>
#include <string>
#include <vector>

#include "test_util.h"

namespace kctest {

inline std::string StandaloneBinary() { return std::string(KC_BINARY_DIR) + "/bin/connect-standalone"; }

class Process {
 public:
  // Starts `argv` with stdout+stderr appended to `log_file`.
  Process(const std::vector<std::string>& argv, const std::string& log_file) : log_(log_file) {
    pid_ = fork();
    if (pid_ == 0) {
      int fd = open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      dup2(fd, 1);
      dup2(fd, 2);
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execv(args[0], args.data());
      _exit(127);
    }
  }
  ~Process() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      Wait();
    }
  }
  void Signal(int sig) { kill(pid_, sig); }
  // Waits for exit (bounded); returns the exit code, or -signal, or -1000 on timeout.
  int Wait(std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
    int code = -1000;
    WaitFor(
        [&] {
          int status = 0;
          pid_t r = waitpid(pid_, &status, WNOHANG);
          if (r == pid_) {
            exited_ = true;
            code = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
            return true;
          }
          return false;
        },
        timeout);
    return code;
  }
  std::string Log() const {
    std::string out;
    for (const auto& l : ReadLines(log_)) out += l + "\n";
    return out;
  }
  // The REST port from the worker's log line "REST server listening at http://h:port/".
  int WaitForRestPort(std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
    int port = 0;
    WaitFor(
        [&] {
          std::smatch m;
          std::string log = Log();
          static const std::regex re("REST server listening at http://[^:]+:([0-9]+)/");
          if (std::regex_search(log, m, re)) {
            port = std::stoi(m[1]);
            return true;
          }
          return false;
        },
        timeout);
    return port;
  }

 private:
  pid_t pid_ = -1;
  bool exited_ = false;
  std::string log_;
};

}  // namespace kctest
