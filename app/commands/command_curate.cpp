#include "app/commands/commands.hpp"

#include "app/commands/json_shape.hpp"
#include "app/project/settings.hpp"

#include "geo/base/error.hpp"
#include "geo/store/curation.hpp"
#include "geo/store/store.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace oko::app {

namespace {

// "12": a point id, as the user gave it to `option`.
int64_t parse_id(const std::string& text, const std::string& option) {
    int64_t id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || id < 1)
        throw geo::Error("'" + text + "' is not a point id (a whole number from 1, as oko history and the window show)",
                         "", 0, option);
    return id;
}

// Ids separated by commas, spaces or new lines.
std::vector<int64_t> parse_ids(const std::string& text, const std::string& option) {
    std::vector<int64_t> out;
    std::string item;
    for (const char c : text + ",") {
        if (c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            if (!item.empty()) out.push_back(parse_id(item, option));
            item.clear();
        } else {
            item += c;
        }
    }
    return out;
}

// "19.8451,45.2551".
geo::LonLat parse_lon_lat(const std::string& text, const std::string& option) {
    const auto comma = text.find(',');
    double v[2] = {0, 0};
    bool ok = comma != std::string::npos;
    for (int i = 0; ok && i < 2; ++i) {
        std::string part = i == 0 ? text.substr(0, comma) : text.substr(comma + 1);
        part.erase(0, part.find_first_not_of(' '));
        part.erase(part.find_last_not_of(' ') + 1);
        const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), v[i]);
        ok = !part.empty() && ec == std::errc{} && end == part.data() + part.size();
    }
    if (!ok)
        throw geo::Error("expected LON,LAT in decimal degrees, e.g. 19.8451,45.2551, got '" + text + "'", "", 0,
                         option);
    return {v[0], v[1]};
}

geo::FieldValues parse_sets(const std::vector<std::string>& sets) {
    geo::FieldValues out;
    for (const auto& s : sets) {
        const auto eq = s.find('=');
        if (eq == std::string::npos || eq == 0)
            throw geo::Error("expected FIELD=VALUE, e.g. vendor=Hikvision or year=2019, got '" + s + "'", "", 0,
                             "--set");
        out.emplace_back(s.substr(0, eq), s.substr(eq + 1));
    }
    return out;
}

nlohmann::json optional_text(const std::optional<std::string>& s) { return s ? nlohmann::json(*s) : nlohmann::json(); }

nlohmann::json change_json(const geo::CurationChange& c) {
    return {{"change_set", c.change_set},
            {"layer", c.layer},
            {"point", c.point},
            {"field", c.field},
            {"old", optional_text(c.old_value)},
            {"new", optional_text(c.new_value)},
            {"who", c.who},
            {"at", c.at},
            {"undone", c.undone}};
}

// One line of the history table.
std::string change_line(const geo::CurationChange& c) {
    std::ostringstream out;
    out << c.change_set << "  " << c.at << "  " << c.who << "  " << c.layer << "  #" << c.point << "  " << c.field
        << ": " << (c.old_value ? *c.old_value : "(none)") << " → " << (c.new_value ? *c.new_value : "(none)")
        << (c.undone ? "  (undone)" : "");
    return out.str();
}

nlohmann::json text_or_null(const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); }

nlohmann::json report_json(const geo::CameraReport& r) {
    return {{"point", r.point},
            {"source_file", text_or_null(r.source_file)},
            {"sha256", text_or_null(r.sha256)},
            {"source_row", r.source_file.empty() ? nlohmann::json() : nlohmann::json(r.source_row)},
            {"imported_at", text_or_null(r.imported_at)},
            {"added_by", text_or_null(r.added_by)},
            {"added_at", text_or_null(r.added_at)},
            {"merged", r.merged}};
}

// Each of `items` as `to_json` gives it, for --json.
template <class T, class ToJson> nlohmann::json json_array(const std::vector<T>& items, ToJson to_json) {
    auto out = nlohmann::json::array();
    for (const auto& item : items)
        out.push_back(to_json(item));
    return out;
}

// "camera 12: 3 reports", then each with its provenance.
void print_reports(const std::vector<geo::CameraReport>& reports) {
    if (reports.empty()) return;
    std::cout << "camera " << reports.front().point << ": " << reports.size()
              << (reports.size() == 1 ? " report\n" : " reports\n");
    for (const auto& r : reports)
        std::cout << "  #" << r.point << "  " << geo::report_text(r)
                  << (r.source_file.empty() ? ""
                                            : ", imported " + r.imported_at + ", SHA-256 " + r.sha256.substr(0, 12))
                  << "\n";
}

