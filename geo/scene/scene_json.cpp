#include "geo/scene/scene_json.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <numbers>
#include <random>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "geo/base/atomic_file.hpp"
#include "geo/base/error.hpp"
#include "geo/base/input_checks.hpp"
#include "geo/base/limits.hpp"
#include "geo/base/mercator.hpp"
#include "geo/scene/scene_merge.hpp"

namespace oko::geo {

namespace {

using nlohmann::json;
// Written with keys in the order a person reads them (nlohmann::json would sort them).
using ojson = nlohmann::ordered_json;

// ---- writing ----

// A float as the shortest decimal that reads back to the same float: 0.7f is written "0.7",
// not "0.699999988079071", so hand-edited files stay readable and the round trip stays exact.
double shortest(float f) {
    char buf[32];
    const auto end = std::to_chars(buf, buf + sizeof(buf), f).ptr;
    return std::strtod(std::string(buf, end).c_str(), nullptr);
}

uint8_t to_byte(float v) { return static_cast<uint8_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)); }

std::string hex(uint8_t r, uint8_t g, uint8_t b, uint8_t a) {
    static const char* digits = "0123456789abcdef";
    std::string s = "#";
    const uint8_t v[4] = {r, g, b, a};
    for (int i = 0; i < (a == 255 ? 3 : 4); ++i) {
        s += digits[v[i] >> 4];
        s += digits[v[i] & 15];
    }
    return s;
}

std::string hex(const Colour& c) { return hex(to_byte(c.r), to_byte(c.g), to_byte(c.b), to_byte(c.a)); }
std::string hex(const Rgba& c) { return hex(c.r, c.g, c.b, c.a); }

ojson line_json(const LineStyle& l) {
    return {{"enabled", l.enabled}, {"colour", hex(l.colour)},    {"metres", l.metres},          {"min_px", l.min_px},
            {"max_px", l.max_px},   {"dash_on_px", l.dash_on_px}, {"dash_off_px", l.dash_off_px}};
}

ojson symbol_json(const ReferenceSymbol& s) {
    return {{"fill", s.fill},
            {"fill_colour", hex(s.fill_colour)},
            {"line", line_json(s.line)},
            {"casing", line_json(s.casing)},
            {"order", s.order}};
}

ojson reference_json(const ReferenceLayerSpec& spec) {
    const auto& st = spec.style;
    ojson categories = ojson::array();
    for (const auto& c : st.categories)
        categories.push_back(
            {{"value", c.value}, {"count", c.count}, {"visible", c.visible}, {"symbol", symbol_json(c.symbol)}});
    return {{"name", spec.name},
            {"kind", std::string(kind_name(spec.kind))},
            {"style",
             {{"visible", st.visible},
              {"opacity", shortest(st.opacity)},
              {"symbol", symbol_json(st.symbol)},
              {"category_field", st.category_field},
              {"categories", categories},
              {"show_other", st.show_other},
              {"label_field", st.label_field}}}};
}

ojson display_json(const PointDisplaySpec& d) {
    const auto& h = d.heatmap;
    const auto& b = d.bins;
    const auto& c = d.choropleth;
    const auto& v = d.coverage;
    return {{"kind", std::string(display_name(d.kind))},
            {"legend", d.legend},
            {"heatmap",
             {{"kernel", std::string(kernel_name(h.kernel.kernel))},
              {"radius_m", h.kernel.radius_m},
              {"weight_field", h.weight_field},
              {"ramp", std::string(ramp_name(h.ramp))},
              {"opacity", shortest(h.opacity)},
              {"scale_max", h.scale_max > 0 ? ojson(h.scale_max) : ojson()}}},
            {"bins",
             {{"shape", std::string(cell_shape_name(b.cells.shape))},
              {"size_m", b.cells.size_m},
              {"classes", b.classes},
              {"method", std::string(class_method_name(b.method))},
              {"ramp", std::string(ramp_name(b.ramp))},
              {"opacity", shortest(b.opacity)}}},
            {"choropleth",
             {{"admin_level", c.admin_level > 0 ? ojson(c.admin_level) : ojson()},
              {"boundary_layer", c.boundary_layer},
              {"boundary_name", c.boundary_name},
              {"classes", c.classes},
              {"method", std::string(class_method_name(c.method))},
              {"ramp", std::string(ramp_name(c.ramp))},
              {"opacity", shortest(c.opacity)}}},
            {"coverage",
             {{"radius_m", v.radius_m},
              {"streets", v.streets},
              {"sector_deg", v.sector_deg > 0 ? ojson(v.sector_deg) : ojson()},
              {"colour", hex(v.colour)},
              {"width_px", shortest(v.width_px)}}}};
}

