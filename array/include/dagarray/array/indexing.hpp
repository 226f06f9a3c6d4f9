#pragma once
// Indexing and slicing: da::view(x, i0, i1, ...) for NumPy's basic indexing (integers,
// slices, newaxis, ellipsis) and da::take(x, indices, axis) for a list of positions.
// Both take Array and NDArray alike; the parts live in their own headers:
//   slice.hpp        - the index types and how NumPy normalises them
//   strided_copy.hpp - copying a box with steps out of a block
//   view.hpp, take.hpp

#include <dagarray/array/take.hpp>
#include <dagarray/array/view.hpp>
