#pragma once
// A geo::Filter compiled against one point layer: the one form in which the window's layer view
// (its counts and hover), the municipality counts, the GPU painter and the CPU compositor apply a
// filter, so the rule is written out once, here. Compiling resolves
// - the vendor criterion (with the unknown toggle) to one flag per vendor index, exact for any
//   number of vendors (indices are uint16; nothing here is limited to 256),
// - the year criterion to an inclusive range of known years and whether unknown years pass,
// - the text criterion to one match flag per point (and the list of matching points),
// - the status criterion to one flag per status (PointLayerData::statuses holds each point's).
// A point passes when all four do: passes(); pass_bits() writes that for every point.
//
// The only other copy of a part of the rule is the year test in the point_layer vertex shader
// (render/gl/shaders/point_layer_vert.glsl), which applies year_lo, year_hi and unknown_year_ok
// on the GPU exactly as year_passes() does.

#include "geo/map/point_layer.hpp"
#include "geo/scene/filter.hpp"

#include <climits>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace oko::geo {

// A layer's folded search texts end to end, prepared once per layer: a million short strings,
// each in its own allocation, cost a cache miss apiece to match; in one buffer they are read in
// order.
class SearchTexts {
public:
    SearchTexts() = default;
    // `count` points; texts missing at the end count as empty.
    SearchTexts(const std::vector<std::string>& texts, size_t count);
    size_t size() const { return m_begin.empty() ? 0 : m_begin.size() - 1; }
    std::string_view operator[](size_t i) const { return {m_chars.data() + m_begin[i], m_begin[i + 1] - m_begin[i]}; }
    // The same texts with those of `points` (in increasing order) replaced by `texts` (one each):
    // after an edit of a few points, without the layer's strings.
    SearchTexts with(const std::vector<uint32_t>& points, const std::vector<std::string>& texts) const;

private:
    std::string m_chars;
    std::vector<size_t> m_begin; // per point, and one past the last
};

// The text criterion matched over a layer. Shared read-only by the copies of a compiled filter
// (the view hands its own to the painter), so a copy costs nothing per point.
struct TextMatch {
    std::vector<std::string> words; // the criterion's folded words; never empty
    std::vector<uint8_t> mask;      // per point: 1 = its text holds every word
    std::vector<uint32_t> hits;     // the points whose mask is 1, in order
};

struct CompiledFilter {
    Filter source;                               // what this was compiled from
    std::vector<uint8_t> vendor_pass;            // per vendor index: 1 = passes the vendor criterion
    int year_lo = INT_MIN, year_hi = INT_MAX;    // a known year passes when in [year_lo, year_hi]
    bool unknown_year_ok = true;                 // a year of 0 (unknown) passes when set
    std::shared_ptr<const TextMatch> text;       // null: no text criterion, every point matches
    uint8_t statuses = Filter::kDefaultStatuses; // the statuses that pass, one bit each (status_bit())

    bool vendor_passes(size_t vendor) const { return vendor < vendor_pass.size() && vendor_pass[vendor]; }
    // `status` as PointLayerData::statuses holds it; a value that is no status fails.
    bool status_passes(uint8_t status) const { return status < kPointStatusCount && ((statuses >> status) & 1u); }
    // The C++ twin of the year test in render/gl/shaders/point_layer_vert.glsl.
    bool year_passes(int year) const { return year == 0 ? unknown_year_ok : year >= year_lo && year <= year_hi; }
    bool text_passes(size_t point) const { return !text || text->mask[point]; }
    bool passes(size_t point, size_t vendor, int year, uint8_t status) const {
        return text_passes(point) && vendor_passes(vendor) && year_passes(year) && status_passes(status);
    }
    bool passes(const PointLayerData& layer, size_t point) const {
        return passes(point, layer.vendor_index[point], layer.years[point], status_of(layer, point));
    }
    // A point's status in a layer whose statuses may be missing (all unverified).
    static uint8_t status_of(const PointLayerData& layer, size_t point) {
        return point < layer.statuses.size() ? layer.statuses[point] : uint8_t{0};
    }

    // passes() for points [0, count) given their vendor indices, years and statuses (null: all
    // unverified), one bit a point from bit 0 of word 0; on two threads for large layers.
    void pass_bits(const uint16_t* vendor_index, const int16_t* years, const uint8_t* statuses, size_t count,
                   std::vector<uint64_t>& out) const;

    // The same filter after the texts of `points` (in increasing order) changed to those `texts`
    // now holds: their text matches made again, the others' kept.
    CompiledFilter rematched(const SearchTexts& texts, const std::vector<uint32_t>& points) const;
};

// Compiles `filter` for a layer with these distinct vendors and search texts. With `previous`
// (the layer's last compiled filter), an unchanged text criterion is shared rather than matched
// again, and a text that narrows the last one (typing on) matches only the points that matched it.
CompiledFilter compile(const Filter& filter, const std::vector<std::string>& vendors, const SearchTexts& texts,
                       const CompiledFilter* previous = nullptr);
// The same for a whole layer, for one-off uses.
CompiledFilter compile(const Filter& filter, const PointLayerData& layer);

} // namespace oko::geo
