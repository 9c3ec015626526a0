#include "geo/map/reference_layer.hpp"

#include <algorithm>
#include <unordered_map>

namespace oko::geo {

std::string_view kind_name(ReferenceKind kind) { return kind == ReferenceKind::Lines ? "lines" : "areas"; }

std::optional<ReferenceKind> reference_kind_from_name(std::string_view name) {
    if (name == "lines") return ReferenceKind::Lines;
    if (name == "areas") return ReferenceKind::Areas;
    return std::nullopt;
}

std::optional<size_t> ReferenceLayerData::field_index(std::string_view field) const {
    for (size_t i = 0; i < fields.size(); ++i)
        if (fields[i] == field) return i;
    return std::nullopt;
}

std::vector<std::pair<std::string, int64_t>> ReferenceLayerData::value_counts(size_t field) const {
    std::unordered_map<std::string, int64_t> counts;
    for (const auto& row : values)
        if (field < row.size() && !row[field].empty()) ++counts[row[field]];
    std::vector<std::pair<std::string, int64_t>> out(counts.begin(), counts.end());
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    return out;
}

} // namespace oko::geo
