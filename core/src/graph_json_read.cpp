#include <dagarray/core/graph_json.hpp>
#include <dagarray/core/graph_json_read.hpp>

#include <stdexcept>
#include <string>
#include <unordered_set>

namespace dagarray::core {

namespace {

using nlohmann::json;

[[noreturn]] void refuse(const std::string& where, const std::string& problem) {
  throw std::invalid_argument(where.empty() ? problem : where + ": " + problem);
}

/// @brief A value as JSON text, cut short: it goes into a one-line message.
std::string shown(const json& value) {
  auto text = value.dump();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

const json& member(const json& object, const std::string& where, const char* name) {
  const auto found = object.find(name);
  if (found == object.end()) refuse(where, std::string("no \"") + name + "\" member");
  return *found;
}

const json& object_at(const json& array, std::size_t i, const std::string& where) {
  const auto& value = array[i];
  if (!value.is_object()) refuse(where, "is " + shown(value) + ", not an object");
  return value;
}

const json& typed(const json& object, const std::string& where, const char* name,
                  json::value_t type, const char* type_name) {
  const auto& value = member(object, where, name);
  const bool matches =
      type == json::value_t::number_unsigned ? value.is_number_unsigned() : value.type() == type;
  if (!matches) refuse(where + "." + name, "is " + shown(value) + ", not " + type_name);
  return value;
}

const json& array_of(const json& object, const std::string& where, const char* name) {
  return typed(object, where, name, json::value_t::array, "an array");
}

const std::string& string_of(const json& object, const std::string& where, const char* name) {
  return typed(object, where, name, json::value_t::string, "a string")
      .get_ref<const std::string&>();
}

void check_naturals(const json& object, const std::string& where, const char* name) {
  const auto& values = array_of(object, where, name);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!values[i].is_number_unsigned()) {
      refuse(where + "." + name + "[" + std::to_string(i) + "]",
             "is " + shown(values[i]) + ", not an integer >= 0");
    }
  }
}

void check_dtype(const json& object, const std::string& where) {
  const auto& dtype = string_of(object, where, "dtype");
  if (dtype != "float64" && dtype != "float32" && dtype != "int64" && dtype != "bool") {
    refuse(where + ".dtype", shown(dtype) + " is not float64, float32, int64 or bool");
  }
}

/// @brief Each entry of `object[name]` a string naming one of `earlier`, each once.
void check_references(const json& object, const std::string& where, const char* name,
                      const std::unordered_set<std::string>& earlier, const char* what) {
  const auto& references = array_of(object, where, name);
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < references.size(); ++i) {
    const auto here = where + "." + name + "[" + std::to_string(i) + "]";
    if (!references[i].is_string()) refuse(here, "is " + shown(references[i]) + ", not a string");
    const auto& reference = references[i].get_ref<const std::string&>();
    if (!earlier.contains(reference)) {
      refuse(here, shown(reference) + " is not the " + what + " of an earlier entry");
    }
    if (!seen.insert(reference).second) refuse(here, shown(reference) + " is named twice");
  }
}

void check_header(const json& graph) {
  if (!graph.is_object()) refuse("", "the document is " + shown(graph) + ", not an object");
  const std::string expected = kGraphFormat;
  const auto& format = member(graph, "", "format");
  if (format != expected) {
    refuse("format", shown(format) + " is not \"" + expected + "\"");
  }
  const auto supported = " (this dagarray reads versions " +
                         std::to_string(kGraphFormatOldestReadable) + " to " +
                         std::to_string(kGraphFormatVersion) + ")";
  const auto& version = member(graph, "", "version");
  if (!version.is_number_integer() || version < kGraphFormatOldestReadable ||
      version > kGraphFormatVersion) {
    refuse("version", shown(version) + " is not supported" + supported);
  }
  typed(graph, "", "optimized", json::value_t::boolean, "true or false");
}

std::unordered_set<std::string> check_layers(const json& graph) {
  const auto& layers = array_of(graph, "", "layers");
  std::unordered_set<std::string> names;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const auto where = "layers[" + std::to_string(i) + "]";
    const auto& layer = object_at(layers, i, where);
    const auto& name = string_of(layer, where, "name");
    string_of(layer, where, "op");
    check_naturals(layer, where, "shape");
    check_naturals(layer, where, "numblocks");
    const auto& chunks = array_of(layer, where, "chunks");
    for (std::size_t axis = 0; axis < chunks.size(); ++axis) {
      if (!chunks[axis].is_array()) {
        refuse(where + ".chunks[" + std::to_string(axis) + "]",
               "is " + shown(chunks[axis]) + ", not an array");
      }
    }
    check_dtype(layer, where);
    typed(layer, where, "tasks", json::value_t::number_unsigned, "an integer >= 0");
    check_references(layer, where, "dependencies", names, "name");
    if (!names.insert(name).second) refuse(where + ".name", shown(name) + " is used twice");
  }
  return names;
}

std::unordered_set<std::string> check_tasks(const json& graph,
                                            const std::unordered_set<std::string>& layers) {
  const auto& tasks = array_of(graph, "", "tasks");
  std::unordered_set<std::string> keys;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const auto where = "tasks[" + std::to_string(i) + "]";
    const auto& task = object_at(tasks, i, where);
    const auto& key = string_of(task, where, "key");
    const auto& layer = string_of(task, where, "layer");
    if (!layers.contains(layer)) refuse(where + ".layer", shown(layer) + " is not a layer's name");
    string_of(task, where, "op");
    check_naturals(task, where, "block");
    check_naturals(task, where, "shape");
    check_dtype(task, where);
    typed(task, where, "bytes", json::value_t::number_unsigned, "an integer >= 0");
    // Only earlier tasks: a cycle or a task reading itself can then not be written.
    check_references(task, where, "dependencies", keys, "key");
    if (const auto timing = task.find("timing"); timing != task.end()) {
      if (!timing->is_object())
        refuse(where + ".timing", "is " + shown(*timing) + ", not an object");
      for (const char* name : {"start", "end"}) {
        if (!member(*timing, where + ".timing", name).is_number()) {
          refuse(where + ".timing." + name, "is " + shown((*timing)[name]) + ", not a number");
        }
      }
      typed(*timing, where + ".timing", "worker", json::value_t::number_unsigned,
            "an integer >= 0");
    }
    if (!keys.insert(key).second) refuse(where + ".key", shown(key) + " is used twice");
  }
  return keys;
}

}  // namespace

json read_graph_json(std::string_view text) {
  // nlohmann's reader stops at a NUL byte as at the end of the input: what follows would be
  // ignored, so the file is refused instead.
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    refuse("", "not JSON: a NUL byte at offset " + std::to_string(nul));
  }
  json graph;
  try {
    graph = json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    // "[json.exception.parse_error.101] parse error at line 3, column 5: ..." less its tag.
    const std::string what = e.what();
    const auto tag_end = what.find("] ");
    refuse("", "not JSON: " + (tag_end == std::string::npos ? what : what.substr(tag_end + 2)));
  }
  check_header(graph);
  const auto layers = check_layers(graph);
  const auto keys = check_tasks(graph, layers);
  const auto& outputs = array_of(graph, "", "outputs");
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const auto where = "outputs[" + std::to_string(i) + "]";
    if (!outputs[i].is_string() || !keys.contains(outputs[i].get_ref<const std::string&>())) {
      refuse(where, shown(outputs[i]) + " is not the key of a task");
    }
  }
  return graph;
}

}  // namespace dagarray::core
