#include "messages.hpp"

namespace dagarray::dashboard {

namespace {

Message text(const nlohmann::json& message) {
  // Invalid UTF-8 in a task's message (it is the user's text) is replaced, never thrown over.
  return std::make_shared<const std::string>(
      message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

std::string_view detail_name(Detail detail) {
  return detail == Detail::tasks ? "tasks" : "layers";
}

Message hello_message() {
  return text({{"type", "hello"}, {"protocol", kProtocol}});
}

Message compute_message(ComputeShown shown) {
  return text({{"type", "compute"},
               {"compute", shown.compute},
               {"detail", detail_name(shown.detail)},
               {"graph", std::move(shown.graph)},
               {"layer_tasks", std::move(shown.layer_tasks)},
               {"task_count", shown.task_count},
               {"workers", shown.workers},
               {"scheduler", shown.scheduler}});
}

Message update_message(int compute, double time, Detail detail, nlohmann::json changes,
                       nlohmann::json memory, nlohmann::json counts) {
  return text({{"type", "update"},
               {"compute", compute},
               {"time", time},
               {std::string(detail_name(detail)), std::move(changes)},
               {"memory", std::move(memory)},
               {"counts", std::move(counts)}});
}

Message failed_message(int compute, std::size_t task, std::string_view key,
                       std::string_view message) {
  return text({{"type", "failed"},
               {"compute", compute},
               {"task", task},
               {"key", key},
               {"message", message}});
}

Message end_message(int compute, double time, std::string_view error) {
  return text({{"type", "end"},
               {"compute", compute},
               {"time", time},
               {"ok", error.empty()},
               {"message", error}});
}

}  // namespace dagarray::dashboard
