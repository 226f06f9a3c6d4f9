#include <dagarray/array/checks.hpp>
#include <dagarray/array/npy_header.hpp>

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <optional>

namespace dagarray::detail {

namespace {

constexpr std::string_view kMagic = "\x93NUMPY";
constexpr std::size_t kAlign = 64;  // NumPy's ARRAY_ALIGN: where the data starts

[[noreturn]] void bad(std::string_view path, std::string_view what, std::string_view value,
                      std::string_view why) {
  std::string message = "npy file '";
  message += path;
  message += "': ";
  message += what;
  message += " = ";
  message += value;
  message += ' ';
  message += why;
  throw std::invalid_argument(message);
}

/// Printable form of raw header bytes for a message: at most 60 of them, control bytes escaped.
std::string quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text.substr(0, 60)) {
    if (static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f) {
      out += c;
    } else {
      constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[static_cast<unsigned char>(c) >> 4];
      out += hex[static_cast<unsigned char>(c) & 15];
    }
  }
  if (text.size() > 60) out += "...";
  return out + "'";
}

std::uint32_t little_endian(std::span<const std::byte> bytes) {
  std::uint32_t value = 0;
  for (std::size_t i = bytes.size(); i-- > 0;)
    value = value << 8 | std::to_integer<unsigned>(bytes[i]);
  return value;
}

/// Reads the subset of Python literal syntax NumPy writes in a header dict: strings, True and
/// False, and tuples of non-negative integers. Every failure names the whole dict.
class DictReader {
 public:
  DictReader(std::string_view path, std::string_view text) : _path(path), _text(text) {}

  [[noreturn]] void malformed(std::string_view why) const {
    bad(_path, "header", quoted(_text), why);
  }

  void skip_space() {
    while (_at < _text.size() &&
           (_text[_at] == ' ' || _text[_at] == '\t' || _text[_at] == '\n' || _text[_at] == '\r'))
      ++_at;
  }
  bool peek(char c) {
    skip_space();
    return _at < _text.size() && _text[_at] == c;
  }
  bool accept(char c) {
    if (!peek(c)) return false;
    ++_at;
    return true;
  }
  void expect(char c, std::string_view why) {
    if (!accept(c)) malformed(why);
  }
  bool at_end() {
    skip_space();
    return _at == _text.size();
  }

  std::string_view string(std::string_view what) {
    skip_space();
    if (_at == _text.size() || (_text[_at] != '\'' && _text[_at] != '"')) {
      malformed(std::string("is not a dict literal: expected a string for ") + std::string(what));
    }
    const char quote = _text[_at++];
    const auto end = _text.find(quote, _at);
    if (end == std::string_view::npos) malformed("is not a dict literal: a string is not closed");
    const auto value = _text.substr(_at, end - _at);
    if (value.find('\\') != std::string_view::npos) malformed("has an escape in a string");
    _at = end + 1;
    return value;
  }

  bool boolean() {
    skip_space();
    for (auto [word, value] : {std::pair{std::string_view("True"), true}, {"False", false}}) {
      if (_text.substr(_at, word.size()) == word) {
        _at += word.size();
        return value;
      }
    }
    malformed("is not a dict literal: 'fortran_order' must be True or False");
  }

  core::Shape tuple() {
    expect('(', "is not a dict literal: 'shape' must be a tuple");
    core::Shape shape;
    while (!accept(')')) {
      skip_space();
      std::uint64_t value = 0;
      const auto start = _at;
      while (_at < _text.size() && _text[_at] >= '0' && _text[_at] <= '9') {
        value = value * 10 + static_cast<unsigned>(_text[_at++] - '0');
        if (value > static_cast<std::uint64_t>(kMaxElements)) {
          bad(_path, "shape", quoted(_text.substr(start, _at - start + 1)),
              "has an axis longer than 2^56");
        }
      }
      if (_at == start) malformed("is not a dict literal: 'shape' must hold integers");
      shape.push_back(static_cast<std::int64_t>(value));
      if (shape.size() > 32) bad(_path, "shape", to_string(shape), "has more than 32 axes");
      if (!accept(',')) {
        expect(')', "is not a dict literal: 'shape' is not closed");
        break;
      }
    }
    // "(3)" is the integer 3 in Python, not a tuple.
    return shape;
  }

 private:
  std::string_view _path;
  std::string_view _text;
  std::size_t _at = 0;
};

struct Descr {
  core::DType dtype;
  bool big_endian;
};

Descr parse_descr(std::string_view path, std::string_view descr) {
  const auto refuse = [&]() -> Descr {
    bad(path, "descr", quoted(descr),
        "is not a dtype dagarray holds (float64 '<f8', float32 '<f4', int64 '<i8', bool '|b1'; "
        "either byte order)");
  };
  if (descr.size() != 3) refuse();
  const char order = descr[0];
  if (order != '<' && order != '>' && order != '|' && order != '=') refuse();
  const auto code = descr.substr(1);
  core::DType dtype;
  if (code == "f8") {
    dtype = core::DType::float64;
  } else if (code == "f4") {
    dtype = core::DType::float32;
  } else if (code == "i8") {
    dtype = core::DType::int64;
  } else if (code == "b1") {
    dtype = core::DType::boolean;
  } else {
    return refuse();
  }
  // '|' (not applicable) and '=' (native) both mean this machine's order.
  const bool big = order == '>' || (order != '<' && std::endian::native == std::endian::big);
  return {dtype, dtype != core::DType::boolean && big};
}

std::string_view descr_code(core::DType dtype) {
  switch (dtype) {
    case core::DType::float64:
      return "f8";
    case core::DType::float32:
      return "f4";
    case core::DType::int64:
      return "i8";
    case core::DType::boolean:
      return "b1";
  }
  return "";
}

}  // namespace

