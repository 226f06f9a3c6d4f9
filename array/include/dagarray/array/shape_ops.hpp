#pragma once
// Shape operations: reshape and ravel, concatenate and stack, flip. (transpose, moveaxis,
// swapaxes, squeeze and expand_dims are in transpose.hpp.)

#include <dagarray/array/concatenate.hpp>
#include <dagarray/array/flip.hpp>
#include <dagarray/array/reshape.hpp>
