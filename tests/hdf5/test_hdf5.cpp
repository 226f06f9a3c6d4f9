// HDF5 datasets: round trips for every dtype and chunking, the dataset's own chunking on both
// sides, files h5py wrote and files h5py reads, and every error.

#include <dagarray/hdf5.hpp>

#include <catch2/catch.hpp>

#include "../file_support.hpp"
#include "../test_support.hpp"

namespace {

using test::Shape;

bool have_h5py() {
  static const bool found = test::have_python("h5py");
  return found;
}

std::string invalid_message(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEMPLATE_TEST_CASE("HDF5 datasets round-trip in any chunking", "[hdf5]", double, float,
                   std::int64_t, bool) {
  test::ScratchDir dir;
  auto chunkings = test::chunkings();
  chunkings.push_back({{0, 3}, {1, 3}});
  for (const auto& c : chunkings) {
    INFO(test::describe(c));
    const auto expected = test::sample<TestType>(c.shape, 4);
    da::to_hdf5(da::from_ndarray(expected, c.chunks), dir / "a.h5", "/group/data");
    const auto x = da::from_hdf5<TestType>(dir / "a.h5", "/group/data", c.chunks);
    CHECK(x.chunks() == da::from_ndarray(expected, c.chunks).chunks());
    CHECK(test::difference(x.compute(), expected) == "");
    // Without chunks: the dataset's own, which to_hdf5 set from the array's blocks.
    CHECK(test::difference(da::from_hdf5<TestType>(dir / "a.h5", "group/data").compute(),
                           expected) == "");
    for (const auto& options : test::all_options()) {
      da::to_hdf5(da::from_hdf5<TestType>(dir / "a.h5", "/group/data", c.chunks), dir / "b.h5",
                  "/copy", options);
      CHECK(test::difference(da::from_hdf5<TestType>(dir / "b.h5", "/copy").compute(), expected) ==
            "");
    }
    CHECK(dir.files() == std::vector<std::string>{"a.h5", "b.h5"});
  }
}

TEST_CASE("from_hdf5 without chunks uses the dataset's chunks or multiples of them", "[hdf5]") {
  test::ScratchDir dir;
  da::to_hdf5(da::ones<double>({100, 60}, {8, 6}), dir / "small.h5", "/x");
  CHECK(da::from_hdf5<double>(dir / "small.h5", "/x").chunks() ==
        da::ones<double>({100, 60}, {100, 60}).chunks());  // 48 KiB: grown to one block
  // 2^24 doubles (128 MiB) in HDF5 chunks of (64, 512): blocks of whole multiples, about 64 MiB.
  da::to_hdf5(da::zeros<double>({4096, 4096}, {64, 512}), dir / "big.h5", "/x");
  const auto x = da::from_hdf5<double>(dir / "big.h5", "/x");
  CHECK(x.chunks()[1].front() == 4096);
  CHECK(x.chunks()[0].front() % 64 == 0);
  CHECK(x.chunks()[0].front() * 4096 * 8 <= (64 << 20));
  CHECK(x.num_blocks() == 2);
  CHECK(da::sum(x).compute().item() == 0.0);
}

TEST_CASE("from_hdf5 reads the files h5py writes", "[hdf5]") {
  if (!have_h5py()) {
    WARN("/usr/bin/python3 with h5py not found: h5py's files are not tested");
    return;
  }
  test::ScratchDir dir;
  const auto script = "import numpy as np, h5py\nd = '" + dir.path().string() + "/'\n" + R"(
base = np.arange(35).reshape(5, 7) * 7 % 11 - 5
with h5py.File(d + 'h5py.h5', 'w') as f:
    for name in ['float64', 'float32', 'int64', 'bool']:
        a = base > 0 if name == 'bool' else base.astype(name)
        f.create_dataset('plain/' + name, data=a)
        f.create_dataset('chunked/' + name, data=a, chunks=(2, 3))
        if name != 'bool':
            f.create_dataset('big_endian/' + name, data=a.astype(a.dtype.newbyteorder('>')))
    f['scalar'] = 2.5
    f['int32'] = base.astype('int32')
    f.create_group('a_group')
)";
  REQUIRE(test::run_python(dir, script));
  const auto path = dir / "h5py.h5";
  const auto check_all = [&]<class T>(T, const std::string& name) {
    INFO(name);
    const auto expected = test::sample<T>({5, 7});
    std::vector<std::string> groups = {"plain", "chunked"};
    if (!std::is_same_v<T, bool>) groups.push_back("big_endian");
    for (const auto& group : groups) {
      const auto dataset = "/" + group + "/" + name;
      INFO(dataset);
      CHECK(test::difference(da::from_hdf5<T>(path, dataset, {2, 2}).compute(), expected) == "");
      CHECK(test::difference(da::from_hdf5<T>(path, dataset).compute(), expected) == "");
    }
  };
  check_all(double{}, "float64");
  check_all(float{}, "float32");
  check_all(std::int64_t{}, "int64");
  check_all(bool{}, "bool");
  CHECK(da::from_hdf5<double>(path, "/scalar").compute().item() == 2.5);
  CHECK_THAT(invalid_message([&] { da::from_hdf5<std::int64_t>(path, "/int32"); }),
             Catch::Contains("int32") && Catch::Contains("/int32"));
  CHECK_THAT(invalid_message([&] { da::from_hdf5<double>(path, "/a_group"); }),
             Catch::Contains("'/a_group' is not a dataset"));
}

TEST_CASE("h5py reads the files to_hdf5 writes, with the array's chunks", "[hdf5]") {
  if (!have_h5py()) {
    WARN("/usr/bin/python3 with h5py not found: our files are not checked by h5py");
    return;
  }
  test::ScratchDir dir;
  const auto write = [&]<class T>(T, const std::string& name) {
    da::to_hdf5(da::from_ndarray(test::sample<T>({5, 7}), {2, 3}), dir / (name + ".h5"),
                "/g/" + name);
  };
  write(double{}, "float64");
  write(float{}, "float32");
  write(std::int64_t{}, "int64");
  write(bool{}, "bool");
  da::to_hdf5(da::full(Shape{}, 4.5, {}), dir / "scalar.h5", "s");
  const auto script = "import numpy as np, h5py, sys\nd = '" + dir.path().string() + "/'\n" + R"(
base = np.arange(35).reshape(5, 7) * 7 % 11 - 5
for name in ['float64', 'float32', 'int64', 'bool']:
    want = base > 0 if name == 'bool' else base.astype(name)
    with h5py.File(d + name + '.h5', 'r') as f:
        x = f['g/' + name]
        if x.dtype != np.dtype(name) or x.chunks != (2, 3) or not (x[...] == want).all():
            sys.exit('mismatch in ' + name + ': ' + str(x.dtype) + ' ' + str(x.chunks))
with h5py.File(d + 'scalar.h5', 'r') as f:
    if f['s'][()] != 4.5:
        sys.exit('scalar mismatch')
)";
  CHECK(test::run_python(dir, script));
}

