#pragma once
// Camera vendors under one name each: volunteers write "HUAWEI", "Huawei Technologies Co." or
// "Хуавеј" for the same company. The names come from an editable table (datasets/vendors.csv,
// columns alias,vendor) so that activists can add the spellings they meet without a rebuild.
// A row whose vendor is "(unknown)" names a word that means "not known" (непознат, n/a, ?):
// such a value is an unknown vendor, not a vendor called "n/a".

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>

namespace oko::geo {

class VendorTable {
public:
    VendorTable() = default;

    // Reads an `alias,vendor` CSV (header required). Throws oko::geo::Error on a bad file.
    static VendorTable load(const std::filesystem::path& file);

    void add(std::string_view alias, std::string_view vendor);

    static constexpr std::string_view unknown_marker = "(unknown)";

    // The canonical vendor for what a volunteer wrote: a known alias (also after dropping
    // company-form words such as "Co., Ltd." or "Technologies", by one distinctive word as
    // in "Hangzhou Hikvision Digital", or one typing slip away from a vendor's name of five
    // letters or more: "Huwei", "Hikvison"), otherwise the text as written, trimmed. Empty
    // text, and a word the table says means unknown, give an empty result: unknown.
    std::string canonical(std::string_view raw) const;

    // The vendor `raw` is an alias of, exactly (after the key's normalisation; no dropped words,
    // no typing slips): for a word that must not be guessed at, such as the first word of a
    // camera model ("AXIS P1448-LE"). Empty when the table has no such alias, or it means unknown.
    std::string exact(std::string_view raw) const;

    // Whether `raw` resolves to a table entry.
    bool knows(std::string_view raw) const;

    size_t size() const { return m_aliases.size(); }

    // The lookup key of a name: normalised like a field name ("Huawei Tech." -> "huawei_tech"),
    // or the trimmed name itself when that leaves nothing (a name in Chinese characters).
    static std::string key(std::string_view name);

private:
    const std::string* find(std::string_view raw) const;

    std::unordered_map<std::string, std::string> m_aliases; // key -> vendor ("" for unknown words)
    std::unordered_map<std::string, std::string> m_names;   // key of each canonical name -> the name
};

// datasets/vendors.csv of the source tree Oko was built from.
std::filesystem::path default_vendor_table_path();

} // namespace oko::geo
