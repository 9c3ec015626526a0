#include "geo/text/vendor_table.hpp"

#include <array>
#include <vector>

#include "geo/text/csv_reader.hpp"
#include "geo/text/edit_distance.hpp"
#include "geo/base/datasets.hpp"
#include "geo/base/error.hpp"
#include "geo/text/field_names.hpp"
#include "geo/text/field_values.hpp"

namespace oko::geo {

namespace {

// Words that name the form of a company rather than the company (in English and Serbian).
constexpr std::array<std::string_view, 27> company_words = {
    "co",         "ltd",         "limited", "inc",   "corp", "corporation",   "company",     "technologies",
    "technology", "tech",        "digital", "group", "gmbh", "llc",           "sa",          "ag",
    "plc",        "electronics", "doo",     "d",     "o",    "international", "tehnologija", "tehnologije",
    "kompanija",  "ad",          "srbija"};

bool is_company_word(std::string_view word) {
    for (auto w : company_words)
        if (w == word) return true;
    return false;
}

std::vector<std::string_view> split_key(std::string_view key) {
    std::vector<std::string_view> words;
    size_t start = 0;
    while (start <= key.size()) {
        const size_t end = key.find('_', start);
        const size_t stop = end == std::string_view::npos ? key.size() : end;
        if (stop > start) words.push_back(key.substr(start, stop - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return words;
}

} // namespace

std::string VendorTable::key(std::string_view name) {
    std::string k = normalise_field_name(name);
    // Names in scripts the normalisation does not fold (海康威视) are their own key.
    if (k.empty()) k = std::string(trim_field(name));
    return k;
}

VendorTable VendorTable::load(const std::filesystem::path& file) {
    VendorTable table;
    CsvReader reader(file);
    CsvRecord record;
    if (!reader.next(record)) return table;
    std::vector<std::string> header(record.fields.begin(), record.fields.end());
    const auto alias = find_named_field("alias", header);
    const auto vendor = find_named_field("vendor", header);
    if (!alias || !vendor) throw Error("a vendor table needs the columns alias,vendor", file.string(), record.line);
    while (reader.next(record)) {
        if (record.fields.size() <= std::max(*alias, *vendor))
            throw Error("missing alias or vendor", file.string(), record.line);
        const auto a = trim_field(record.fields[*alias]);
        const auto v = trim_field(record.fields[*vendor]);
        if (!a.empty() && a.front() == '#') continue;
        if (a.empty() || v.empty()) throw Error("empty alias or vendor", file.string(), record.line);
        table.add(a, v);
    }
    return table;
}

void VendorTable::add(std::string_view alias, std::string_view vendor) {
    const std::string canonical(trim_field(vendor));
    if (canonical == unknown_marker) {
        m_aliases[key(alias)] = std::string();
        return;
    }
    m_aliases[key(alias)] = canonical;
    // The canonical name is an alias of itself, so tables need not repeat it.
    m_aliases.try_emplace(key(canonical), canonical);
    m_names.try_emplace(key(canonical), canonical);
}

const std::string* VendorTable::find(std::string_view raw) const {
    if (m_aliases.empty()) return nullptr;
    const std::string k = key(raw);
    if (k.empty()) return nullptr;
    if (auto it = m_aliases.find(k); it != m_aliases.end()) return &it->second;
    auto words = split_key(k);
    // Drop company-form words at the end: "huawei_technologies_co_ltd" -> "huawei".
    while (words.size() > 1 && is_company_word(words.back())) {
        words.pop_back();
        std::string shorter(words.front());
        for (size_t i = 1; i < words.size(); ++i)
            (shorter += '_') += words[i];
        if (auto it = m_aliases.find(shorter); it != m_aliases.end()) return &it->second;
    }
    // One distinctive word: "hangzhou_hikvision_digital" -> "hikvision".
    for (auto word : words) {
        if (word.size() < 3 || is_company_word(word)) continue;
        if (auto it = m_aliases.find(std::string(word)); it != m_aliases.end()) return &it->second;
    }
    // One typing slip from exactly one vendor's name ("huwei", "hikvison", "dahau"); names shorter
    // than five letters are too close to each other (ZTE, Axis) to guess.
    std::string joined;
    for (auto word : words)
        joined += word;
    const std::string* match = nullptr;
    for (const auto& [name_key, name] : m_names) {
        std::string letters = name_key;
        std::erase(letters, '_');
        if (letters.size() < 5 || joined.size() < 5) continue;
        if (edit_distance(joined, letters, 1) <= 1 ||
            (words.size() > 1 && edit_distance(words.front(), letters, 1) <= 1)) {
            if (match && *match != name) return nullptr; // two vendors as close: no guess
            match = &name;
        }
    }
    return match;
}

std::string VendorTable::canonical(std::string_view raw) const {
    raw = trim_field(raw);
    if (raw.empty()) return {};
    if (const auto* found = find(raw)) return *found;
    return std::string(raw);
}

std::string VendorTable::exact(std::string_view raw) const {
    const std::string k = key(raw);
    if (k.empty()) return {};
    const auto it = m_aliases.find(k);
    return it == m_aliases.end() ? std::string() : it->second;
}

bool VendorTable::knows(std::string_view raw) const { return find(raw) != nullptr; }

std::filesystem::path default_vendor_table_path() { return datasets_dir() / "vendors.csv"; }

} // namespace oko::geo
