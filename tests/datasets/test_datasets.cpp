// Checks the datasets shipped in datasets/ against the sources they claim: every quote must occur
// in the named report, every Serbian point must fall in its city's municipality polygon, and every
// vendor must be a canonical name of vendors.csv (which the importer uses to normalise vendors).

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include "support/shared_data.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const fs::path datasets_dir{OKO_DATASETS_DIR};

std::string read_text(const fs::path& path) {
    std::ifstream in{path, std::ios::binary};
    REQUIRE(in.good());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

json load_sites() { return json::parse(read_text(datasets_dir / "smart_city_sites.geojson")); }

// Collapses every run of white space (ASCII, and the no-break and thin spaces that PDF extraction
// leaves in the reports) into one blank, so that a quote may cross line breaks of the report.
std::string normalise_whitespace(const std::string& s) {
    std::string out;
    bool pending_space = false;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t width = 0;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            width = 1;
        } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
            width = 2; // U+00A0
        } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(s[i + 2]) == 0x89 || static_cast<unsigned char>(s[i + 2]) == 0xAF)) {
            width = 3; // U+2009, U+202F
        }
        if (width > 0) {
            pending_space = true;
            i += width;
            continue;
        }
        if (pending_space && !out.empty()) out += ' ';
        pending_space = false;
        out += s[i];
        ++i;
    }
    return out;
}

// The reports live in seeds/ beside data/ in the shared folder.
std::optional<fs::path> seeds_dir() {
    const auto sources = oko::test::shared_data("SOURCES.md");
    if (!sources) return std::nullopt;
    const fs::path dir = sources->parent_path().parent_path() / "seeds";
    if (fs::is_directory(dir)) return dir;
    const char* require = std::getenv("OKO_REQUIRE_SHARED_DATA");
    if (require && std::string(require) == "1") FAIL("required source reports are missing: " << dir.string());
    WARN("skipped: source reports not found: " << dir.string());
    return std::nullopt;
}

// RFC 4180: fields may be quoted, quotes inside are doubled, quoted fields may hold commas.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    bool field_started = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"' && field.empty()) {
            quoted = true;
            field_started = true;
        } else if (c == ',') {
            row.push_back(field);
            field.clear();
            field_started = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            if (field_started || !field.empty()) {
                row.push_back(field);
                rows.push_back(row);
            }
            row.clear();
            field.clear();
            field_started = false;
        } else {
            field += c;
            field_started = true;
        }
    }
    REQUIRE_FALSE(quoted);
    if (field_started || !field.empty()) {
        row.push_back(field);
        rows.push_back(row);
    }
    return rows;
}

std::vector<std::string> split_vendors(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream in{s};
    std::string part;
    while (std::getline(in, part, ';'))
        out.push_back(part);
    return out;
}

// Even-odd rule over all rings, so holes count as outside.
bool ring_contains(const json& ring, double x, double y) {
    bool inside = false;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const double xi = ring[i][0], yi = ring[i][1];
        const double xj = ring[j][0], yj = ring[j][1];
        if ((yi > y) != (yj > y) && x < xi + (y - yi) * (xj - xi) / (yj - yi)) inside = !inside;
    }
    return inside;
}

bool geometry_contains(const json& geometry, double x, double y) {
    std::vector<json> polygons;
    if (geometry["type"] == "Polygon")
        polygons.push_back(geometry["coordinates"]);
    else if (geometry["type"] == "MultiPolygon")
        for (const auto& p : geometry["coordinates"])
            polygons.push_back(p);
    for (const auto& polygon : polygons) {
        bool inside = false;
        for (const auto& ring : polygon)
            if (ring_contains(ring, x, y)) inside = !inside;
        if (inside) return true;
    }
    return false;
}

// Names of the municipalities (serbia_opstine.geojson) that contain the point.
std::vector<std::string> municipalities_at(const json& municipalities, double lon, double lat) {
    std::vector<std::string> names;
    for (const auto& f : municipalities["features"])
        if (geometry_contains(f["geometry"], lon, lat)) names.push_back(f["properties"]["name"].get<std::string>());
    return names;
}