TEST_CASE("HDF5 errors: missing file, not HDF5, missing dataset, wrong dtype", "[hdf5][errors]") {
  test::ScratchDir dir;
  CHECK_THAT(invalid_message([&] { da::from_hdf5<double>(dir / "missing.h5", "/x"); }),
             Catch::Contains("missing.h5") && Catch::Contains("No such file"));
  test::write_bytes(dir / "text.h5", "not hdf5");
  CHECK_THAT(invalid_message([&] { da::from_hdf5<double>(dir / "text.h5", "/x"); }),
             Catch::Contains("text.h5") && Catch::Contains("is not an HDF5 file"));
  da::to_hdf5(da::ones<float>({4}, {2}), dir / "f.h5", "/x");
  CHECK_THAT(invalid_message([&] { da::from_hdf5<float>(dir / "f.h5", "/y"); }),
             Catch::Contains("dataset = '/y' is not a dataset of") && Catch::Contains("f.h5"));
  CHECK_THAT(invalid_message([&] { da::from_hdf5<double>(dir / "f.h5", "/x"); }),
             Catch::Contains("float32") && Catch::Contains("float64") && Catch::Contains("'/x'"));
  CHECK_THAT(invalid_message([&] { da::from_hdf5<float>(dir / "f.h5", "/x", {5}); }),
             Catch::Contains("chunks[0] = 5"));
}

TEST_CASE("a failed HDF5 write leaves no file and no temporary", "[hdf5][errors]") {
  test::ScratchDir dir;
  const auto failing = da::map_blocks(
      [](const da::NDArray<double>& b, const da::BlockInfo& where) {
        if (where.index[0] == 3) throw std::runtime_error("block 3 fails");
        return b;
      },
      da::ones<double>({100}, {5}));
  CHECK_THROWS_AS(da::to_hdf5(failing, dir / "out.h5", "/x"), da::TaskError);
  CHECK(dir.files().empty());
  da::to_hdf5(da::ones<double>({3}, {3}), dir / "out.h5", "/x");
  const auto before = test::read_bytes(dir / "out.h5");
  CHECK_THROWS_AS(da::to_hdf5(failing, dir / "out.h5", "/x"), da::TaskError);
  CHECK(test::read_bytes(dir / "out.h5") == before);
  CHECK_THAT(
      invalid_message([&] { da::to_hdf5(da::ones<double>({3}, {3}), dir / "no/a.h5", "/x"); }),
      Catch::Contains("no/a.h5") && Catch::Contains("No such file"));
  CHECK_THAT(invalid_message([&] { da::to_hdf5(da::ones<double>({3}, {3}), dir / "c.h5", ""); }),
             Catch::Contains("dataset = ''"));
  CHECK(dir.files() == std::vector<std::string>{"out.h5"});
}
