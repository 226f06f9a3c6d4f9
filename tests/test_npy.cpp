// NumPy's .npy files: lazy and eager round trips, files NumPy wrote (every header version,
// both byte orders), our files read by numpy.load, every malformed input, and writes that fail
// leaving nothing behind.

#include <dagarray/array/npy_header.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <random>

#include "file_support.hpp"
#include "test_support.hpp"

namespace {

using test::Shape;

/// The element types and their NumPy names, for scripts.
template <class T>
std::string numpy_dtype() {
  if constexpr (std::is_same_v<T, double>) return "float64";
  if constexpr (std::is_same_v<T, float>) return "float32";
  if constexpr (std::is_same_v<T, std::int64_t>) return "int64";
  if constexpr (std::is_same_v<T, bool>) return "bool";
}

/// A header dict with the given text, padded as NumPy pads it, in a version-1.0 preamble.
std::string npy_file(const std::string& dict, const std::string& data, char major = 1) {
  std::string body = dict;
  const std::size_t preamble = major == 1 ? 10 : 12;
  while ((preamble + body.size() + 1) % 64 != 0) body += ' ';
  body += '\n';
  std::string out = "\x93NUMPY";
  out += major;
  out += '\0';
  const auto n = body.size();
  out += static_cast<char>(n & 0xff);
  out += static_cast<char>((n >> 8) & 0xff);
  if (major != 1) out += std::string(2, '\0');
  return out + body + data;
}

std::string doubles(std::initializer_list<double> values) {
  std::string out(values.size() * 8, '\0');
  std::memcpy(out.data(), std::data(values), out.size());
  return out;
}

const std::string kGoodDict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";

/// The message from_npy<double>(path) throws as std::invalid_argument (empty if it does not).
std::string open_error(const std::string& path) {
  try {
    da::from_npy<double>(path, {1});
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEMPLATE_TEST_CASE("npy files round-trip, lazy and eager, in any chunking", "[npy]", double, float,
                   std::int64_t, bool) {
  test::ScratchDir dir;
  auto chunkings = test::chunkings();
  chunkings.push_back({{0, 3}, {1, 3}});  // empty
  chunkings.push_back({{4, 0, 2}, {3, 1, 1}});
  for (const auto& c : chunkings) {
    INFO(test::describe(c));
    const auto expected = test::sample<TestType>(c.shape, 3);
    da::eager::save_npy(expected, dir / "eager.npy");
    CHECK(test::difference(da::eager::load_npy<TestType>(dir / "eager.npy"), expected) == "");
    const auto lazy = da::from_npy<TestType>(dir / "eager.npy", c.chunks);
    CHECK(lazy.shape() == c.shape);
    CHECK(lazy.chunks() == da::from_ndarray(expected, c.chunks).chunks());
    CHECK(test::difference(lazy.compute(), expected) == "");
    da::to_npy(da::from_ndarray(expected, c.chunks), dir / "lazy.npy");
    CHECK(test::read_bytes(dir / "lazy.npy") == test::read_bytes(dir / "eager.npy"));
    // An expression between the two files, on each scheduler.
    for (const auto& options : test::all_options()) {
      da::to_npy(da::from_npy<TestType>(dir / "lazy.npy", c.chunks), dir / "copy.npy", options);
      CHECK(test::read_bytes(dir / "copy.npy") == test::read_bytes(dir / "eager.npy"));
    }
    CHECK(dir.files() == std::vector<std::string>{"copy.npy", "eager.npy", "lazy.npy"});
  }
}

TEST_CASE("from_npy reads through an expression and into another file", "[npy]") {
  test::ScratchDir dir;
  const auto a = test::sample<double>({30, 20}, 1);
  da::eager::save_npy(a, dir / "a.npy");
  const auto x = da::from_npy<double>(dir / "a.npy", {7, 6});
  CHECK(test::difference(da::sum(x * 2.0 + 1.0, 0).compute(), da::sum(a * 2.0 + 1.0, 0)) == "");
  da::to_npy(da::transpose(x) - 1.0, dir / "t.npy");
  CHECK(test::difference(da::eager::load_npy<double>(dir / "t.npy"), da::transpose(a) - 1.0) == "");
  // The same file and chunks give the same name, so shared work runs once.
  CHECK(da::from_npy<double>(dir / "a.npy", {7, 6}).name() == x.name());
  CHECK(da::from_npy<double>(dir / "a.npy", {7, 5}).name() != x.name());
  // Over the file it reads: the new file takes the name only when complete, and the reads
  // keep the old one open until then.
  da::to_npy(x * 2.0, dir / "a.npy");
  CHECK(test::difference(da::eager::load_npy<double>(dir / "a.npy"), a * 2.0) == "");
}

TEST_CASE("store hands every block to the sink once, with its place", "[npy][store]") {
  const auto c = GENERATE(test::Chunking{{7, 5}, {3, 2}}, test::Chunking{{10}, {1}},
                          test::Chunking{{}, {}}, test::Chunking{{0, 4}, {1, 2}});
  INFO(test::describe(c));
  const auto a = test::sample<std::int64_t>(c.shape, 2);
  const auto x = da::from_ndarray(a, c.chunks) * 3;
  auto gathered = da::NDArray<std::int64_t>::empty(c.shape);
  std::atomic<std::int64_t> calls = 0;
  // Blocks are disjoint, so writing each into its region needs no lock.
  da::store(x, [&](const da::NDArray<std::int64_t>& block, const da::BlockInfo& where) {
    ++calls;
    REQUIRE(where.array_shape == c.shape);
    da::core::copy_box(reinterpret_cast<const std::byte*>(block.data()), block.shape(),
                       Shape(block.ndim(), 0), reinterpret_cast<std::byte*>(gathered.data()),
                       c.shape, where.offset, where.shape, sizeof(std::int64_t));
  });
  CHECK(calls == x.num_blocks());
  CHECK(test::difference(gathered, x.compute()) == "");
}

TEST_CASE("store rethrows a sink's exception as TaskError", "[npy][store]") {
  const auto x = da::arange(100, 10);
  CHECK_THROWS_AS(da::store(x,
                            [](const da::NDArray<std::int64_t>&, const da::BlockInfo& where) {
                              if (where.index[0] == 4) throw std::runtime_error("sink full");
                            }),
                  da::TaskError);
}

TEST_CASE("from_npy reads the files NumPy writes: every version, both byte orders", "[npy]") {
  if (!test::have_python("numpy")) {
    WARN("/usr/bin/python3 with numpy not found: NumPy's files are not tested");
    return;
  }
  test::ScratchDir dir;
  const auto script = "import numpy as np\nfrom numpy.lib import format as f\nd = '" +
                      dir.path().string() + "/'\n" + R"(
base = np.arange(35).reshape(5, 7) * 7 % 11 - 5
for name in ['float64', 'float32', 'int64', 'bool']:
    a = base > 0 if name == 'bool' else base.astype(name)
    np.save(d + name + '.npy', a)
    if name != 'bool':
        np.save(d + name + '_be.npy', a.astype(a.dtype.newbyteorder('>')))
    for v in [(1, 0), (2, 0), (3, 0)]:
        with open(d + name + '_v%d.npy' % v[0], 'wb') as out:
            f.write_array(out, a, version=v)
np.save(d + 'scalar.npy', np.float64(2.5))
np.save(d + 'empty.npy', np.zeros((0, 3)))
np.save(d + 'fortran.npy', np.asfortranarray(base.astype('float64')))
np.save(d + 'int32.npy', base.astype('int32'))
)";
  REQUIRE(test::run_python(dir, script));
  const auto check_all = [&]<class T>(T) {
    const auto name = numpy_dtype<T>();
    INFO(name);
    const auto expected = test::sample<T>({5, 7});
    std::vector<std::string> files = {name, name + "_v1", name + "_v2", name + "_v3"};
    if (!std::is_same_v<T, bool>) files.push_back(name + "_be");
    for (const auto& file : files) {
      INFO(file);
      CHECK(test::difference(da::from_npy<T>(dir / (file + ".npy"), {2, 3}).compute(), expected) ==
            "");
      CHECK(test::difference(da::eager::load_npy<T>(dir / (file + ".npy")), expected) == "");
    }
  };
  check_all(double{});
  check_all(float{});
  check_all(std::int64_t{});
  check_all(bool{});
  CHECK(da::from_npy<double>(dir / "scalar.npy", {}).compute().item() == 2.5);
  CHECK(da::eager::load_npy<double>(dir / "empty.npy").shape() == Shape{0, 3});
  CHECK_THROWS_WITH(da::from_npy<double>(dir / "fortran.npy", {5, 7}),
                    Catch::Contains("fortran_order = True") && Catch::Contains("fortran.npy"));
  CHECK_THROWS_WITH(da::from_npy<std::int64_t>(dir / "int32.npy", {5, 7}),
                    Catch::Contains("'<i4'") && Catch::Contains("int32.npy"));
}

TEST_CASE("numpy.load reads the files to_npy and save_npy write", "[npy]") {
  if (!test::have_python("numpy")) {
    WARN("/usr/bin/python3 with numpy not found: our files are not checked by NumPy");
    return;
  }
  test::ScratchDir dir;
  const auto write_all = [&]<class T>(T) {
    const auto name = numpy_dtype<T>();
    da::to_npy(da::from_ndarray(test::sample<T>({5, 7}), {2, 3}), dir / (name + ".npy"));
    da::eager::save_npy(test::sample<T>({5, 7}), dir / (name + "_eager.npy"));
  };
  write_all(double{});
  write_all(float{});
  write_all(std::int64_t{});
  write_all(bool{});
  da::to_npy(da::full(Shape{}, 4.5, {}), dir / "scalar.npy");
  da::to_npy(da::zeros<float>({3, 0}, {2, 1}), dir / "empty.npy");
  const auto script = "import numpy as np, sys\nd = '" + dir.path().string() + "/'\n" + R"(
base = np.arange(35).reshape(5, 7) * 7 % 11 - 5
for name in ['float64', 'float32', 'int64', 'bool']:
    want = base > 0 if name == 'bool' else base.astype(name)
    for suffix in ['', '_eager']:
        a = np.load(d + name + suffix + '.npy')
        m = np.load(d + name + suffix + '.npy', mmap_mode='r')
        if a.dtype != np.dtype(name) or a.shape != (5, 7) or not (a == want).all() or not (m == want).all():
            sys.exit('mismatch in ' + name + suffix)
s = np.load(d + 'scalar.npy')
e = np.load(d + 'empty.npy')
if s.shape != () or s != 4.5 or e.shape != (3, 0) or e.dtype != np.float32:
    sys.exit('scalar or empty mismatch')
)";
  CHECK(test::run_python(dir, script));
}

TEST_CASE("malformed npy headers are refused, naming the path and the value", "[npy][errors]") {
  test::ScratchDir dir;
  const auto data = doubles({1.0, 2.0});
  struct Case {
    std::string name, bytes, expected;
  };
  const std::vector<Case> cases = {
      {"magic", "\x93NUMPX\x01\x00" + npy_file(kGoodDict, data).substr(8), "magic = '\\x93NUMPX'"},
      {"tiny", "\x93NU", "magic"},
      {"empty", "", "magic = ''"},
      {"version",
       [&] {
         auto f = npy_file(kGoodDict, data);
         f[6] = 4;
         return f;
       }(),
       "version = 4.0"},
      {"minor",
       [&] {
         auto f = npy_file(kGoodDict, data);
         f[7] = 1;
         return f;
       }(),
       "version = 1.1"},
      {"not_dict", npy_file("[1, 2]", data), "does not start with '{'"},
      {"unclosed", npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (2,)", data),
       "not closed"},
      {"missing_key", npy_file("{'descr': '<f8', 'shape': (2,), }", data), "lacks one of"},
      {"unknown_key",
       npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}", data),
       "header key = 'x'"},
      {"repeated_key",
       npy_file("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}", data),
       "header key = 'descr'"},
      {"bad_shape", npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (2.5,), }", data),
       "not closed"},
      {"negative_shape",
       npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (-2,), }", data),
       "must hold integers"},
      {"bad_bool", npy_file("{'descr': '<f8', 'fortran_order': 0, 'shape': (2,), }", data),
       "True or False"},
      {"structured",
       npy_file("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2,), }", data),
       "structured"},
      {"dtype", npy_file("{'descr': '<i4', 'fortran_order': False, 'shape': (4,), }", data),
       "descr = '<i4'"},
      {"complex", npy_file("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", data),
       "descr = '<c16'"},
      {"fortran", npy_file("{'descr': '<f8', 'fortran_order': True, 'shape': (2,), }", data),
       "fortran_order = True"},
      {"trailing", npy_file(kGoodDict, data + doubles({3.0})), "(trailing bytes)"},
      {"truncated", npy_file(kGoodDict, data.substr(0, 12)), "(truncated)"},
      {"huge_shape",
       npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }",
                data),
       "longer than 2^56"},
      {"header_cut", npy_file(kGoodDict, "").substr(0, 40), "runs past the end"},
      {"after_dict", npy_file(kGoodDict + " x", data), "text after its dict"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const auto path = dir / (c.name + ".npy");
    test::write_bytes(path, c.bytes);
    const auto message = open_error(path);
    CHECK_THAT(message, Catch::Contains(c.expected) && Catch::Contains(path));
    CHECK_THROWS_AS(da::eager::load_npy<double>(path), std::invalid_argument);
    // The pure parser, as a fuzzer calls it, gives the same error from the bytes alone.
    const auto bytes = std::as_bytes(std::span(c.bytes.data(), c.bytes.size()));
    CHECK_THROWS_AS(da::detail::parse_npy_header(path, bytes, bytes.size()), std::invalid_argument);
  }
  // The good dict, in each version, parses.
  for (char major : {1, 2, 3}) {
    const auto file = npy_file(kGoodDict, data, major);
    const auto bytes = std::as_bytes(std::span(file.data(), file.size()));
    const auto header = da::detail::parse_npy_header("good", bytes, bytes.size());
    CHECK(header.shape == Shape{2});
    CHECK(header.data_offset == file.size() - data.size());
    CHECK(header.data_offset % 64 == 0);
    CHECK(header.dtype == da::core::DType::float64);
  }
}

