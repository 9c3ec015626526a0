#include "geo/text/model_table.hpp"

#include <algorithm>

#include "geo/base/datasets.hpp"
#include "geo/base/error.hpp"
#include "geo/base/limits.hpp"
#include "geo/text/csv_reader.hpp"
#include "geo/text/field_names.hpp"
#include "geo/text/field_values.hpp"
#include "geo/text/text_fold.hpp"

namespace oko::geo {

namespace {

// The key of a pattern: as key(), keeping '#' (one digit).
std::string pattern_key(std::string_view pattern) {
    const std::string folded = fold_text(pattern, InvalidBytes::as_replacement);
    std::string out;
    for (const char c : folded)
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '#') out += c;
    return out;
}

bool begins_with(std::string_view key, std::string_view pattern) {
    if (key.size() < pattern.size()) return false;
    for (size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '#' ? key[i] < '0' || key[i] > '9' : key[i] != pattern[i]) return false;
    }
    return true;
}

} // namespace

std::string ModelTable::key(std::string_view model) {
    const std::string folded = fold_text(model, InvalidBytes::as_replacement);
    std::string out;
    for (const char c : folded)
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
    return out;
}

void ModelTable::add(std::string_view model, Match match, std::string_view vendor, std::string_view source) {
    Entry e{std::string(trim_field(model)), match, std::string(trim_field(vendor)), std::string(trim_field(source)),
            pattern_key(model)};
    if (e.key.empty()) throw Error("model \"" + excerpt(model) + "\" has no letters or digits");
    if (match == Match::exact && e.key.find('#') != std::string::npos)
        throw Error("model \"" + excerpt(model) + "\": '#' (a digit) is for prefix families only");
    for (const auto& other : m_entries) {
        if (other.key != e.key || other.match != e.match) continue;
        if (other.vendor != e.vendor)
            throw Error("model \"" + e.model + "\" is given to both " + other.vendor + " and " + e.vendor);
        return; // the same fact twice
    }
    m_entries.push_back(std::move(e));
}

ModelTable ModelTable::load(const std::filesystem::path& file) {
    ModelTable table;
    CsvReader reader(file);
    CsvRecord record;
    if (!reader.next(record)) return table;
    const std::vector<std::string> header(record.fields.begin(), record.fields.end());
    const auto model = find_named_field("model", header);
    const auto match = find_named_field("match", header);
    const auto vendor = find_named_field("vendor", header);
    const auto source = find_named_field("source", header);
    if (!model || !match || !vendor || !source)
        throw Error("a model table needs the columns model,match,vendor,source", file.string(), record.line);
    const size_t needed = std::max(std::max(*model, *match), std::max(*vendor, *source));
    while (reader.next(record)) {
        if (record.fields.empty() || (record.fields.size() == 1 && trim_field(record.fields[0]).empty())) continue;
        const auto m = trim_field(record.fields[*model]);
        if (!m.empty() && m.front() == '#') continue;
        if (record.fields.size() <= needed)
            throw Error("expected 4 values (model,match,vendor,source), found " + std::to_string(record.fields.size()),
                        file.string(), record.line);
        const auto how = trim_field(record.fields[*match]);
        if (how != "exact" && how != "prefix")
            throw Error("match \"" + excerpt(how) + "\" is neither exact nor prefix", file.string(), record.line,
                        "match");
        const auto v = trim_field(record.fields[*vendor]);
        const auto s = trim_field(record.fields[*source]);
        if (v.empty()) throw Error("empty vendor", file.string(), record.line, "vendor");
        if (s.empty()) throw Error("empty source: say who names this model", file.string(), record.line, "source");
        try {
            table.add(m, how == "exact" ? Match::exact : Match::prefix, v, s);
        } catch (const Error& e) {
            throw Error(e.reason(), file.string(), record.line, "model");
        }
    }
    return table;
}

const ModelTable::Entry* ModelTable::find(std::string_view model) const {
    const std::string k = key(model);
    if (k.empty()) return nullptr;
    const Entry* best = nullptr;
    for (const auto& e : m_entries) {
        if (e.match == Match::exact) {
            if (e.key == k) return &e;
        } else if (begins_with(k, e.key) && (!best || e.key.size() > best->key.size())) {
            best = &e;
        }
    }
    return best;
}

std::filesystem::path default_model_table_path() { return datasets_dir() / "camera_models.csv"; }

} // namespace oko::geo
