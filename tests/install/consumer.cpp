// Uses the installed headers and library exactly as the README tells users to.
#include <dagarray/dagarray.hpp>

#include <cstdio>

namespace da = dagarray;

int main() {
  auto pts = da::random::uniform(-1.0, 1.0, {2, 100'000}, {2, 10'000}, 7);
  const auto lazy = da::count_nonzero(da::sum(da::square(pts), 0) < 1.0).compute().item();
  const auto eager =
      da::count_nonzero(
          da::sum(da::square(da::eager::random::uniform(-1.0, 1.0, {2, 100'000}, 7)), 0) < 1.0)
          .item();
  std::printf("consumer: lazy %lld eager %lld\n", static_cast<long long>(lazy),
              static_cast<long long>(eager));
  return lazy == eager && lazy > 0 ? 0 : 1;
}
