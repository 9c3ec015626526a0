#include "geo/scene/filter_warnings.hpp"

#include "geo/text/edit_distance.hpp"

#include "geo/text/vendor_table.hpp"

#include <algorithm>
#include <climits>
#include <optional>

namespace oko::geo {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string or_list(const std::vector<std::string>& names) {
    std::string out;
    for (size_t i = 0; i < names.size(); ++i)
        out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
    return out;
}

std::string year_range(std::optional<int> lo, std::optional<int> hi) {
    if (lo && hi && *lo == *hi) return std::to_string(*lo);
    return (lo ? std::to_string(*lo) : std::string()) + ".." + (hi ? std::to_string(*hi) : std::string());
}

std::optional<VendorTable> shipped_table() {
    try {
        return VendorTable::load(default_vendor_table_path());
    } catch (const std::exception&) {
        return std::nullopt; // the suggestions then come from the edit distance alone
    }
}

} // namespace

std::vector<std::string> nearest_names(std::string_view query, const std::vector<std::string>& names, size_t at_most) {
    const std::string q = VendorTable::key(query);
    const size_t limit = std::max<size_t>(1, q.size() / 3);
    std::vector<std::pair<size_t, size_t>> near; // distance, index
    for (size_t i = 0; i < names.size(); ++i) {
        const std::string k = VendorTable::key(names[i]);
        const size_t d = edit_distance(q, k);
        const bool prefix = !q.empty() && k.size() > q.size() && k.compare(0, q.size(), q) == 0;
        if (d <= limit || prefix) near.emplace_back(prefix ? std::min(d, limit) : d, i);
    }
    std::stable_sort(near.begin(), near.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<std::string> out;
    for (const auto& n : near)
        if (out.size() < at_most) out.push_back(names[n.second]);
    return out;
}

LayerValues layer_values(const PointLayerData& layer) {
    LayerValues out{layer.name, layer.kind, {}, {}, 1};
    for (const auto& v : layer.vendors)
        if (!Filter::is_unknown_vendor(v)) out.vendors.push_back(v);
    std::vector<bool> seen(4096, false);
    for (const int16_t y : layer.years)
        if (y > 0 && y < 4096 && !seen[static_cast<size_t>(y)]) {
            seen[static_cast<size_t>(y)] = true;
            out.years.push_back(y);
        }
    out.statuses = 0;
    for (size_t i = 0; i < layer.ids.size(); ++i)
        out.statuses |= static_cast<uint8_t>(1u << (i < layer.statuses.size() ? layer.statuses[i] : 0));
    return out;
}

LayerValues merge_layer_values(const std::vector<LayerValues>& layers) {
    LayerValues out{"", "", {}, {}, 0};
    out.statuses = 0;
    for (const auto& l : layers) {
        out.statuses |= l.statuses;
        out.name += (out.name.empty() ? "" : ", ") + l.name;
        out.kind = out.kind.empty() || out.kind == l.kind ? l.kind : "mixed";
        out.layers += l.layers;
        for (const auto& v : l.vendors)
            if (std::find(out.vendors.begin(), out.vendors.end(), v) == out.vendors.end()) out.vendors.push_back(v);
        for (const int y : l.years)
            if (std::find(out.years.begin(), out.years.end(), y) == out.years.end()) out.years.push_back(y);
    }
    return out;
}

std::vector<std::string> filter_warnings(const Filter& filter, const LayerValues& layer, const VendorTable* vendors) {
    std::vector<std::string> out;
    std::optional<VendorTable> own;
    const std::string where = (layer.layers == 1 ? "layer " : "layers ") + layer.name;
    for (const auto& wanted : filter.vendors) {
        if (wanted == Filter::kNoVendor) continue; // the window's "None": nothing, on purpose
        const auto has = [&](std::string_view name) {
            return std::any_of(layer.vendors.begin(), layer.vendors.end(),
                               [&](const std::string& v) { return iequals(v, name); });
        };
        if (Filter::is_unknown_vendor(wanted)) {
            out.push_back("vendor '" + wanted + "' names no vendor; points of unknown vendor pass a vendor filter " +
                          "with --filter unknown=include");
            continue;
        }
        if (has(wanted)) continue;
        std::string line = "no vendor '" + wanted + "' in " + where;
        if (!vendors && !own) {
            own = shipped_table();
            if (own) vendors = &*own;
        }
        std::vector<std::string> near;
        if (vendors) {
            const std::string canonical = vendors->canonical(wanted);
            for (const auto& v : layer.vendors)
                if (!canonical.empty() && iequals(v, canonical)) near.push_back(v);
        }
        for (auto& n : nearest_names(wanted, layer.vendors))
            if (std::find(near.begin(), near.end(), n) == near.end()) near.push_back(std::move(n));
        if (near.size() > 3) near.resize(3);
        if (layer.vendors.empty()) {
            line += layer.layers == 1 ? "; it has no point of known vendor" : "; they have no point of known vendor";
        } else if (!near.empty()) {
            line += "; did you mean " + or_list(near) + "?";
        } else {
            std::vector<std::string> some(layer.vendors.begin(),
                                          layer.vendors.begin() + std::min<size_t>(layer.vendors.size(), 8));
            std::string list;
            for (const auto& s : some)
                list += (list.empty() ? "" : ", ") + s;
            if (layer.vendors.size() > some.size())
                list += " and " + std::to_string(layer.vendors.size() - some.size()) + " more";
            line += "; its vendors are " + list;
        }
        out.push_back(line);
    }
    if (filter.has_year_criterion()) {
        const int lo = filter.year_min.value_or(INT_MIN), hi = filter.year_max.value_or(INT_MAX);
        const bool any = std::any_of(layer.years.begin(), layer.years.end(), [&](int y) { return y >= lo && y <= hi; });
        if (!any) {
            const std::string noun = layer.kind == "sites" ? "site" : layer.kind == "mixed" ? "point" : "camera";
            std::string line =
                "no " + noun + " in " + where + " has a year in " + year_range(filter.year_min, filter.year_max);
            if (layer.years.empty()) {
                line += "; none of its years is known";
            } else {
                const auto [first, last] = std::minmax_element(layer.years.begin(), layer.years.end());
                line += "; its years are " + year_range(*first, *last);
            }
            out.push_back(line);
        }
    }
    // Statuses no point of the layer has: a filter on them counts nothing.
    if (layer.statuses != 0 && (filter.statuses & layer.statuses) == 0) {
        const std::string noun = layer.kind == "sites" ? "site" : layer.kind == "mixed" ? "point" : "camera";
        const auto names = [](uint8_t bits) {
            std::vector<std::string> out;
            for (int i = 0; i < kPointStatusCount; ++i)
                if (bits & status_bit(static_cast<PointStatus>(i)))
                    out.emplace_back(status_name(static_cast<PointStatus>(i)));
            return out;
        };
        std::string theirs;
        for (const auto& n : names(layer.statuses))
            theirs += (theirs.empty() ? "" : ", ") + n;
        out.push_back("no " + noun + " in " + where + " is " + or_list(names(filter.statuses)) + "; " +
                      (layer.layers == 1 ? "its" : "their") + " statuses are " + theirs);
    }
    return out;
}

} // namespace oko::geo