struct BBox {
    double min_lon, min_lat, max_lon, max_lat;
    bool contains(double lon, double lat) const {
        return lon >= min_lon && lon <= max_lon && lat >= min_lat && lat <= max_lat;
    }
};

// Country extents, rounded outwards (Serbia: the geoBoundaries ADM0 outline in the shared data).
const std::map<std::string, BBox> country_bbox{
    {"Serbia", {18.81, 42.23, 23.01, 46.20}},
    {"Bosnia and Herzegovina", {15.72, 42.55, 19.63, 45.28}},
    {"Bulgaria", {22.35, 41.23, 28.61, 44.22}},
};

const std::set<std::string> precisions{"building", "district", "city", "country"};

std::string text_of(const json& value) { return value.is_string() ? value.get<std::string>() : std::string{}; }

} // namespace

TEST_CASE("Smart-city sites: every feature is a complete, well-formed site", "[datasets]") {
    const json sites = load_sites();
    REQUIRE(sites["type"] == "FeatureCollection");
    const auto& features = sites["features"];
    REQUIRE(features.size() >= 25);
    const auto& report_titles = sites["metadata"]["sources"];

    const std::regex slug{"^[a-z0-9]+(-[a-z0-9]+)*$"};
    const std::regex report_name{"^[0-9]{3}_[0-9a-f]{16}\\.txt$"};
    std::set<std::string> ids;
    for (const auto& f : features) {
        const auto& p = f["properties"];
        const std::string id = text_of(p["id"]);
        INFO("site " << id);
        CHECK(f["type"] == "Feature");
        CHECK(std::regex_match(id, slug));
        CHECK(ids.insert(id).second);
        CHECK(f["id"] == id);

        for (const char* key : {"name", "programme", "year_note", "country", "precision", "kind", "location_note",
                                "description", "source", "quote"}) {
            INFO("field " << key);
            REQUIRE(p.contains(key));
            CHECK(p[key].is_string());
            CHECK_FALSE(text_of(p[key]).empty());
        }
        // Unknown is null, never a guess; the key itself must be there.
        for (const char* key : {"vendor", "year_start", "year_end", "city"}) {
            INFO("field " << key);
            CHECK(p.contains(key));
        }
        CHECK((p["vendor"].is_null() || (p["vendor"].is_string() && !text_of(p["vendor"]).empty())));

        const std::string precision = text_of(p["precision"]);
        CHECK(precisions.count(precision) == 1);
        // A nationwide programme has no city; everything else is in one.
        if (precision == "country") {
            CHECK(p["city"].is_null());
            CHECK(p["kind"] == "national");
        } else {
            CHECK((p["city"].is_string() && !text_of(p["city"]).empty()));
            CHECK(p["kind"] == "site");
        }

        for (const char* key : {"year_start", "year_end"}) {
            INFO("field " << key);
            CHECK((p[key].is_null() || (p[key].is_number_integer() && p[key] >= 2000 && p[key] <= 2030)));
        }
        if (p["year_start"].is_number() && p["year_end"].is_number()) CHECK(p["year_start"] <= p["year_end"]);

        for (const auto& [source_key, quote_key] : {std::pair{"source", "quote"}, std::pair{"source_2", "quote_2"}}) {
            CHECK(p.contains(source_key) == p.contains(quote_key));
            if (!p.contains(source_key)) continue;
            const std::string source = text_of(p[source_key]);
            const std::string quote = text_of(p[quote_key]);
            CHECK(std::regex_match(source, report_name));
            CHECK(report_titles.contains(source));
            CHECK(quote.find('\n') == std::string::npos);
            CHECK(quote.size() <= 220); // bytes; about 200 characters
            CHECK(quote.size() >= 20);
        }
        if (p.contains("source_2")) CHECK(p["source_2"] != p["source"]);

        const auto& geometry = f["geometry"];
        REQUIRE(geometry["type"] == "Point");
        REQUIRE(geometry["coordinates"].size() == 2);
        const double lon = geometry["coordinates"][0];
        const double lat = geometry["coordinates"][1];
        const auto bbox = country_bbox.find(text_of(p["country"]));
        REQUIRE(bbox != country_bbox.end());
        CHECK(bbox->second.contains(lon, lat));
    }
}

