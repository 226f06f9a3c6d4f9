#include <dagarray/server/routes.hpp>

#include <stdexcept>
#include <utility>

namespace dagarray::server {

Routes& Routes::add(std::string path, std::string content_type, std::string body) {
  Response response{.status = 200,
                    .content_type = std::move(content_type),
                    .body = std::make_shared<const std::string>(std::move(body))};
  return add(std::move(path),
             [response = std::move(response)](const Request&) { return response; });
}

Routes& Routes::add(std::string path, Handler handler) {
  if (path.empty() || path.front() != '/') {
    throw std::invalid_argument("route path \"" + path + "\" does not start with '/'");
  }
  if (!handler) throw std::invalid_argument("route " + path + " has no handler");
  const auto [where, added] = _handlers.emplace(path, std::move(handler));
  if (!added) throw std::invalid_argument("route " + path + " is already taken");
  return *this;
}

const Handler* Routes::find(std::string_view path) const {
  const auto found = _handlers.find(path);
  return found == _handlers.end() ? nullptr : &found->second;
}

}  // namespace dagarray::server
