#include "geo/base/limits.hpp"

#include "geo/base/utf8.hpp"

#include <array>
#include <atomic>
#include <cstdlib>
#include <mutex>

namespace oko::geo {

namespace {

constexpr size_t limit_count = static_cast<size_t>(Limit::scene_layers) + 1;

std::array<std::atomic<int64_t>, limit_count>& values() {
    static std::array<std::atomic<int64_t>, limit_count> v;
    static const bool defaults_set = [] {
        for (const auto& info : limit_table())
            v[static_cast<size_t>(info.limit)].store(info.default_value);
        return true;
    }();
    (void)defaults_set;
    return v;
}

void apply_limit(std::string_view assignment);
void apply_limits(std::string_view list);

void read_environment() {
    static std::once_flag once;
    std::call_once(once, [] {
        const char* env = std::getenv("OKO_LIMITS");
        if (!env || !*env) return;
        try {
            apply_limits(env);
        } catch (const Error& e) {
            throw Error("OKO_LIMITS: " + e.reason());
        }
    });
}

std::string known_names() {
    std::string out;
    for (const auto& info : limit_table())
        out += (out.empty() ? "" : ", ") + std::string(info.name);
    return out;
}

} // namespace

const std::vector<LimitInfo>& limit_table() {
    static const std::vector<LimitInfo> table = {
        {Limit::archive_mb, "archive_mb", 1024, "the uncompressed size of the archive in MiB"},
        {Limit::archive_ratio, "archive_ratio", 100, "the archive's compression ratio"},
        {Limit::archive_members, "archive_members", 10'000, "the files in the archive"},
        {Limit::features, "features", 10'000'000, "the rows or features in the file"},
        {Limit::field_kb, "field_kb", 1024, "the size of one value in KiB"},
        {Limit::columns, "columns", 2000, "the columns of a table"},
        {Limit::depth, "depth", 100, "the nesting depth"},
        {Limit::scene_layers, "scene_layers", 10'000, "the layers of a scene"},
    };
    return table;
}

int64_t limit(Limit which) {
    read_environment();
    return values()[static_cast<size_t>(which)].load(std::memory_order_relaxed);
}

const char* limit_name(Limit which) { return limit_table()[static_cast<size_t>(which)].name; }

namespace {
void apply_limit(std::string_view assignment) {
    const auto eq = assignment.find('=');
    const std::string_view name = assignment.substr(0, eq);
    const LimitInfo* info = nullptr;
    for (const auto& i : limit_table())
        if (name == i.name) info = &i;
    if (eq == std::string_view::npos || !info)
        throw Error("expected NAME=N with NAME one of " + known_names() + ", got \"" + excerpt(assignment) + "\"");
    const std::string_view number = assignment.substr(eq + 1);
    int64_t value = 0;
    bool ok = !number.empty() && number.size() <= 18;
    for (char c : number) {
        if (c < '0' || c > '9') ok = false;
        value = value * 10 + (c - '0');
    }
    if (!ok || value <= 0)
        throw Error(std::string("expected a positive whole number for the limit ") + info->name + ", got \"" +
                    excerpt(number) + "\"");
    values()[static_cast<size_t>(info->limit)].store(value, std::memory_order_relaxed);
}

void apply_limits(std::string_view list) {
    while (!list.empty()) {
        const auto comma = list.find(',');
        const std::string_view one = list.substr(0, comma);
        if (!one.empty()) apply_limit(one);
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
}

} // namespace

void set_limit(std::string_view assignment) {
    read_environment(); // first, so that the environment does not later undo this
    apply_limit(assignment);
}

void set_limits(std::string_view list) {
    read_environment();
    apply_limits(list);
}

Error limit_error(Limit which, const std::string& what, const std::string& file, int64_t line) {
    const char* name = limit_name(which);
    const std::string value = std::to_string(limit(which));
    // --limit is an option of oko import; a scene is read by other commands too.
    const std::string option =
        which == Limit::scene_layers ? std::string() : std::string(" (or oko import --limit ") + name + "=N)";
    return Error(what + " is over the limit " + name + "=" + value + "; if you trust the file, raise it with " +
                     "OKO_LIMITS=" + name + "=N" + option,
                 file, line);
}

std::string excerpt(std::string_view value, size_t max_bytes) {
    std::string out;
    // Whole characters, by the one UTF-8 rule (utf8.hpp), within the byte budget.
    size_t end = 0;
    while (end < value.size()) {
        const size_t next = end + utf8::decode(value, end).length;
        if (next > max_bytes) break;
        end = next;
    }
    out.reserve(end + 32);
    for (size_t i = 0; i < end; ++i) {
        const auto c = static_cast<unsigned char>(value[i]);
        out += c < 0x20 || c == 0x7F ? ' ' : static_cast<char>(c);
    }
    if (end < value.size()) out += "... (" + std::to_string(value.size()) + " bytes)";
    return out;
}

} // namespace oko::geo
