#pragma once
// The layout of Kafka Connect's console log (its connect-log4j.properties:
// "[%d] %p %m (%c)%n"), so that kconnect's output reads like the worker
// users know:
//
//   [2026-12-03 14:46:16,826] INFO Created connector local-file-source (kconnect.worker.herder)
//
// The level is log4j's name (TRACE, DEBUG, INFO, WARN, ERROR, FATAL), and the
// logger's name closes the line; lines of the unnamed default logger end
// with the message.

#include <spdlog/formatter.h>

#include <memory>

namespace kconnect::common::logging {

// A formatter with that layout; the level is coloured where the sink colours.
std::unique_ptr<spdlog::formatter> ConnectConsoleFormatter();

// Gives every sink of spdlog's registered loggers (the default logger, whose
// sinks the named loggers write to) that layout.
void UseConnectConsoleFormat();

}  // namespace kconnect::common::logging
