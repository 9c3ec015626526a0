#include "geo/scene/filter.hpp"

#include "geo/base/error.hpp"
#include "geo/text/text_fold.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>

namespace oko::geo {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::vector<std::string> words(std::string_view folded) {
    std::vector<std::string> out;
    std::istringstream in{std::string(folded)};
    for (std::string w; in >> w;)
        out.push_back(w);
    return out;
}

std::optional<int> parse_year(std::string_view s, const std::string& spec) {
    if (s.empty()) return std::nullopt;
    int y = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), y);
    if (ec != std::errc{} || p != s.data() + s.size() || y < 1800 || y > 2200)
        throw Error("'" + std::string(s) + "' is not a year (expected e.g. year=2018..2020)", "", 0,
                    "--filter " + spec);
    return y;
}

// "verified,unverified" or "all".
uint8_t parse_statuses(const std::string& value, const std::string& spec) {
    if (value == "all") return kAllStatuses;
    uint8_t out = 0;
    std::string item;
    std::istringstream in(value);
    while (std::getline(in, item, ',')) {
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        if (item.empty()) continue;
        const auto status = status_from_name(item);
        if (!status)
            throw Error("'" + item + "' is not a status (use unverified, verified, rejected or all)", "", 0,
                        "--filter " + spec);
        out |= status_bit(*status);
    }
    if (!out) throw Error("no status named (use unverified, verified, rejected or all)", "", 0, "--filter " + spec);
    return out;
}

} // namespace

bool Filter::is_unknown_vendor(std::string_view v) { return v.empty() || iequals(v, "unknown"); }

bool Filter::vendor_passes(std::string_view vendor) const {
    if (is_unknown_vendor(vendor)) return !has_vendor_criterion() || include_unknown;
    return vendors.empty() ||
           std::any_of(vendors.begin(), vendors.end(), [&](const std::string& v) { return iequals(v, vendor); });
}

bool Filter::year_passes(std::optional<int> year) const {
    if (!year) return !has_year_criterion() || include_unknown;
    return !(year_min && *year < *year_min) && !(year_max && *year > *year_max);
}

std::vector<std::string> Filter::text_words() const { return words(fold_for_search(text)); }

bool Filter::contains_all_words(std::string_view folded, const std::vector<std::string>& words) {
    for (const auto& w : words)
        if (folded.find(w) == std::string_view::npos) return false;
    return true;
}

bool Filter::text_passes_folded(std::string_view folded) const {
    return text.empty() || contains_all_words(folded, text_words());
}

bool Filter::matches(std::string_view vendor, std::optional<int> year, std::string_view attributes) const {
    return vendor_passes(vendor) && year_passes(year) &&
           (text.empty() || text_passes_folded(fold_for_search(attributes)));
}

Filter::Sql Filter::to_sql(std::string_view vendor_column, std::string_view year_column,
                           std::string_view folded_text_column, std::string_view status_column) const {
    Sql sql;
    std::vector<std::string> clauses;
    const std::string v(vendor_column), y(year_column), t(folded_text_column);
    const std::string vendor_unknown = "(" + v + " IS NULL OR " + v + " = '' OR lower(" + v + ") = 'unknown')";
    // As vendor_passes and year_passes: an unknown value fails a criterion on its field unless
    // include_unknown is set.
    if (!vendors.empty()) {
        std::string in = "lower(" + v + ") IN (";
        for (size_t i = 0; i < vendors.size(); ++i) {
            in += i ? ", lower(?)" : "lower(?)";
            sql.parameters.push_back(vendors[i]);
        }
        clauses.push_back(include_unknown ? "(" + vendor_unknown + " OR " + in + "))"
                                          : "(NOT " + vendor_unknown + " AND " + in + "))");
    }
    const std::string year_unknown = include_unknown ? y + " IS NULL OR " : y + " IS NOT NULL AND ";
    if (year_min) {
        clauses.push_back("(" + year_unknown + y + " >= CAST(? AS INTEGER))");
        sql.parameters.push_back(std::to_string(*year_min));
    }
    if (year_max) {
        clauses.push_back("(" + year_unknown + y + " <= CAST(? AS INTEGER))");
        sql.parameters.push_back(std::to_string(*year_max));
    }
    if (!text.empty()) {
        for (const auto& w : text_words()) {
            clauses.push_back("instr(" + t + ", ?) > 0");
            sql.parameters.push_back(w);
        }
    }
    if ((statuses & kAllStatuses) != kAllStatuses) {
        // The names are Oko's own constants.
        std::string in;
        for (int i = 0; i < kPointStatusCount; ++i)
            if (status_passes(static_cast<PointStatus>(i)))
                in += (in.empty() ? "'" : ", '") + std::string(status_name(static_cast<PointStatus>(i))) + "'";
        clauses.push_back(in.empty() ? std::string("0") : std::string(status_column) + " IN (" + in + ")");
    }
    if (clauses.empty()) {
        sql.where = "1";
    } else {
        for (size_t i = 0; i < clauses.size(); ++i)
            sql.where += (i ? " AND " : "") + clauses[i];
    }
    return sql;
}

