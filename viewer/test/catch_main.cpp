// The Catch2 runner of the viewer's C++ tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