TEST_CASE("mutated headers only ever parse or throw std::invalid_argument", "[npy][errors]") {
  // A small fuzz of the pure parser, in every build (under the sanitizers in the ASan job).
  std::mt19937_64 rng(7);
  const auto good = da::detail::format_npy_header(da::core::DType::float64, {3, 4});
  const std::string alphabet = "(){}',:0123456789 TrueFalse<>|f8b1i4";
  int parsed = 0;
  for (int i = 0; i < 20000; ++i) {
    auto bytes = good;
    for (int edit = 0, edits = 1 + int(rng() % 6); edit < edits && !bytes.empty(); ++edit) {
      const auto at = rng() % bytes.size();
      switch (rng() % 4) {
        case 0:
          bytes[at] = static_cast<char>(rng());
          break;
        case 1:
          bytes.erase(at, 1 + rng() % 8);
          break;
        case 2:
          bytes.insert(at, 1, alphabet[rng() % alphabet.size()]);
          break;
        default:
          bytes.resize(at);
      }
    }
    const auto file_size = rng() % 3 == 0 ? rng() % (1u << 20) : bytes.size() + 96;
    try {
      da::detail::parse_npy_header("fuzz", std::as_bytes(std::span(bytes.data(), bytes.size())),
                                   file_size);
      ++parsed;
    } catch (const std::invalid_argument&) {
    }
  }
  CHECK(parsed < 20000);
}

