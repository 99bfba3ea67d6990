// connect-standalone: runs a standalone Kafka Connect worker.
#include "worker/cli/standalone_main.h"

int main(int argc, char** argv) { return kconnect::worker::cli::RunStandalone(argc, argv); }