TEST_CASE("Smart-city sites: the programmes of the reports are all there", "[datasets]") {
    const json sites = load_sites();
    std::set<std::string> cities, vendors, countries;
    for (const auto& f : sites["features"]) {
        const auto& p = f["properties"];
        if (p["city"].is_string()) cities.insert(p["city"].get<std::string>());
        if (p["vendor"].is_string())
            for (const auto& v : split_vendors(p["vendor"]))
                vendors.insert(v);
        countries.insert(p["country"].get<std::string>());
    }
    for (const char* city : {"Belgrade", "Niš", "Novi Sad", "Kragujevac", "Kruševac", "Smederevo", "Sarajevo", "Sofia"})
        CHECK(cities.count(city) == 1);
    for (const char* vendor : {"Huawei", "Hikvision", "Dahua", "NetDragon", "Telenor"})
        CHECK(vendors.count(vendor) == 1);
    CHECK(countries == std::set<std::string>{"Serbia", "Bosnia and Herzegovina", "Bulgaria"});
}

TEST_CASE("Smart-city sites: every quote occurs verbatim in the named report", "[datasets]") {
    const auto seeds = seeds_dir();
    if (!seeds) return;
    const json sites = load_sites();

    std::map<std::string, std::string> reports;
    auto report = [&](const std::string& name) -> const std::string& {
        auto it = reports.find(name);
        if (it == reports.end()) {
            INFO("report " << name);
            REQUIRE(fs::exists(*seeds / name));
            it = reports.emplace(name, normalise_whitespace(read_text(*seeds / name))).first;
        }
        return it->second;
    };

    int checked = 0;
    for (const auto& f : sites["features"]) {
        const auto& p = f["properties"];
        for (const auto& [source_key, quote_key] : {std::pair{"source", "quote"}, std::pair{"source_2", "quote_2"}}) {
            if (!p.contains(source_key)) continue;
            const std::string quote = normalise_whitespace(p[quote_key].get<std::string>());
            INFO("site " << p["id"].get<std::string>() << ", " << source_key << ": " << quote);
            CHECK(report(p[source_key]).find(quote) != std::string::npos);
            ++checked;
        }
    }
    CHECK(checked >= static_cast<int>(sites["features"].size()));

    // The check must be able to fail: a changed number or a quote from another report is not found.
    const std::string& r000 = report("000_51373de6d4558a97.txt");
    CHECK(r000.find("In 2017, Huawei installed cameras in the building of the Ministry of Interior") !=
          std::string::npos);
    CHECK(r000.find("In 2018, Huawei installed cameras in the building of the Ministry of Interior") ==
          std::string::npos);
    CHECK(r000.find("Sarajevo, signed a Smart City memorandum") == std::string::npos);
    CHECK(normalise_whitespace("a \n\t b\xC2\xA0 c  ") == "a b c");
}