TEST_CASE("npy files are checked at call time: missing, unreadable, wrong dtype", "[npy][errors]") {
  test::ScratchDir dir;
  CHECK_THROWS_WITH(da::from_npy<double>(dir / "missing.npy", {1}),
                    Catch::Contains("missing.npy") && Catch::Contains("No such file"));
  CHECK_THROWS_AS(da::eager::load_npy<bool>(dir / "missing.npy"), std::invalid_argument);
  CHECK_THROWS_WITH(da::from_npy<double>(dir.path().string(), {1}),
                    Catch::Contains("not a regular file"));
  da::eager::save_npy(test::sample<float>({4}), dir / "f4.npy");
  CHECK_THROWS_WITH(da::from_npy<double>(dir / "f4.npy", {2}), Catch::Contains("f4.npy") &&
                                                                   Catch::Contains("float32") &&
                                                                   Catch::Contains("float64"));
  CHECK_THROWS_WITH(da::from_npy<float>(dir / "f4.npy", {5}), Catch::Contains("chunks[0] = 5"));
  CHECK_THROWS_AS(da::from_npy<float>(dir / "f4.npy", {2, 2}), std::invalid_argument);
}

TEST_CASE("a read that fails during the compute names the file", "[npy][errors]") {
  test::ScratchDir dir;
  da::eager::save_npy(test::sample<double>({100}), dir / "a.npy");
  const auto x = da::from_npy<double>(dir / "a.npy", {10});
  std::filesystem::resize_file(dir / "a.npy", 64 + 8 * 50);  // cut after the array was made
  try {
    x.compute();
    FAIL("compute did not throw");
  } catch (const da::TaskError& e) {
    CHECK_THAT(e.cause(), Catch::Contains(dir / "a.npy"));
  }
}