// The statuses a filter keeps, by name, in PointStatus order.
ojson status_names(uint8_t statuses) {
    ojson out = ojson::array();
    for (int i = 0; i < kPointStatusCount; ++i)
        if (statuses & status_bit(static_cast<PointStatus>(i)))
            out.push_back(std::string(status_name(static_cast<PointStatus>(i))));
    return out;
}

ojson point_json(const PointLayerSpec& spec) {
    const auto& st = spec.style;
    const auto& f = spec.filter;
    return {{"name", spec.name},
            {"kind", spec.kind},
            {"style",
             {{"visible", st.visible},
              {"opacity", shortest(st.opacity)},
              {"radius_px", shortest(st.radius_px)},
              {"symbol", std::string(symbol_name(st.symbol))},
              {"colour_by_vendor", st.colour_by_vendor},
              {"colour", hex(st.colour)}}},
            {"filter",
             {{"vendors", f.vendors},
              {"year_min", f.year_min ? ojson(*f.year_min) : ojson()},
              {"year_max", f.year_max ? ojson(*f.year_max) : ojson()},
              {"include_unknown", f.include_unknown},
              {"text", f.text},
              {"statuses", status_names(f.statuses)}}},
            {"display", display_json(spec.display)}};
}

ojson furniture_json(const Furniture& f) {
    ojson places;
    for (size_t i = 0; i < kFurnitureElements; ++i) {
        const auto e = static_cast<FurnitureElement>(i);
        places[std::string(element_name(e))] = {{"shown", f[e].shown},
                                                {"corner", std::string(corner_name(f[e].corner))}};
    }
    return {{"title", f.title}, {"subtitle", f.subtitle}, {"note", f.note}, {"places", places}};
}

// ---- reading ----

// Reads one document, keeping the file name for errors; `path` is the field path so far.
class Reader {
public:
    explicit Reader(std::string file) : m_file(std::move(file)) {}

    [[noreturn]] void fail(const std::string& path, const std::string& what) const {
        throw Error(what, m_file, 0, excerpt(path, 200));
    }