TEST_CASE("Smart-city sites: Serbian points fall inside their city's municipality", "[datasets]") {
    const auto serbia_path = oko::test::shared_data("boundaries/serbia_opstine.geojson");
    const auto belgrade_path = oko::test::shared_data("boundaries/belgrade_opstine.geojson");
    if (!serbia_path || !belgrade_path) return;
    const json municipalities = json::parse(read_text(*serbia_path));
    const json belgrade = json::parse(read_text(*belgrade_path));
    std::set<std::string> belgrade_units;
    for (const auto& f : belgrade["features"])
        belgrade_units.insert(f["properties"]["name"].get<std::string>());
    REQUIRE(belgrade_units.size() == 17);
    // serbia_opstine.geojson tells Belgrade's Palilula from the one in Niš by a suffix.
    auto in_belgrade = [&](std::string unit) {
        const std::string suffix = " (Beograd)";
        if (unit.size() > suffix.size() && unit.ends_with(suffix)) unit.resize(unit.size() - suffix.size());
        return belgrade_units.count(unit) == 1;
    };

    // The points that claim more than a city, and the municipality their landmark is in.
    const std::map<std::string, std::string> landmark_unit{
        {"belgrade-moi-palata-srbija-cameras", "Novi Beograd"},
        {"belgrade-national-assembly-donated-equipment", "Stari grad"},
        {"belgrade-centre-safe-city-cameras", "Stari grad"},
    };

    const json sites = load_sites();
    int checked = 0;
    std::optional<std::pair<double, double>> national_point;
    for (const auto& f : sites["features"]) {
        const auto& p = f["properties"];
        if (p["country"] != "Serbia") continue;
        const double lon = f["geometry"]["coordinates"][0];
        const double lat = f["geometry"]["coordinates"][1];
        const auto units = municipalities_at(municipalities, lon, lat);
        INFO("site " << p["id"].get<std::string>() << " at " << lon << ", " << lat);
        REQUIRE(units.size() == 1);
        const std::string& unit = units.front();

        // Nationwide programmes all stand at one point, in the capital.
        if (p["precision"] == "country") {
            if (!national_point) national_point = std::pair{lon, lat};
            CHECK(national_point->first == lon);
            CHECK(national_point->second == lat);
            CHECK(in_belgrade(unit));
            ++checked;
            continue;
        }
        const std::string city = p["city"];
        if (city == "Belgrade")
            CHECK(in_belgrade(unit));
        else
            CHECK(unit == city);

        const auto landmark = landmark_unit.find(p["id"]);
        if (landmark != landmark_unit.end())
            CHECK(unit == landmark->second);
        else
            CHECK(p["precision"] != "building");
        ++checked;
    }
    CHECK(checked >= 20);
    CHECK(national_point.has_value());

    // The polygon test itself must discriminate: Palata Srbija is across the Sava from Stari grad.
    CHECK(municipalities_at(municipalities, 20.4347, 44.8170) == std::vector<std::string>{"Novi Beograd"});
    CHECK(municipalities_at(municipalities, 21.8959, 43.3211) == std::vector<std::string>{"Niš"});
    CHECK(municipalities_at(municipalities, 18.413, 43.856).empty()); // Sarajevo
}

