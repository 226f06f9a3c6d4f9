// Watches a compute with the installed dashboard, served on a free loopback port, as
// docs/diagnostics.md tells users to.
#include <dagarray/dagarray.hpp>
#include <dagarray/dashboard.hpp>

#include <cstdio>

namespace da = dagarray;

int main() {
  da::Dashboard dashboard({.port = 0});
  auto pts = da::random::uniform(-1.0, 1.0, {2, 100'000}, {2, 10'000}, 7);
  const auto inside = da::count_nonzero(da::sum(da::square(pts), 0) < 1.0);
  const auto watched = inside.compute({.dashboard = &dashboard}).item();
  const auto plain = inside.compute().item();
  std::printf("consumer: %s, inside %lld\n", dashboard.url().c_str(),
              static_cast<long long>(watched));
  return watched == plain && watched > 0 && dashboard.port() != 0 ? 0 : 1;
}
