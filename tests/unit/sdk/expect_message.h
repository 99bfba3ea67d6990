#pragma once
// Runs `fn`, expects it to throw E and returns the exception's message, so a
// test can assert the exact text a user would see.

#include <gtest/gtest.h>

#include <string>

namespace kconnect::testing {

template <typename E, typename Fn>
std::string MessageOf(Fn&& fn) {
  try {
    fn();
  } catch (const E& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an exception";
  return "<no exception>";
}

}  // namespace kconnect::testing