std::vector<int64_t> ids_of(const CurateOptions& o) {
    std::vector<int64_t> ids = o.id;
    if (!o.ids.empty()) {
        const auto more = parse_ids(o.ids, "--ids");
        if (more.empty()) throw geo::Error("no id given", "", 0, "--ids");
        ids.insert(ids.end(), more.begin(), more.end());
    }
    if (!o.ids_file.empty()) {
        std::ifstream in(o.ids_file, std::ios::binary);
        if (!in) throw geo::Error("cannot read the file of ids", o.ids_file.string(), 0, "--ids-file");
        std::stringstream text;
        text << in.rdbuf();
        const auto more = parse_ids(text.str(), "--ids-file");
        if (more.empty()) throw geo::Error("the file holds no id", o.ids_file.string(), 0, "--ids-file");
        ids.insert(ids.end(), more.begin(), more.end());
    }
    return ids;
}

// `oko duplicates`: the groups geo::flagged_duplicate_groups() finds, as the window's duplicates
// panel lists them, with the ids ready for `oko merge --ids` or `oko distinct --ids`.
int print_duplicates(const CurateOptions& o) {
    const auto store = geo::Store::open(o.store);
    const auto groups = geo::flagged_duplicate_groups(store, o.layer);
    size_t reports = 0;
    for (const auto& g : groups)
        reports += g.points.size();
    const auto id_list = [](const geo::DuplicateGroup& g) {
        std::string s;
        for (const auto& [id, metres] : g.points)
            s += (s.empty() ? "" : ",") + std::to_string(id);
        return s;
    };
    if (o.json) {
        auto arr = nlohmann::json::array();
        for (const auto& g : groups) {
            auto ids = nlohmann::json::array();
            auto points = nlohmann::json::array();
            for (size_t i = 0; i < g.points.size(); ++i) {
                ids.push_back(g.points[i].first);
                points.push_back({{"id", g.points[i].first},
                                  {"metres", g.points[i].second},
                                  {"vendor", text_or_null(g.vendors[i])}});
            }
            arr.push_back({{"ids", ids}, {"vendors", text_or_null(g.known_vendors())}, {"points", points}});
        }
        std::cout << conform({{"store", o.store.string()}, {"layer", o.layer}, {"reports", reports}, {"groups", arr}},
                             duplicates_shape())
                         .dump(2)
                  << "\n";
        return 0;
    }
    if (groups.empty()) {
        std::cout << "no duplicates flagged in layer '" << o.layer << "' (or every one merged or marked distinct)\n";
        return 0;
    }
    std::cout << groups.size() << (groups.size() == 1 ? " place" : " places") << " in layer '" << o.layer
              << "' reported more than once (" << reports << " reports)\n";
    for (const auto& g : groups) {
        std::string line = "  " + id_list(g) + "  (";
        for (size_t i = 1; i < g.points.size(); ++i) {
            char metres[32];
            std::snprintf(metres, sizeof metres, "%.1f m", g.points[i].second);
            line += (i > 1 ? ", " : "") + std::to_string(g.points[i].first) + " at " + metres;
        }
        line += " from " + std::to_string(g.points.front().first) + ")";
        if (const auto v = g.known_vendors(); !v.empty()) line += "  " + v;
        std::cout << line << "\n";
    }
    const std::string args = " --store " + o.store.string() + " --layer " + o.layer + " --ids A,B,...";
    std::cout << "one camera: oko merge" << args << "\ndifferent cameras: oko distinct" << args << "\n";
    return 0;
}

} // namespace