Filter Filter::parse(const std::vector<std::string>& specs) {
    Filter f;
    for (const auto& spec : specs) {
        const auto eq = spec.find('=');
        if (eq == std::string::npos)
            throw Error("expected KEY=VALUE with KEY one of vendor, year, unknown, text, status", "", 0,
                        "--filter " + spec);
        const std::string key = spec.substr(0, eq);
        const std::string value = spec.substr(eq + 1);
        if (key == "vendor") {
            std::string item;
            std::istringstream in(value);
            while (std::getline(in, item, ',')) {
                item.erase(0, item.find_first_not_of(' '));
                item.erase(item.find_last_not_of(' ') + 1);
                if (!item.empty()) f.vendors.push_back(item);
            }
            if (f.vendors.empty()) throw Error("no vendor named", "", 0, "--filter " + spec);
        } else if (key == "year") {
            const auto dots = value.find("..");
            if (dots == std::string::npos) {
                f.year_min = f.year_max = parse_year(value, spec);
                if (!f.year_min) throw Error("no year given", "", 0, "--filter " + spec);
            } else {
                f.year_min = parse_year(std::string_view(value).substr(0, dots), spec);
                f.year_max = parse_year(std::string_view(value).substr(dots + 2), spec);
                if (f.year_min && f.year_max && *f.year_min > *f.year_max)
                    throw Error("the first year is after the last", "", 0, "--filter " + spec);
            }
        } else if (key == "unknown") {
            if (value == "include" || value == "yes")
                f.include_unknown = true;
            else if (value == "exclude" || value == "no")
                f.include_unknown = false;
            else
                throw Error("expected unknown=include or unknown=exclude", "", 0, "--filter " + spec);
        } else if (key == "text") {
            f.text = value;
        } else if (key == "status") {
            f.statuses = parse_statuses(value, spec);
        } else {
            throw Error("unknown filter '" + key + "' (use vendor, year, unknown, text or status)", "", 0,
                        "--filter " + spec);
        }
    }
    return f;
}

std::string Filter::describe() const {
    std::vector<std::string> parts;
    if (!vendors.empty()) {
        std::string s = "vendor ";
        for (size_t i = 0; i < vendors.size(); ++i)
            s += (i ? ", " : "") + vendors[i];
        parts.push_back(s);
    }
    if (year_min || year_max) {
        std::string s = "years ";
        s += year_min ? std::to_string(*year_min) : "…";
        if (year_min != year_max) s += "–" + (year_max ? std::to_string(*year_max) : std::string("…"));
        parts.push_back(s);
    }
    if (has_vendor_criterion() || has_year_criterion()) {
        const std::string which = !has_year_criterion()     ? "unknown vendors"
                                  : !has_vendor_criterion() ? "unknown years"
                                                            : "unknown vendors/years";
        parts.push_back(which + (include_unknown ? " included" : " excluded"));
    }
    if (!text.empty()) parts.push_back("“" + text + "”");
    if (statuses != kDefaultStatuses) {
        std::string s;
        for (int i = 0; i < kPointStatusCount; ++i)
            if (status_passes(static_cast<PointStatus>(i)))
                s += (s.empty() ? "" : ", ") + std::string(status_name(static_cast<PointStatus>(i)));
        parts.push_back((statuses & kAllStatuses) == kAllStatuses ? "every status" : "status " + s);
    }
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i)
        out += (i ? "; " : "") + parts[i];
    return out.empty() ? "all points" : out;
}

} // namespace oko::geo
