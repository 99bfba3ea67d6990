#pragma once
// The connect-standalone program (ConnectStandalone + AbstractConnectCli).
// Exit codes as Java's: 1 usage, 2 start-up/config error, 3 start failure;
// 0 after a clean shutdown on SIGINT/SIGTERM.

namespace kconnect::worker::cli {

int RunStandalone(int argc, char** argv);

}  // namespace kconnect::worker::cli
