#pragma once
// The one definition of a point-layer filter, shared by the window, `oko stats` and `oko render`.
// It compiles to SQL with bound parameters for the store, and to a geo::CompiledFilter
// (compiled_filter.hpp) for the layers in memory: the window's counts, the painter and the
// compositor apply only that form. All must agree (tests check them against each other).
//
// Semantics:
// - vendors: keep points whose canonical vendor is one of these (case-insensitive); empty = any.
// - years: keep points whose year lies in [min, max] (either end open); none = any.
// - unknown: a filter that names vendors counts only points that match, so a point whose vendor is
//   unknown (empty, or a word for "unknown") fails a vendor criterion unless include_unknown is set;
//   likewise a point with no year fails a year range. With neither criterion nothing is dropped for
//   being unknown: the total is the total. include_unknown is off unless asked for
//   (`--filter unknown=include`, the window's toggle); unknown_included() says which applies, and
//   describe() states it whenever a vendor or year criterion is set.
// - text: every whitespace-separated word must occur in the point's other attributes, folded
//   (case, Cyrillic/Latin and diacritics ignored: see text_fold.hpp).
// - statuses: keep points whose curation status (point_status.hpp) is one of these; by default
//   every status but rejected (`--filter status=verified`, `status=verified,unverified`,
//   `status=all`). Reports deleted or merged into another camera are never points of a layer.

#include "geo/map/point_status.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oko::geo {

struct Filter {
    std::vector<std::string> vendors;
    std::optional<int> year_min;
    std::optional<int> year_max;
    bool include_unknown = false;
    static constexpr const char* kNoVendor = "\x01none"; // a vendor name no point has: the window's "None"
    std::string text;
    // The statuses that pass, one bit each (status_bit()).
    static constexpr uint8_t kDefaultStatuses = status_bit(PointStatus::unverified) | status_bit(PointStatus::verified);
    uint8_t statuses = kDefaultStatuses;

    bool has_vendor_criterion() const { return !vendors.empty(); }
    bool has_year_criterion() const { return year_min || year_max; }
    // Nothing but the default statuses is asked for: every camera that is not rejected passes
    // (include_unknown changes nothing without a vendor or year criterion).
    bool empty() const {
        return !has_vendor_criterion() && !has_year_criterion() && text.empty() && statuses == kDefaultStatuses;
    }
    bool status_passes(PointStatus s) const { return (statuses & status_bit(s)) != 0; }
    // Whether points of unknown vendor or year are counted: true with include_unknown, and when no
    // vendor or year criterion could drop them. What outputs report as "unknown_included".
    bool unknown_included() const { return include_unknown || (!has_vendor_criterion() && !has_year_criterion()); }
    bool operator==(const Filter&) const = default;

    // vendor: canonical name, empty when unknown; attributes: the searchable text of the point.
    // The same as vendor_passes && year_passes && text_passes: compile() builds its per-layer form
    // from these parts, so every form of the filter shares these definitions.
    bool matches(std::string_view vendor, std::optional<int> year, std::string_view attributes) const;
    bool vendor_passes(std::string_view vendor) const; // includes the unknown toggle for unknown vendors
    bool year_passes(std::optional<int> year) const;   // likewise for unknown years
    bool text_passes_folded(std::string_view folded_attributes) const;
    // The text criterion's folded words, for loops over many points: fold once, then test each
    // point with contains_all_words (text_passes_folded does both for a single point).
    std::vector<std::string> text_words() const;
    static bool contains_all_words(std::string_view folded_attributes, const std::vector<std::string>& words);
    static bool is_unknown_vendor(std::string_view vendor);

    // A WHERE clause (without the keyword; "1" when empty) over the given columns, with `?` parameters
    // listed in `parameters` in order. The text column must hold the folded attribute text.
    struct Sql {
        std::string where;
        std::vector<std::string> parameters; // bound as text; years are bound as integers by the caller's type affinity
    };
    // The status column may be any expression giving a status name (curation_sql() in the store).
    Sql to_sql(std::string_view vendor_column = "vendor", std::string_view year_column = "year",
               std::string_view folded_text_column = "search_text", std::string_view status_column = "status") const;

    // Parses command-line specs: "vendor=Huawei,Dahua", "year=2018..2020" (or 2019, 2018.., ..2020),
    // "unknown=include|exclude", "text=words", "status=verified,unverified" (or all). Throws
    // geo::Error naming the bad spec.
    static Filter parse(const std::vector<std::string>& specs);

    // For legends and reports: "vendor Huawei, Dahua; years 2018–2020; unknown vendors/years excluded"
    // (the last part names the criteria set: "unknown vendors" with only a vendor criterion), and
    // the statuses when they are not the default ("status verified", "every status").
    std::string describe() const;
};

} // namespace oko::geo