    static std::string at(const std::string& path, const std::string& key) {
        return path.empty() ? key : path + "." + key;
    }
    static std::string at(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

    // An object whose keys are all among `allowed`.
    const json& object(const json& j, const std::string& path, std::initializer_list<const char*> allowed) const {
        if (!j.is_object()) fail(path, "expected an object");
        for (const auto& item : j.items()) {
            const std::string& key = item.key();
            if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; }) != allowed.end())
                continue;
            std::string known;
            for (const char* a : allowed)
                known += (known.empty() ? "" : ", ") + std::string(a);
            fail(at(path, key), "unknown key (expected one of: " + known + ")");
        }
        return j;
    }

    const json& array(const json& j, const std::string& path) const {
        if (!j.is_array()) fail(path, "expected an array");
        return j;
    }

    // Each reads the key into `out` when present and returns whether it was.
    bool boolean(const json& obj, const std::string& path, const char* key, bool& out) const {
        const auto it = obj.find(key);
        if (it == obj.end()) return false;
        if (!it->is_boolean()) fail(at(path, key), "expected true or false");
        out = it->get<bool>();
        return true;
    }

    bool string(const json& obj, const std::string& path, const char* key, std::string& out) const {
        const auto it = obj.find(key);
        if (it == obj.end()) return false;
        if (!it->is_string()) fail(at(path, key), "expected a string");
        out = it->get<std::string>();
        return true;
    }

    bool number(const json& obj, const std::string& path, const char* key, double& out, double min, double max) const {
        const auto it = obj.find(key);
        if (it == obj.end()) return false;
        if (!it->is_number()) fail(at(path, key), "expected a number");
        const double v = it->get<double>();
        if (!(v >= min && v <= max))
            fail(at(path, key),
                 "expected a number from " + text(min) + " to " + text(max) + ", got " + excerpt(it->dump()));
        out = v;
        return true;
    }

    bool number(const json& obj, const std::string& path, const char* key, float& out, double min, double max) const {
        double v = out;
        if (!number(obj, path, key, v, min, max)) return false;
        out = static_cast<float>(v);
        return true;
    }

    template <class Int>
    bool integer(const json& obj, const std::string& path, const char* key, Int& out, int64_t min, int64_t max) const {
        const auto it = obj.find(key);
        if (it == obj.end()) return false;
        if (!it->is_number_integer()) fail(at(path, key), "expected a whole number");
        const auto v = it->get<int64_t>();
        if (it->is_number_unsigned() && it->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
            fail(at(path, key), "number out of range");
        if (v < min || v > max)
            fail(at(path, key), "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max));
        out = static_cast<Int>(v);
        return true;
    }

    bool colour(const json& obj, const std::string& path, const char* key, Colour& out) const {
        const auto it = obj.find(key);
        if (it == obj.end()) return false;
        if (!it->is_string()) fail(at(path, key), "expected \"#rrggbb\" or \"#rrggbbaa\"");
        // The colour it had, when written the same: styles made in code (a fill at 0.3 alpha)
        // are not on the 8-bit grid, and a scene saved unchanged must draw exactly as before.
        if (hex(out) == it->get<std::string>()) return true;
        try {
            out = Colour::hex(it->get<std::string>());
        } catch (const Error&) {
            fail(at(path, key), "expected \"#rrggbb\" or \"#rrggbbaa\", got " + excerpt(it->dump()));
        }
        return true;
    }

    const std::string& file() const { return m_file; }

private:
    static std::string text(double v) {
        std::ostringstream s;
        s << v;
        return s.str();
    }

    std::string m_file;
};

void read_line(const Reader& r, const json& j, const std::string& path, LineStyle& l) {
    r.object(j, path, {"enabled", "colour", "metres", "min_px", "max_px", "dash_on_px", "dash_off_px"});
    r.boolean(j, path, "enabled", l.enabled);
    r.colour(j, path, "colour", l.colour);
    r.number(j, path, "metres", l.metres, 0, 1e6);
    r.number(j, path, "min_px", l.min_px, 0, 1e4);
    r.number(j, path, "max_px", l.max_px, 0, 1e4);
    r.number(j, path, "dash_on_px", l.dash_on_px, 0, 1e4);
    r.number(j, path, "dash_off_px", l.dash_off_px, 0, 1e4);
}

void read_symbol(const Reader& r, const json& j, const std::string& path, ReferenceSymbol& s) {
    r.object(j, path, {"fill", "fill_colour", "line", "casing", "order"});
    r.boolean(j, path, "fill", s.fill);
    r.colour(j, path, "fill_colour", s.fill_colour);
    if (j.contains("line")) read_line(r, j["line"], Reader::at(path, "line"), s.line);
    if (j.contains("casing")) read_line(r, j["casing"], Reader::at(path, "casing"), s.casing);
    r.integer(j, path, "order", s.order, INT32_MIN, INT32_MAX);
}

void read_reference_style(const Reader& r, const json& j, const std::string& path, ReferenceStyle& st) {
    r.object(j, path, {"visible", "opacity", "symbol", "category_field", "categories", "show_other", "label_field"});
    r.boolean(j, path, "visible", st.visible);
    r.number(j, path, "opacity", st.opacity, 0, 1);
    if (j.contains("symbol")) read_symbol(r, j["symbol"], Reader::at(path, "symbol"), st.symbol);
    r.string(j, path, "category_field", st.category_field);
    if (j.contains("categories")) {
        const auto cpath = Reader::at(path, "categories");
        std::vector<ReferenceCategory> categories;
        for (size_t i = 0; i < r.array(j["categories"], cpath).size(); ++i) {
            const auto& cj = j["categories"][i];
            const auto p = Reader::at(cpath, i);
            r.object(cj, p, {"value", "count", "visible", "symbol"});
            std::string value;
            if (!r.string(cj, p, "value", value))
                r.fail(Reader::at(p, "value"), "missing: a category needs the value it styles");
            for (const auto& c : categories)
                if (c.value == value)
                    r.fail(Reader::at(p, "value"), "the value \"" + excerpt(value) + "\" has a category already");
            // A category the layer already has keeps what the scene leaves out; a new one starts
            // from the layer's own symbol.
            const auto known = std::find_if(st.categories.begin(), st.categories.end(),
                                            [&](const ReferenceCategory& c) { return c.value == value; });
            ReferenceCategory c = known != st.categories.end() ? *known : ReferenceCategory{value, 0, st.symbol, true};
            // The count is the data's, not the style's: a layer that has grown since keeps its own.
            int64_t count = 0;
            if (r.integer(cj, p, "count", count, 0, INT64_MAX) && known == st.categories.end()) c.count = count;
            r.boolean(cj, p, "visible", c.visible);
            if (cj.contains("symbol")) read_symbol(r, cj["symbol"], Reader::at(p, "symbol"), c.symbol);
            categories.push_back(std::move(c));
        }
        st.categories = std::move(categories);
    }
    r.boolean(j, path, "show_other", st.show_other);
    r.string(j, path, "label_field", st.label_field);
}

ReferenceLayerSpec read_reference_layer(const Reader& r, const json& j, const std::string& path,
                                        const ReferenceLayerSpec* base) {
    r.object(j, path, {"name", "kind", "style"});
    ReferenceLayerSpec spec;
    std::string kind;
    if (r.string(j, path, "kind", kind) && !reference_kind_from_name(kind))
        r.fail(Reader::at(path, "kind"), "expected \"lines\" or \"areas\", got \"" + excerpt(kind) + "\"");
    if (base) {
        spec = *base; // the project knows the layer's kind
    } else {
        if (!kind.empty()) spec.kind = *reference_kind_from_name(kind);
        spec.style = single_symbol_style(spec.kind);
    }
    r.string(j, path, "name", spec.name);
    if (j.contains("style")) read_reference_style(r, j["style"], Reader::at(path, "style"), spec.style);
    return spec;
}

void read_filter(const Reader& r, const json& j, const std::string& path, Filter& f) {
    r.object(j, path, {"vendors", "year_min", "year_max", "include_unknown", "text", "statuses"});
    if (j.contains("vendors")) {
        const auto vpath = Reader::at(path, "vendors");
        f.vendors.clear();
        for (size_t i = 0; i < r.array(j["vendors"], vpath).size(); ++i) {
            if (!j["vendors"][i].is_string()) r.fail(Reader::at(vpath, i), "expected a string");
            f.vendors.push_back(j["vendors"][i].get<std::string>());
        }
    }
    for (const auto& [key, year] : {std::pair{"year_min", &f.year_min}, std::pair{"year_max", &f.year_max}}) {
        if (!j.contains(key)) continue;
        if (j[key].is_null()) {
            year->reset();
            continue;
        }
        int y = 0;
        r.integer(j, path, key, y, -9999, 9999);
        *year = y;
    }
    if (f.year_min && f.year_max && *f.year_min > *f.year_max)
        r.fail(Reader::at(path, "year_min"), "the year range starts after it ends");
    r.boolean(j, path, "include_unknown", f.include_unknown);
    r.string(j, path, "text", f.text);
    // A scene from before curation has no statuses: the default (every status but rejected).
    if (j.contains("statuses")) {
        const auto spath = Reader::at(path, "statuses");
        uint8_t statuses = 0;
        for (size_t i = 0; i < r.array(j["statuses"], spath).size(); ++i) {
            const auto& v = j["statuses"][i];
            const auto status = v.is_string() ? status_from_name(v.get<std::string>()) : std::nullopt;
            if (!status) r.fail(Reader::at(spath, i), "expected one of \"unverified\", \"verified\", \"rejected\"");
            statuses |= status_bit(*status);
        }
        if (!statuses) r.fail(spath, "no status named: a filter keeps at least one");
        f.statuses = statuses;
    }
}

void read_point_style(const Reader& r, const json& j, const std::string& path, PointLayerStyle& st) {
    r.object(j, path, {"visible", "opacity", "radius_px", "symbol", "colour_by_vendor", "colour"});
    r.boolean(j, path, "visible", st.visible);
    r.number(j, path, "opacity", st.opacity, 0, 1);
    r.number(j, path, "radius_px", st.radius_px, 0.1, 256);
    std::string symbol;
    if (r.string(j, path, "symbol", symbol)) {
        bool found = false;
        for (const auto s : {PointSymbol::Disc, PointSymbol::Square, PointSymbol::Diamond, PointSymbol::Triangle})
            if (symbol_name(s) == symbol) {
                st.symbol = s;
                found = true;
            }
        if (!found)
            r.fail(Reader::at(path, "symbol"),
                   "expected disc, square, diamond or triangle, got \"" + excerpt(symbol) + "\"");
    }
    r.boolean(j, path, "colour_by_vendor", st.colour_by_vendor);
    Colour c;
    if (r.colour(j, path, "colour", c)) st.colour = c.rgba();
}

// A name among a type's names (`name_of`), or an error listing them.
template <class T, class Parse, class Name>
void read_choice(const Reader& r, const json& j, const std::string& path, const char* key, T& out,
                 std::initializer_list<T> all, Parse parse, Name name_of) {
    std::string text;
    if (!r.string(j, path, key, text)) return;
    if (const auto v = parse(text)) {
        out = *v;
        return;
    }
    std::string names;
    for (const T v : all)
        names += (names.empty() ? "" : ", ") + std::string(name_of(v));
    r.fail(Reader::at(path, key), "expected one of " + names + ", got \"" + excerpt(text) + "\"");
}

void read_ramp(const Reader& r, const json& j, const std::string& path, ColourRamp& ramp) {
    read_choice(r, j, path, "ramp", ramp,
                {ColourRamp::viridis, ColourRamp::magma, ColourRamp::inferno, ColourRamp::plasma, ColourRamp::cividis},
                parse_ramp, ramp_name);
}

void read_classes(const Reader& r, const json& j, const std::string& path, ClassMethod& method, int& classes) {
    read_choice(r, j, path, "method", method,
                {ClassMethod::quantile, ClassMethod::equal_interval, ClassMethod::natural_breaks}, parse_class_method,
                class_method_name);
    r.integer(j, path, "classes", classes, 2, 9);
}

void read_display(const Reader& r, const json& j, const std::string& path, PointDisplaySpec& d) {
    r.object(j, path, {"kind", "legend", "heatmap", "bins", "choropleth", "coverage"});
    read_choice(r, j, path, "kind", d.kind,
                {PointDisplay::points, PointDisplay::heatmap, PointDisplay::bins, PointDisplay::choropleth,
                 PointDisplay::coverage},
                parse_display, display_name);
    r.boolean(j, path, "legend", d.legend);
    if (j.contains("heatmap")) {
        const auto p = Reader::at(path, "heatmap");
        const auto& h =
            r.object(j["heatmap"], p, {"kernel", "radius_m", "weight_field", "ramp", "opacity", "scale_max"});
        read_choice(r, h, p, "kernel", d.heatmap.kernel.kernel,
                    {Kernel::quartic, Kernel::gaussian, Kernel::epanechnikov, Kernel::triangular, Kernel::uniform},
                    parse_kernel, kernel_name);
        r.number(h, p, "radius_m", d.heatmap.kernel.radius_m, 1, 100000);
        r.string(h, p, "weight_field", d.heatmap.weight_field);
        read_ramp(r, h, p, d.heatmap.ramp);
        r.number(h, p, "opacity", d.heatmap.opacity, 0, 1);
        if (h.contains("scale_max") && h["scale_max"].is_null())
            d.heatmap.scale_max = 0;
        else
            r.number(h, p, "scale_max", d.heatmap.scale_max, 1e-9, 1e12);
    }
    if (j.contains("bins")) {
        const auto p = Reader::at(path, "bins");
        const auto& b = r.object(j["bins"], p, {"shape", "size_m", "classes", "method", "ramp", "opacity"});
        read_choice(r, b, p, "shape", d.bins.cells.shape, {CellShape::hexagon, CellShape::square}, parse_cell_shape,
                    cell_shape_name);
        r.number(b, p, "size_m", d.bins.cells.size_m, 1, 1e6);
        read_classes(r, b, p, d.bins.method, d.bins.classes);
        read_ramp(r, b, p, d.bins.ramp);
        r.number(b, p, "opacity", d.bins.opacity, 0, 1);
    }
    if (j.contains("choropleth")) {
        const auto p = Reader::at(path, "choropleth");
        const auto& c =
            r.object(j["choropleth"], p,
                     {"admin_level", "boundary_layer", "boundary_name", "classes", "method", "ramp", "opacity"});
        if (c.contains("admin_level") && c["admin_level"].is_null())
            d.choropleth.admin_level = 0;
        else
            r.integer(c, p, "admin_level", d.choropleth.admin_level, 1, 12);
        r.string(c, p, "boundary_layer", d.choropleth.boundary_layer);
        r.string(c, p, "boundary_name", d.choropleth.boundary_name);
        read_classes(r, c, p, d.choropleth.method, d.choropleth.classes);
        read_ramp(r, c, p, d.choropleth.ramp);
        r.number(c, p, "opacity", d.choropleth.opacity, 0, 1);
    }
    if (j.contains("coverage")) {
        const auto p = Reader::at(path, "coverage");
        const auto& v = r.object(j["coverage"], p, {"radius_m", "streets", "sector_deg", "colour", "width_px"});
        r.number(v, p, "radius_m", d.coverage.radius_m, 10, 500);
        if (v.contains("streets")) {
            const auto sp = Reader::at(p, "streets");
            d.coverage.streets.clear();
            for (size_t i = 0; i < r.array(v["streets"], sp).size(); ++i) {
                if (!v["streets"][i].is_string()) r.fail(Reader::at(sp, i), "expected a string");
                d.coverage.streets.push_back(v["streets"][i].get<std::string>());
            }
        }
        if (v.contains("sector_deg") && v["sector_deg"].is_null())
            d.coverage.sector_deg = 0;
        else
            r.number(v, p, "sector_deg", d.coverage.sector_deg, 1, 360);
        Colour colour;
        if (r.colour(v, p, "colour", colour)) d.coverage.colour = colour.rgba();
        r.number(v, p, "width_px", d.coverage.width_px, 0.5, 64);
    }
}

void read_furniture(const Reader& r, const json& j, const std::string& path, Furniture& f) {
    r.object(j, path, {"title", "subtitle", "note", "places"});
    r.string(j, path, "title", f.title);
    r.string(j, path, "subtitle", f.subtitle);
    r.string(j, path, "note", f.note);
    const auto places = j.find("places");
    if (places == j.end()) return;
    const std::string places_path = Reader::at(path, "places");
    r.object(*places, places_path, {"title", "legend", "scale_bar", "north_arrow", "attribution", "note"});
    for (size_t i = 0; i < kFurnitureElements; ++i) {
        const auto e = static_cast<FurnitureElement>(i);
        const std::string key(element_name(e));
        const auto it = places->find(key);
        if (it == places->end()) continue;
        const std::string at = Reader::at(places_path, key);
        r.object(*it, at, {"shown", "corner"});
        auto& place = f[e];
        r.boolean(*it, at, "shown", place.shown);
        if (e == FurnitureElement::attribution && !place.shown)
            r.fail(Reader::at(at, "shown"),
                   "the attribution cannot be switched off: OpenStreetMap's licence requires it on every map (move it "
                   "to another corner instead)");
        read_choice(r, *it, at, "corner", place.corner,
                    {Corner::top_left, Corner::top_right, Corner::bottom_left, Corner::bottom_right}, parse_corner,
                    corner_name);
    }
}

PointLayerSpec read_point_layer(const Reader& r, const json& j, const std::string& path, const PointLayerSpec* base) {
    r.object(j, path, {"name", "kind", "style", "filter", "display"});
    PointLayerSpec spec;
    std::string kind;
    r.string(j, path, "kind", kind);
    if (base) {
        spec = *base;
    } else {
        spec.kind = kind.empty() ? "points" : kind;
        spec.style = default_point_style(spec.kind);
    }
    r.string(j, path, "name", spec.name);
    if (j.contains("style")) read_point_style(r, j["style"], Reader::at(path, "style"), spec.style);
    if (j.contains("filter")) read_filter(r, j["filter"], Reader::at(path, "filter"), spec.filter);
    if (j.contains("display")) read_display(r, j["display"], Reader::at(path, "display"), spec.display);
    return spec;
}

// The scene's layers in its order; with `base`, over the project's layers of the same name (the
// others skipped), and the project's layers the scene leaves out put back after the layer they
// follow in the project's order, as merge_scene does.
template <class Spec, class ReadOne>
std::vector<Spec> read_layers(const Reader& r, const json& j, const std::string& path, const std::vector<Spec>* base,
                              ReadOne read_one, std::vector<std::string>& skipped) {
    std::vector<Spec> out;
    const size_t count = r.array(j, path).size();
    if (count > static_cast<size_t>(limit(Limit::scene_layers)))
        throw limit_error(Limit::scene_layers, "the scene's " + path + " (" + std::to_string(count) + ")", r.file());
    // Names looked up by hash: a scene of many layers must not cost the square of their number.
    std::unordered_set<std::string> named;
    std::unordered_map<std::string, const Spec*> known_by_name;
    if (base)
        for (const auto& s : *base)
            known_by_name.emplace(s.name, &s);
    for (size_t i = 0; i < count; ++i) {
        const auto p = Reader::at(path, i);
        const auto& lj = j[i];
        r.object(lj, p, {"name", "kind", "style", "filter", "display"});
        if (!lj.contains("name") || !lj["name"].is_string() || lj["name"].get<std::string>().empty())
            r.fail(Reader::at(p, "name"), "missing: a layer needs the name it has in the project");
        const auto name = lj["name"].get<std::string>();
        if (!named.insert(name).second)
            r.fail(Reader::at(p, "name"), "the layer \"" + excerpt(name) + "\" is listed twice");
        if (!base) {
            out.push_back(read_one(r, lj, p, nullptr));
            continue;
        }
        const auto known = known_by_name.find(name);
        if (known == known_by_name.end()) {
            read_one(r, lj, p, nullptr); // still checked: a typo is an error even in a skipped layer
            skipped.push_back(name);
            continue;
        }
        out.push_back(read_one(r, lj, p, known->second));
    }
    return base ? with_unlisted_layers(*base, std::move(out)) : out;
}

void read_view(const Reader& r, const json& j, const std::string& path, SceneRead& read) {
    r.object(j, path, {"centre", "metres_per_pixel", "zoom", "width", "height"});
    auto& view = read.scene.view;
    if (j.contains("centre")) {
        const auto cpath = Reader::at(path, "centre");
        const auto& c = r.object(j["centre"], cpath, {"lon", "lat"});
        LonLat ll = from_mercator(view.center);
        if (!r.number(c, cpath, "lon", ll.lon, -180, 180) ||
            !r.number(c, cpath, "lat", ll.lat, -kMercatorMaxLat, kMercatorMaxLat))
            r.fail(cpath, "expected both lon and lat");
        view.center = to_mercator(ll);
        read.has_view = true;
    }
    if (j.contains("metres_per_pixel") && j.contains("zoom"))
        r.fail(Reader::at(path, "zoom"), "give zoom or metres_per_pixel, not both");
    if (r.number(j, path, "metres_per_pixel", view.resolution, 1e-4, 1e6)) read.has_view = true;
    double zoom = 0;
    if (r.number(j, path, "zoom", zoom, 0, 30)) {
        view.resolution = 2 * std::numbers::pi * kEarthRadius / 256.0 / std::exp2(zoom);
        read.has_view = true;
    }
    const bool w = r.integer(j, path, "width", view.width, 1, 16384);
    const bool h = r.integer(j, path, "height", view.height, 1, 16384);
    if (w != h) r.fail(Reader::at(path, w ? "height" : "width"), "give both width and height");
    read.has_size = w && h;
}

json parse(std::string_view text, const std::string& file) {
    // The nesting first: the parser recurses once per level.
    NestingScanner nesting(NestingScanner::Syntax::json);
    if (!nesting.feed(text, limit(Limit::depth)))
        throw limit_error(Limit::depth,
                          "the nesting of JSON arrays and objects (more than " + std::to_string(limit(Limit::depth)) +
                              " levels)",
                          file);
    try {
        return json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        const size_t byte = std::min(e.byte, text.size());
        const int64_t line =
            1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(byte ? byte - 1 : 0), '\n');
        std::string what = e.what();
        // nlohmann's message reads "[json.exception.parse_error.101] parse error at line 4, column 0: ...",
        // where the line is the one after a mistake at the end of a line: keep its words, and the
        // line of the last byte it read.
        const auto at = what.find("parse error at line");
        const auto colon = at == std::string::npos ? std::string::npos : what.find(": ", at);
        throw Error("invalid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2)), file, line);
    } catch (const json::exception& e) {
        // A number too large for a double ("1e999"): nlohmann says out_of_range, without a place.
        std::string what = e.what();
        const auto tag = what.find("] ");
        throw Error("invalid JSON: " + (tag == std::string::npos ? what : what.substr(tag + 2)), file);
    }
}

} // namespace

