#pragma once
// The statistic every benchmark here reports: the median, which one slow run on a shared
// machine does not move.

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace dagarray::cli {

/// @throws std::invalid_argument for no values.
inline double median(std::vector<double> values) {
  if (values.empty()) throw std::invalid_argument("median: values = {} is empty");
  std::sort(values.begin(), values.end());
  const auto half = values.size() / 2;
  return values.size() % 2 == 1 ? values[half] : (values[half - 1] + values[half]) / 2;
}

}  // namespace dagarray::cli