TEST_CASE("a failed write leaves no file at the final path and no temporary", "[npy][errors]") {
  test::ScratchDir dir;
  const auto path = dir / "out.npy";
  const auto failing = da::map_blocks(
      [](const da::NDArray<double>& b, const da::BlockInfo& where) {
        if (where.index[0] == 7) throw std::runtime_error("block 7 fails");
        return b;
      },
      da::ones<double>({100}, {5}));
  CHECK_THROWS_AS(da::to_npy(failing, path), da::TaskError);
  CHECK(dir.files().empty());
  // An existing file of that name is left as it was.
  da::eager::save_npy(test::sample<double>({3}), path);
  const auto before = test::read_bytes(path);
  CHECK_THROWS_AS(da::to_npy(failing, path, {.scheduler = da::Scheduler::sync}), da::TaskError);
  CHECK(test::read_bytes(path) == before);
  CHECK(dir.files() == std::vector<std::string>{"out.npy"});
  // A directory that does not exist: refused at call time, naming the path and the reason.
  CHECK_THROWS_WITH(da::to_npy(da::ones<double>({4}, {2}), dir / "no/such/dir.npy"),
                    Catch::Contains("no/such/dir.npy") && Catch::Contains("No such file"));
  CHECK_THROWS_AS(da::eager::save_npy(test::sample<double>({3}), dir / "no/x.npy"),
                  std::invalid_argument);
  std::filesystem::create_directory(dir / "subdir");
  CHECK_THROWS_WITH(da::to_npy(da::ones<double>({4}, {2}), dir / "subdir"),
                    Catch::Contains("subdir") && Catch::Contains("Is a directory"));
  std::filesystem::remove(dir / "subdir");
  CHECK_THROWS_WITH(
      da::to_npy(da::ones<double>({4}, {2}), dir / "mpi.npy", {.scheduler = da::Scheduler::mpi}),
      Catch::Contains("options.scheduler = mpi"));
  CHECK(dir.files() == std::vector<std::string>{"out.npy"});
}