std::string scene_to_json(const SceneSpec& scene) {
    ojson basemap = ojson::object();
    for (size_t i = 0; i < static_cast<size_t>(BasemapLayer::Count); ++i)
        basemap[std::string(layer_name(static_cast<BasemapLayer>(i)))] = {
            {"visible", scene.basemap.visible[i]}, {"opacity", shortest(scene.basemap.opacity[i])}};
    ojson basemap_order = ojson::array();
    for (const BasemapLayer l : scene.basemap.order)
        basemap_order.push_back(std::string(layer_name(l)));
    const LonLat centre = from_mercator(scene.view.center);
    ojson references = ojson::array();
    for (const auto& l : scene.reference_layers)
        references.push_back(reference_json(l));
    ojson points = ojson::array();
    for (const auto& l : scene.point_layers)
        points.push_back(point_json(l));
    ojson out;
    out["oko_scene"] = kSceneFormatVersion;
    // The centre in full (the shortest decimal that reads back to the same double): rounded to
    // 1e-7 degrees it moved the map by a centimetre, which changed a percent of the edge pixels,
    // and a figure must draw again exactly as it was saved.
    out["view"] = {{"centre", {{"lon", centre.lon}, {"lat", centre.lat}}},
                   {"metres_per_pixel", scene.view.resolution},
                   {"width", scene.view.width},
                   {"height", scene.view.height}};
    out["basemap"] = basemap;
    out["basemap_order"] = basemap_order;
    out["labels"] = scene.labels;
    out["labels_over_points"] = scene.labels_over_points;
    out["label_script"] = std::string(label_script_name(scene.label_script));
    out["attribution"] = scene.attribution;
    out["pixel_ratio"] = shortest(scene.pixel_ratio);
    out["furniture"] = furniture_json(scene.furniture);
    out["reference_layers"] = references;
    out["point_layers"] = points;
    return out.dump(2) + "\n";
}

