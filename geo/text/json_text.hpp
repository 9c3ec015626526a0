#pragma once
// JSON strings written by hand where building a json value per row would cost too much (the
// attributes of a million points, the tags of every OSM feature): one escaping rule, the one
// nlohmann::json's dump() follows, so text written either way reads and compares the same.

#include <string>
#include <string_view>

namespace oko::geo {

// Appends `text` as a quoted JSON string: '"' and '\\' escaped, \b \f \n \r \t by their short
// forms, other control characters as \u00XX, everything else (UTF-8 included) as it is. The
// caller makes sure `text` is valid UTF-8 (utf8::is_valid) when the reader needs it to be.
void append_json_string(std::string& out, std::string_view text);

// The string members of a flat JSON object as append_json_string writes them (the tags of an OSM
// feature), read without building a json value: calls `member(key, value)` for each, with key and
// value as they stand between their quotes (escapes left as they are, so a key or value holding
// one compares unequal to plain text). Stops and returns false at the first thing that is not such
// an object (a number, a nested value, a missing quote): the caller treats the rest as absent.
template <typename F> bool for_each_json_string_member(std::string_view object, F&& member);

namespace json_text_detail {
// The end of the string whose opening quote is at `at`: the index of its closing quote, or npos.
size_t string_end(std::string_view text, size_t at);
size_t skip_space(std::string_view text, size_t at);
} // namespace json_text_detail

template <typename F> bool for_each_json_string_member(std::string_view object, F&& member) {
    using namespace json_text_detail;
    size_t i = skip_space(object, 0);
    if (i >= object.size() || object[i] != '{') return false;
    i = skip_space(object, i + 1);
    if (i < object.size() && object[i] == '}') return true;
    while (i < object.size()) {
        const size_t key_end = string_end(object, i);
        if (key_end == std::string_view::npos) return false;
        const std::string_view key = object.substr(i + 1, key_end - i - 1);
        i = skip_space(object, key_end + 1);
        if (i >= object.size() || object[i] != ':') return false;
        i = skip_space(object, i + 1);
        const size_t value_end = string_end(object, i);
        if (value_end == std::string_view::npos) return false;
        member(key, object.substr(i + 1, value_end - i - 1));
        i = skip_space(object, value_end + 1);
        if (i >= object.size()) return false;
        if (object[i] == '}') return true;
        if (object[i] != ',') return false;
        i = skip_space(object, i + 1);
    }
    return false;
}

} // namespace oko::geo