std::uint64_t npy_header_size(std::string_view path, std::span<const std::byte> start,
                              std::uint64_t file_size) {
  const std::string_view text(reinterpret_cast<const char*>(start.data()), start.size());
  if (text.substr(0, kMagic.size()) != kMagic) {
    bad(path, "magic", quoted(text.substr(0, kMagic.size())),
        "is not \"\\x93NUMPY\": not a .npy file");
  }
  if (text.size() < kMagic.size() + 2) {
    bad(path, "size", std::to_string(file_size),
        "bytes is too short for a .npy header (truncated)");
  }
  const auto major = std::to_integer<unsigned>(start[6]);
  const auto minor = std::to_integer<unsigned>(start[7]);
  if ((major != 1 && major != 2 && major != 3) || minor != 0) {
    bad(path, "version", std::to_string(major) + "." + std::to_string(minor),
        "is not a .npy format version dagarray reads (1.0, 2.0, 3.0)");
  }
  const std::size_t length_bytes = major == 1 ? 2 : 4;
  if (text.size() < 8 + length_bytes) {
    bad(path, "size", std::to_string(file_size),
        "bytes is too short for a .npy header (truncated)");
  }
  const auto total =
      8 + length_bytes + std::uint64_t{little_endian(start.subspan(8, length_bytes))};
  if (total > file_size) {
    bad(path, "header length", std::to_string(total - 8 - length_bytes),
        "runs past the end of the file of " + std::to_string(file_size) + " bytes (truncated)");
  }
  return total;
}

NpyHeader parse_npy_header(std::string_view path, std::span<const std::byte> header,
                           std::uint64_t file_size) {
  const auto total =
      npy_header_size(path, header.first(std::min(header.size(), kNpyPreambleBytes)), file_size);
  if (header.size() < total) {
    bad(path, "header bytes given", std::to_string(header.size()),
        "are fewer than its length field says (" + std::to_string(total) + ")");
  }
  const auto dict_start = std::to_integer<unsigned>(header[6]) == 1 ? 10u : 12u;
  const std::string_view text(reinterpret_cast<const char*>(header.data()) + dict_start,
                              static_cast<std::size_t>(total) - dict_start);
  DictReader reader(path, text);
  std::optional<Descr> descr;
  std::optional<bool> fortran;
  std::optional<core::Shape> shape;
  reader.expect('{', "is not a dict literal: it does not start with '{'");
  while (!reader.accept('}')) {
    const auto key = reader.string("a key");
    reader.expect(':', "is not a dict literal: a key has no ':'");
    if (key == "descr" && !descr) {
      descr = parse_descr(path, reader.string("'descr' (structured dtypes are not supported)"));
    } else if (key == "fortran_order" && !fortran) {
      fortran = reader.boolean();
    } else if (key == "shape" && !shape) {
      shape = reader.tuple();
    } else {
      bad(path, "header key", quoted(key),
          "is repeated or unknown (a header has 'descr', 'fortran_order' and 'shape')");
    }
    if (!reader.accept(',')) {
      reader.expect('}', "is not a dict literal: it is not closed by '}'");
      break;
    }
  }
  if (!reader.at_end()) reader.malformed("has text after its dict");
  if (!descr || !fortran || !shape) {
    reader.malformed("lacks one of 'descr', 'fortran_order' and 'shape'");
  }
  if (*fortran) {
    bad(path, "fortran_order", "True",
        "is not supported: dagarray reads row-major (C-order) arrays; save "
        "numpy.ascontiguousarray(a) instead");
  }
  std::uint64_t elements = 1;
  for (auto extent : *shape) {
    if (extent != 0 && elements > static_cast<std::uint64_t>(kMaxElements) / extent) {
      bad(path, "shape", to_string(*shape), "has more than 2^56 elements");
    }
    elements *= static_cast<std::uint64_t>(extent);
  }
  const auto data_bytes = elements * core::dtype_size(descr->dtype);
  const auto available = file_size - total;
  if (data_bytes != available) {
    bad(path, "shape", to_string(*shape),
        "needs " + std::to_string(data_bytes) + " bytes of " +
            std::string(core::dtype_name(descr->dtype)) + " but the file holds " +
            std::to_string(available) + " after its header" +
            (data_bytes > available ? " (truncated)" : " (trailing bytes)"));
  }
  return {descr->dtype, descr->big_endian, std::move(*shape), total};
}

std::string format_npy_header(core::DType dtype, const core::Shape& shape) {
  std::string dict = "{'descr': '";
  dict +=
      dtype == core::DType::boolean ? '|' : (std::endian::native == std::endian::big ? '>' : '<');
  dict += descr_code(dtype);
  dict += "', 'fortran_order': False, 'shape': ";
  dict += to_string(shape);
  dict += ", }";
  // Version 1.0 has a 2-byte length; a longer dict (never with <= 32 axes) would need 2.0.
  const bool v1 = dict.size() + 1 + 10 + kAlign <= 0xffff;
  const std::size_t preamble = v1 ? 10 : 12;
  const auto padded = (preamble + dict.size() + 1 + kAlign - 1) / kAlign * kAlign;
  dict.append(padded - preamble - dict.size() - 1, ' ');
  dict += '\n';
  std::string out(kMagic);
  out += static_cast<char>(v1 ? 1 : 2);
  out += '\0';
  const auto length = static_cast<std::uint32_t>(dict.size());
  for (std::size_t i = 0; i < (v1 ? 2u : 4u); ++i)
    out += static_cast<char>((length >> (8 * i)) & 0xff);
  return out + dict;
}

}  // namespace dagarray::detail