SceneRead scene_from_json(std::string_view text, const std::string& file, const SceneSpec* project) {
    const json j = parse(text, file);
    const Reader r(file);
    r.object(j, "",
             {"oko_scene", "view", "basemap", "basemap_order", "labels", "labels_over_points", "label_script",
              "attribution", "pixel_ratio", "furniture", "reference_layers", "point_layers"});
    int version = 0;
    if (!r.integer(j, "", "oko_scene", version, INT32_MIN, INT32_MAX))
        r.fail("oko_scene", "missing: not an Oko scene (expected \"oko_scene\": 1)");
    if (version > kSceneFormatVersion)
        r.fail("oko_scene", "the scene was written by a newer Oko (version " + std::to_string(version) + ")");
    if (version < 1) r.fail("oko_scene", "expected 1");

    SceneRead read;
    if (project) read.scene = *project;
    auto& scene = read.scene;
    if (j.contains("view")) read_view(r, j["view"], "view", read);
    std::string known_layers;
    for (size_t i = 0; i < static_cast<size_t>(BasemapLayer::Count); ++i)
        known_layers += (known_layers.empty() ? "" : ", ") + std::string(layer_name(static_cast<BasemapLayer>(i)));
    auto layer_named = [&](const std::string& name, const std::string& path) {
        for (size_t i = 0; i < static_cast<size_t>(BasemapLayer::Count); ++i)
            if (layer_name(static_cast<BasemapLayer>(i)) == name) return i;
        r.fail(path, "unknown basemap layer (expected one of: " + known_layers + ")");
    };
    if (j.contains("basemap")) {
        // Per layer its visibility and opacity, or just true or false for the visibility.
        const auto& b = j["basemap"];
        if (!b.is_object())
            r.fail("basemap", "expected an object of layer names to {\"visible\", \"opacity\"} or true/false");
        for (const auto& [key, value] : b.items()) {
            const std::string path = "basemap." + key;
            const size_t i = layer_named(key, path);
            if (value.is_boolean()) {
                r.boolean(b, "basemap", key.c_str(), scene.basemap.visible[i]);
                continue;
            }
            r.object(value, path, {"visible", "opacity"});
            bool visible = scene.basemap.visible[i];
            r.boolean(value, path, "visible", visible);
            scene.basemap.visible[i] = visible;
            r.number(value, path, "opacity", scene.basemap.opacity[i], 0, 1);
        }
    }
    if (j.contains("basemap_order")) {
        // Bottom first, every layer once.
        const auto& order = r.array(j["basemap_order"], "basemap_order");
        if (order.size() != static_cast<size_t>(BasemapLayer::Count))
            r.fail("basemap_order", "expected each of the " + std::to_string(static_cast<size_t>(BasemapLayer::Count)) +
                                        " basemap layers once (" + known_layers + ")");
        std::array<bool, static_cast<size_t>(BasemapLayer::Count)> seen{};
        for (size_t k = 0; k < order.size(); ++k) {
            const std::string path = Reader::at("basemap_order", k);
            if (!order[k].is_string()) r.fail(path, "expected a basemap layer name");
            const size_t i = layer_named(order[k].get<std::string>(), path);
            if (seen[i]) r.fail(path, "\"" + excerpt(order[k].get<std::string>()) + "\" is listed twice");
            seen[i] = true;
            scene.basemap.order[k] = static_cast<BasemapLayer>(i);
        }
    }
    r.boolean(j, "", "labels", scene.labels);
    r.boolean(j, "", "labels_over_points", scene.labels_over_points);
    read_choice(r, j, "", "label_script", scene.label_script,
                {LabelScript::native, LabelScript::latin, LabelScript::cyrillic, LabelScript::both}, parse_label_script,
                label_script_name);
    r.string(j, "", "attribution", scene.attribution);
    r.number(j, "", "pixel_ratio", scene.pixel_ratio, 0.1, 16);
    if (j.contains("furniture")) read_furniture(r, j["furniture"], "furniture", scene.furniture);
    if (j.contains("reference_layers"))
        scene.reference_layers =
            read_layers(r, j["reference_layers"], "reference_layers", project ? &project->reference_layers : nullptr,
                        read_reference_layer, read.skipped_layers);
    if (j.contains("point_layers"))
        scene.point_layers =
            read_layers(r, j["point_layers"], "point_layers", project ? &project->point_layers : nullptr,
                        read_point_layer, read.skipped_layers);
    return read;
}

std::string read_scene_text(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error("cannot read the scene file", file.string());
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw Error("cannot read the scene file", file.string());
    return text.str();
}

SceneRead read_scene_file(const std::filesystem::path& file, const SceneSpec* project) {
    return scene_from_json(read_scene_text(file), file.string(), project);
}

void write_scene_file(const SceneSpec& scene, const std::filesystem::path& file) {
    try {
        write_file_atomically(file, scene_to_json(scene));
    } catch (const Error& e) {
        throw Error("cannot write the scene file: " + e.reason(), file.string());
    }
}

} // namespace oko::geo