int run_curate(const CurateOptions& o) {
    const std::string name = "oko " + o.command;
    try {
        const std::string who = o.who.empty() ? curator_name() : o.who;
        if (o.command == "history") {
            const auto store = geo::Store::open(o.store);
            auto changes = geo::curation_history(store, o.layer);
            // One camera: its reports, and the changes to any of them.
            std::vector<geo::CameraReport> reports;
            if (!o.id.empty()) {
                if (o.id.size() > 1) throw geo::Error("history takes one id (--id N)", "", 0, "--id");
                if (o.layer.empty()) throw geo::Error("--id needs the point's layer (--layer L)", "", 0, "--layer");
                reports = geo::camera_reports(store, o.layer, o.id.front());
                std::erase_if(changes, [&](const geo::CurationChange& c) {
                    return std::none_of(reports.begin(), reports.end(),
                                        [&](const geo::CameraReport& r) { return r.point == c.point; });
                });
            }
            if (o.json) {
                const auto arr = json_array(changes, change_json);
                const auto reps = json_array(reports, report_json);
                std::cout << conform({{"store", o.store.string()},
                                      {"layer", o.layer.empty() ? nlohmann::json() : nlohmann::json(o.layer)},
                                      {"id", o.id.empty() ? nlohmann::json() : nlohmann::json(o.id.front())},
                                      {"reports", reps},
                                      {"changes", arr}},
                                     history_shape())
                                 .dump(2)
                          << "\n";
                return 0;
            }
            print_reports(reports);
            if (changes.empty()) {
                std::cout << "no changes" << (o.layer.empty() ? "" : " in layer '" + o.layer + "'") << "\n";
                return 0;
            }
            std::cout << "set  when  who  layer  point  field: old → new\n";
            for (const auto& c : changes)
                std::cout << change_line(c) << "\n";
            return 0;
        }

        if (o.command == "duplicates") return print_duplicates(o);

        auto store = geo::Store::open(o.store, true);
        geo::StoreCuration curation(store, who);
        std::optional<int64_t> change_set;
        std::vector<int64_t> ids;
        std::optional<int64_t> added;
        std::vector<geo::CameraReport> reports;
        if (o.command == "edit") {
            ids = ids_of(o);
            geo::PointEdit edit;
            edit.fields = parse_sets(o.sets);
            if (!o.status.empty()) {
                edit.status = geo::status_from_name(o.status);
                if (!edit.status)
                    throw geo::Error("'" + o.status + "' is not a status (use unverified, verified or rejected)", "", 0,
                                     "--status");
            }
            edit.note = o.note;
            if (!o.move.empty()) edit.position = parse_lon_lat(o.move, "--move");
            const int64_t set = curation.edit(o.layer, ids, edit);
            if (set) change_set = set;
        } else if (o.command == "add") {
            int64_t id = 0;
            change_set = curation.add(o.layer, parse_lon_lat(o.at, "--at"), parse_sets(o.sets), id);
            added = id;
            ids = {id};
        } else if (o.command == "delete") {
            ids = ids_of(o);
            if (ids.size() != 1) throw geo::Error("delete takes one id (--id N)", "", 0, "--id");
            change_set = curation.remove(o.layer, ids.front());
        } else if (o.command == "merge") {
            ids = ids_of(o);
            change_set = curation.merge(o.layer, ids);
            reports = curation.reports(o.layer, *std::min_element(ids.begin(), ids.end()));
        } else if (o.command == "distinct") {
            ids = ids_of(o);
            change_set = curation.mark_distinct(o.layer, ids);
        } else if (o.command == "revert") {
            const int64_t set = curation.revert(o.change);
            if (set) change_set = set;
        } else if (o.command == "undo") {
            change_set = curation.undo();
        } else if (o.command == "redo") {
            change_set = curation.redo();
        }
        const auto changes =
            change_set ? geo::curation_history(store, {}, *change_set) : std::vector<geo::CurationChange>{};
        if (o.command == "revert") // the points it changed
            for (const auto& c : changes)
                if (std::find(ids.begin(), ids.end(), c.point) == ids.end()) ids.push_back(c.point);
        if (o.json) {
            const auto arr = json_array(changes, change_json);
            const auto reps = json_array(reports, report_json);
            std::cout << conform({{"command", o.command},
                                  {"store", o.store.string()},
                                  {"change_set", change_set ? nlohmann::json(*change_set) : nlohmann::json()},
                                  {"layer", o.layer.empty() ? nlohmann::json() : nlohmann::json(o.layer)},
                                  {"ids", ids},
                                  {"id", added ? nlohmann::json(*added) : nlohmann::json()},
                                  {"changes", arr},
                                  {"reports", reps}},
                                 curation_shape())
                             .dump(2)
                      << "\n";
            return 0;
        }
        if (o.command == "add") {
            std::cout << *added << "\n"; // the new camera's id, for scripts
            return 0;
        }
        if (!change_set) {
            std::cout << (o.command == "undo"   ? "nothing to undo"
                          : o.command == "redo" ? "nothing to redo"
                                                : "nothing changed: every value was already so")
                      << "\n";
            return 0;
        }
        if (o.command == "revert") std::cout << "reverted change set " << o.change << ": ";
        std::cout << (o.command == "undo"   ? "undid"
                      : o.command == "redo" ? "redid"
                                            : "recorded")
                  << " change set " << *change_set << "\n";
        for (const auto& c : changes)
            std::cout << "  " << change_line(c) << "\n";
        print_reports(reports);
        return 0;
    } catch (const std::exception& e) {
        return report_failure(name, e);
    }
}

} // namespace oko::app
