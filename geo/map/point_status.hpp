#pragma once
// What curation says of a report: not looked at yet, checked and confirmed, or checked and found
// wrong. Stored as its name in the project (points.status), kept in memory as one byte per point
// (PointLayerData::statuses) and filtered on by geo::Filter.

#include <cstdint>
#include <optional>
#include <string_view>

namespace oko::geo {

enum class PointStatus : uint8_t { unverified = 0, verified = 1, rejected = 2 };
constexpr int kPointStatusCount = 3;

constexpr std::string_view status_name(PointStatus s) {
    switch (s) {
    case PointStatus::unverified:
        return "unverified";
    case PointStatus::verified:
        return "verified";
    case PointStatus::rejected:
        return "rejected";
    }
    return "unverified";
}

// The status a name gives ("verified"), exactly as stored; nothing for any other text.
constexpr std::optional<PointStatus> status_from_name(std::string_view name) {
    for (int i = 0; i < kPointStatusCount; ++i)
        if (status_name(static_cast<PointStatus>(i)) == name) return static_cast<PointStatus>(i);
    return std::nullopt;
}

// A set of statuses, one bit each (bit i for PointStatus i).
constexpr uint8_t status_bit(PointStatus s) { return static_cast<uint8_t>(1u << static_cast<unsigned>(s)); }
constexpr uint8_t kAllStatuses = 0b111;

} // namespace oko::geo
