#pragma once
// Running the dagarray tool as a user runs it, for the tests of its subcommands.

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

extern char** environ;

namespace test {

struct Outcome {
  int status = -1;  ///< exit status; -1 if it did not exit normally
  std::string out, err;
};

inline std::string read_back(std::FILE* file) {
  std::rewind(file);
  std::string text;
  char buffer[4096];
  while (const auto got = std::fread(buffer, 1, sizeof buffer, file)) text.append(buffer, got);
  return text;
}

/// This process's environment with `overrides` ("NAME=value") in place of the same names.
inline std::vector<std::string> environment_with(const std::vector<std::string>& overrides) {
  std::vector<std::string> out;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string line(*entry);
    const auto name = line.substr(0, line.find('=') + 1);
    bool replaced = false;
    for (const auto& o : overrides) replaced = replaced || o.rfind(name, 0) == 0;
    if (!replaced) out.push_back(line);
  }
  out.insert(out.end(), overrides.begin(), overrides.end());
  return out;
}

/// Runs `dagarray args...`, capturing stdout and stderr in temporary files (no pipes, so a
/// chatty child cannot block), with the environment variables `overrides` ("NAME=value") set.
inline Outcome run_cli(std::vector<std::string> args, std::vector<std::string> overrides = {}) {
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> out(std::tmpfile(), std::fclose);
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> err(std::tmpfile(), std::fclose);
  REQUIRE(out);
  REQUIRE(err);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fileno(out.get()), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fileno(err.get()), STDERR_FILENO);
  std::string program = DAGARRAY_CLI;
  std::vector<char*> argv = {program.data()};
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  auto environment = environment_with(overrides);
  std::vector<char*> envp;
  for (auto& entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);
  const int spawned =
      posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(spawned == 0);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_back(out.get()), read_back(err.get())};
}

}  // namespace test
