// Numbers for map_blocks functions, in the order they are first seen.

#include <dagarray/array/map_blocks.hpp>

#include <mutex>
#include <unordered_map>

namespace dagarray::detail {

std::uint64_t function_number(const void* identity) {
  static std::mutex mutex;
  static std::unordered_map<const void*, std::uint64_t> numbers;
  static std::uint64_t next = 0;
  std::lock_guard lock(mutex);
  if (identity == nullptr) return next++;
  const auto [it, added] = numbers.try_emplace(identity, next);
  if (added) ++next;
  return it->second;
}

}  // namespace dagarray::detail
