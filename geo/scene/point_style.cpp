#include "geo/scene/point_style.hpp"

#include <algorithm>
#include <array>

namespace oko::geo {

std::string_view symbol_name(PointSymbol s) {
    switch (s) {
    case PointSymbol::Disc:
        return "disc";
    case PointSymbol::Square:
        return "square";
    case PointSymbol::Diamond:
        return "diamond";
    case PointSymbol::Triangle:
        return "triangle";
    }
    return "disc";
}

PointLayerStyle default_point_style(std::string_view kind, bool vendors_known) {
    PointLayerStyle s;
    if (!vendors_known) {
        // Colour by vendor would make every point the grey of "unknown", which vanishes among
        // the buildings: one dark colour that no vendor has stands out instead.
        s.colour_by_vendor = false;
        s.colour = {34, 34, 34, 255};
    }
    if (kind == "sites") {
        // Programmes and facilities: fewer, larger, and not a camera.
        s.symbol = PointSymbol::Diamond;
        s.radius_px = 7.0f;
    }
    return s;
}

Rgba vendor_colour(size_t rank, bool unknown) {
    // Okabe & Ito (2008), ordered so the most frequent vendors get the most distinct colours;
    // vermillion first: in Serbian data that is usually Huawei.
    static constexpr std::array<Rgba, kDistinctVendorColours> palette{{
        {213, 94, 0, 255},    // vermillion
        {0, 114, 178, 255},   // blue
        {230, 159, 0, 255},   // orange
        {0, 158, 115, 255},   // bluish green
        {204, 121, 167, 255}, // reddish purple
        {86, 180, 233, 255},  // sky blue
        {240, 228, 66, 255},  // yellow
    }};
    if (unknown) return {150, 150, 150, 255};
    if (rank < palette.size()) return palette[rank];
    return {90, 90, 90, 255}; // other vendors
}

VendorPalette::VendorPalette(const std::vector<std::pair<std::string, int64_t>>& vendor_counts) {
    std::vector<std::pair<std::string, int64_t>> totals;
    // Not a structured binding: clang before 16 cannot capture one in the lambda.
    for (const auto& vendor_count : vendor_counts) {
        const auto& [v, n] = vendor_count;
        if (Filter::is_unknown_vendor(v)) continue;
        auto it =
            std::find_if(totals.begin(), totals.end(), [&](const auto& t) { return t.first == vendor_count.first; });
        if (it == totals.end())
            totals.emplace_back(v, n);
        else
            it->second += n;
    }
    std::stable_sort(totals.begin(), totals.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [v, n] : totals)
        m_ranked.push_back(v);
}

Rgba VendorPalette::colour(const std::string& vendor) const {
    if (Filter::is_unknown_vendor(vendor)) return vendor_colour(0, true);
    const auto it = std::find(m_ranked.begin(), m_ranked.end(), vendor);
    return vendor_colour(it == m_ranked.end() ? kDistinctVendorColours : static_cast<size_t>(it - m_ranked.begin()),
                         false);
}

std::vector<Rgba> VendorPalette::colours(const std::vector<std::string>& vendors) const {
    std::vector<Rgba> out;
    for (const auto& v : vendors)
        out.push_back(colour(v));
    return out;
}

} // namespace oko::geo
