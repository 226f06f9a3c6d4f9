#pragma once
// The messages between ranks. Each rank sends each other rank one stream on kHeaderTag: a
// header per block it sends (whose payload follows on kPayloadTag, in pieces of at most
// max_message_bytes, unless it fits inside the header), then one end-of-stream header that says
// whether this rank failed. MPI keeps the messages of one sender and tag in order, so the
// receiver reads each stream in order, posts a block's piece receives as soon as its header
// arrives, and knows that nothing more comes from a rank after its end of stream.

#include <dagarray/core/buffer.hpp>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace dagarray::mpi::detail {

inline constexpr int kHeaderTag = 1;
inline constexpr int kPayloadTag = 2;
/// Tags 0 .. kTagsNeeded - 1 must be valid (MPI guarantees up to 32767).
inline constexpr int kTagsNeeded = 3;

/// Bytes of a header message: a block of up to about this size travels inside it.
inline constexpr std::size_t kHeaderBytes = 8192;

enum class HeaderKind : std::int64_t { block = 0, end_of_stream = 1 };

/// @brief How a rank's stream ended.
enum class StreamEnd : std::int64_t {
  ok = 0,
  failed = 1,   ///< a task of this rank threw: its key and cause follow
  stopped = 2,  ///< this rank stopped because another rank failed
};

/// @brief A block header: kind, task, dtype, ndim, bytes, shape..., then the inline payload.
struct BlockHeader {
  std::int64_t task = 0;
  core::DType dtype = core::DType::float64;
  core::Shape shape;
  std::int64_t bytes = 0;
  bool inline_payload = false;
};

inline std::size_t block_header_words(std::size_t ndim) {
  return 5 + ndim;
}

/// @brief Whether a block of `bytes` fits in the header after its shape.
inline bool fits_inline(std::size_t ndim, std::int64_t bytes) {
  return block_header_words(ndim) * 8 + static_cast<std::size_t>(bytes) <= kHeaderBytes;
}

/// @brief The header of `buffer` as the result of `task`, with the block inside when it fits.
inline std::vector<std::byte> encode_block(std::int64_t task, const core::Buffer& buffer) {
  const auto& shape = buffer.shape();
  const auto bytes = static_cast<std::int64_t>(buffer.bytes());
  const bool inside = fits_inline(shape.size(), bytes);
  const auto words = block_header_words(shape.size());
  if (words * 8 > kHeaderBytes) {
    throw std::invalid_argument("da::mpi: a block of " + std::to_string(shape.size()) +
                                " dimensions does not fit a message header");
  }
  std::vector<std::int64_t> head = {static_cast<std::int64_t>(HeaderKind::block), task,
                                    static_cast<std::int64_t>(buffer.dtype()),
                                    static_cast<std::int64_t>(shape.size()), bytes};
  head.insert(head.end(), shape.begin(), shape.end());
  std::vector<std::byte> message(words * 8 + (inside ? static_cast<std::size_t>(bytes) : 0));
  std::memcpy(message.data(), head.data(), words * 8);
  if (inside && bytes > 0) std::memcpy(message.data() + words * 8, buffer.data(), bytes);
  return message;
}

inline std::int64_t word(const std::byte* message, std::size_t index) {
  std::int64_t value;
  std::memcpy(&value, message + index * 8, 8);
  return value;
}

inline HeaderKind header_kind(const std::byte* message) {
  return static_cast<HeaderKind>(word(message, 0));
}

inline BlockHeader decode_block(const std::byte* message) {
  BlockHeader header;
  header.task = word(message, 1);
  header.dtype = static_cast<core::DType>(word(message, 2));
  const auto ndim = static_cast<std::size_t>(word(message, 3));
  header.bytes = word(message, 4);
  for (std::size_t axis = 0; axis < ndim; ++axis) header.shape.push_back(word(message, 5 + axis));
  header.inline_payload = fits_inline(ndim, header.bytes);
  return header;
}

/// @brief The end of a stream: how it ended, and for a failure the task, its key and cause
/// (cut to fit the header).
struct EndOfStream {
  StreamEnd end = StreamEnd::ok;
  std::int64_t task = -1;
  std::string key;
  std::string cause;
};

inline std::vector<std::byte> encode_end(const EndOfStream& end) {
  const std::size_t room = kHeaderBytes - 6 * 8;
  const auto key = end.key.substr(0, room / 2);
  const auto cause = end.cause.substr(0, room - key.size());
  const std::int64_t head[] = {static_cast<std::int64_t>(HeaderKind::end_of_stream),
                               static_cast<std::int64_t>(end.end),
                               end.task,
                               static_cast<std::int64_t>(key.size()),
                               static_cast<std::int64_t>(cause.size()),
                               0};
  std::vector<std::byte> message(sizeof(head) + key.size() + cause.size());
  std::memcpy(message.data(), head, sizeof(head));
  std::memcpy(message.data() + sizeof(head), key.data(), key.size());
  std::memcpy(message.data() + sizeof(head) + key.size(), cause.data(), cause.size());
  return message;
}

inline EndOfStream decode_end(const std::byte* message) {
  EndOfStream end;
  end.end = static_cast<StreamEnd>(word(message, 1));
  end.task = word(message, 2);
  const auto key_size = static_cast<std::size_t>(word(message, 3));
  const auto cause_size = static_cast<std::size_t>(word(message, 4));
  const auto* text = reinterpret_cast<const char*>(message + 6 * 8);
  end.key.assign(text, key_size);
  end.cause.assign(text + key_size, cause_size);
  return end;
}

}  // namespace dagarray::mpi::detail