TEST_CASE("Smart-city sites: OGR reads the file as one point layer", "[datasets]") {
    GDALAllRegister();
    const fs::path path = datasets_dir / "smart_city_sites.geojson";
    GDALDataset* ds = static_cast<GDALDataset*>(
        GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    REQUIRE(ds != nullptr);
    REQUIRE(ds->GetLayerCount() == 1);
    OGRLayer* layer = ds->GetLayer(0);
    CHECK(wkbFlatten(layer->GetGeomType()) == wkbPoint);
    CHECK(layer->GetFeatureCount() == static_cast<GIntBig>(load_sites()["features"].size()));
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    const int year = defn->GetFieldIndex("year_start");
    REQUIRE(year >= 0);
    CHECK(defn->GetFieldDefn(year)->GetType() == OFTInteger);
    CHECK(defn->GetFieldIndex("quote") >= 0);
    CHECK(defn->GetFieldIndex("precision") >= 0);
    GDALClose(ds);
}

TEST_CASE("vendors.csv: aliases are lowercase, unique, and canonical names map to themselves", "[datasets]") {
    const auto rows = parse_csv(read_text(datasets_dir / "vendors.csv"));
    REQUIRE(rows.size() > 1);
    CHECK(rows.front() == std::vector<std::string>{"alias", "vendor"});

    std::map<std::string, std::string> alias_to_vendor;
    std::set<std::string> vendors;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const auto& row = rows[i];
        INFO("line " << i + 1);
        if (!row.empty() && !row[0].empty() && row[0].front() == '#') continue; // a comment
        REQUIRE(row.size() == 2);
        const std::string& alias = row[0];
        const std::string& vendor = row[1];
        CHECK_FALSE(alias.empty());
        CHECK_FALSE(vendor.empty());
        CHECK(alias.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos);
        CHECK(alias.front() != ' ');
        CHECK(alias.back() != ' ');
        INFO("alias " << alias);
        CHECK(alias_to_vendor.emplace(alias, vendor).second);
        vendors.insert(vendor);
    }
    for (const auto& vendor : vendors) {
        if (vendor == "(unknown)") continue; // the mark of words that mean "not known"
        std::string lower = vendor;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        INFO("vendor " << vendor);
        const auto self = alias_to_vendor.find(lower);
        REQUIRE(self != alias_to_vendor.end());
        CHECK(self->second == vendor);
    }
    // The names the brief asks for resolve to the right company.
    CHECK(alias_to_vendor.at("huawei technologies co., ltd") == "Huawei");
    CHECK(alias_to_vendor.at("海康威视") == "Hikvision");
    CHECK(alias_to_vendor.at("zhejiang dahua technology") == "Dahua");
    CHECK(alias_to_vendor.at("samsung techwin") == "Hanwha");
    CHECK(alias_to_vendor.at("unv") == "Uniview");
    CHECK(alias_to_vendor.at("хуавеј") == "Huawei");
    CHECK(alias_to_vendor.at("непознат") == "(unknown)");

    // The parser handles what a hand-edited file may contain.
    CHECK(parse_csv("a,b\r\n\"x, \"\"y\"\"\",z\n") ==
          std::vector<std::vector<std::string>>{{"a", "b"}, {"x, \"y\"", "z"}});
}

TEST_CASE("Smart-city sites: every vendor is a canonical vendor of vendors.csv", "[datasets]") {
    const auto rows = parse_csv(read_text(datasets_dir / "vendors.csv"));
    std::set<std::string> canonical;
    for (std::size_t i = 1; i < rows.size(); ++i)
        canonical.insert(rows[i].at(1));

    const json sites = load_sites();
    for (const auto& f : sites["features"]) {
        const auto& p = f["properties"];
        if (p["vendor"].is_null()) continue;
        const auto parts = split_vendors(p["vendor"]);
        CHECK_FALSE(parts.empty());
        for (const auto& v : parts) {
            INFO("site " << p["id"].get<std::string>() << ", vendor '" << v << "'");
            CHECK(canonical.count(v) == 1);
        }
    }
}

TEST_CASE("camera_models.csv: every row has a match, a canonical vendor and a source", "[datasets]") {
    const auto vendors = parse_csv(read_text(datasets_dir / "vendors.csv"));
    std::set<std::string> canonical;
    for (std::size_t i = 1; i < vendors.size(); ++i)
        canonical.insert(vendors[i].at(1));

    const auto rows = parse_csv(read_text(datasets_dir / "camera_models.csv"));
    REQUIRE(rows.size() > 1);
    CHECK(rows.front() == std::vector<std::string>{"model", "match", "vendor", "source"});
    std::map<std::string, std::string> model_to_vendor;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const auto& row = rows[i];
        INFO("line " << i + 1);
        REQUIRE(row.size() == 4);
        CHECK((row[1] == "exact" || row[1] == "prefix"));
        CHECK(canonical.count(row[2]) == 1);
        CHECK(row[3].size() > 20); // says who names the model, not just "web"
        CHECK(model_to_vendor.emplace(row[0], row[2]).second);
    }
    // The two models the issue names, from hiljade.kamera.rs.
    CHECK(model_to_vendor.at("IPC6625-Z30") == "Huawei");
    CHECK(model_to_vendor.at("IPC6225-VRZ-ES") == "Huawei");
    // Their source cites report 004 for the site: it does name it.
    if (const auto seeds = seeds_dir())
        CHECK(read_text(*seeds / "004_faa05054464df1ba.txt").find("hiljade.kamera.rs") != std::string::npos);
}
