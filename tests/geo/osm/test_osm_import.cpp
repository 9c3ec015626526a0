#include "geo/base/error.hpp"
#include "geo/osm/osm_import.hpp"
#include "geo/osm/osm_ring_repair.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace oko::geo;
using oko::test::run_command;
using oko::test::shell_quote;

namespace {

const std::filesystem::path kFixtures = std::filesystem::path(OKO_TEST_FIXTURES) / "osm";

// Objects of one type ('n', 'w' or 'r') matching every filter in turn, counted by osmium-tool:
// {"w/highway=primary", "w/area=yes"} counts primary highways tagged area=yes.
// `member_ways` keeps only relations with at least one way member (in OPL: "Mw1@outer,...").
size_t osmium_count(const std::filesystem::path& file, char type, const std::vector<std::string>& filters,
                    bool member_ways = false) {
    std::string cmd =
        "osmium tags-filter -R -f opl -o - " + shell_quote(file.string()) + " " + shell_quote(filters.at(0));
    for (size_t i = 1; i < filters.size(); ++i)
        cmd += " | osmium tags-filter -R -F opl -f opl -o - - " + shell_quote(filters[i]);
    if (member_ways) cmd += " | grep -E ' M(.*,)?w[0-9]+@'";
    cmd += std::string(" | grep -c '^") + type + "'";
    const auto r = run_command(cmd);
    INFO(cmd << "\n" << r.output);
    REQUIRE(!r.output.empty());
    return std::stoul(r.output);
}

size_t sum_over(const ImportReport& report, const std::string& prefix, bool with_skips) {
    size_t n = 0;
    for (const auto& [code, c] : report.classes)
        if (code.rfind(prefix, 0) == 0) n += c.from_ways;
    if (with_skips)
        for (const auto& [reason, per_class] : report.skipped)
            for (const auto& [code, s] : per_class)
                if (code.rfind(prefix, 0) == 0) n += s.count;
    return n;
}

size_t skipped(const ImportReport& report, const std::string& cls) {
    size_t n = 0;
    for (const auto& [reason, per_class] : report.skipped)
        if (const auto it = per_class.find(cls); it != per_class.end()) n += it->second.count;
    return n;
}

const char* kRoadFilter =
    "w/highway=motorway,motorway_link,trunk,trunk_link,primary,primary_link,secondary,secondary_link,tertiary,"
    "tertiary_link,residential,unclassified,road,service,track,living_street,pedestrian,footway,path,steps,"
    "bridleway,cycleway";
const char* kRailFilter = "w/railway=rail,light_rail,narrow_gauge,tram,subway";

// Every object the classifier takes must end up either in the basemap or in the report's skip
// list, and the number must be what osmium-tool counts in the same file.
void check_counts_against_osmium(const std::filesystem::path& file, const ImportReport& report) {
    const size_t roads = osmium_count(file, 'w', {kRoadFilter}) - osmium_count(file, 'w', {kRoadFilter, "w/area=yes"});
    CHECK(sum_over(report, "road.", true) == roads);

    const size_t rail = osmium_count(file, 'w', {kRailFilter}) - osmium_count(file, 'w', {kRailFilter, kRoadFilter});
    CHECK(sum_over(report, "rail.", true) == rail);

    const auto& b = report.classes.count("building") ? report.classes.at("building") : ClassCounts{};
    // A building that is also a road is a road, unless it is tagged area=yes (a covered footway).
    const size_t building_ways = osmium_count(file, 'w', {"w/building"}) - osmium_count(file, 'w', {"w/building=no"}) -
                                 osmium_count(file, 'w', {"w/building", kRoadFilter}) +
                                 osmium_count(file, 'w', {"w/building", kRoadFilter, "w/area=yes"});
    const size_t way_skips =
        report.skipped_count("unclosed way", "building") + report.skipped_count("invalid locations", "building");
    CHECK(b.from_ways + way_skips == building_ways);
    // Almost every building way closes; what does not is listed.
    CHECK(way_skips * 100 < building_ways + 100);

    const size_t building_relations = osmium_count(file, 'r', {"r/building", "r/type=multipolygon"});
    const size_t relation_skips =
        report.skipped_count("assembly failed", "building") + report.skipped_count("missing members", "building");
    CHECK(b.from_relations + relation_skips == building_relations);

    const size_t places = osmium_count(file, 'n', {"n/place=city,town,suburb,quarter,neighbourhood"});
    size_t our_places = 0;
    for (const auto& [code, c] : report.classes)
        if (code.rfind("place.", 0) == 0) our_places += c.from_nodes;
    CHECK(our_places == places);

    // Boundaries whose members are only other boundaries (subarea) have no ring of their own.
    const size_t boundaries =
        osmium_count(file, 'r', {"r/boundary=administrative", "r/type=boundary,multipolygon"}, true) -
        osmium_count(file, 'r', {"r/boundary=administrative", "r/type=boundary,multipolygon", "r/building"}, true);
    CHECK(report.count("boundary.admin") + skipped(report, "boundary.admin") == boundaries);
}

} // namespace

TEST_CASE("Monaco: counts per class match osmium-tool", "[osm_import]") {
    const auto pbf = oko::test::shared_data("osm/monaco.osm.pbf");
    if (!pbf) return;
    const auto extract = read_osm(*pbf);
    INFO(extract.report.to_text());
    CHECK(extract.report.nodes_read == 25423);
    CHECK(extract.report.ways_read == 4106);
    CHECK(extract.report.relations_read == 243);
    CHECK(extract.report.feature_count() == extract.features.size());
    check_counts_against_osmium(*pbf, extract.report);
    // The machine-readable report says the same as the counts.
    const auto j = nlohmann::json::parse(extract.report.to_json().dump());
    CHECK(j["features"] == extract.features.size());
    CHECK(j["classes"]["building"]["ways"] == extract.report.classes.at("building").from_ways);
    CHECK(j["skipped"]["missing members"]["boundary.admin"]["count"] ==
          extract.report.skipped_count("missing members", "boundary.admin"));
}

TEST_CASE("Novi Sad: counts per class match osmium-tool", "[osm_import]") {
    const auto pbf = oko::test::shared_data("osm/novi_sad_center.osm.pbf");
    if (!pbf) return;
    const auto extract = read_osm(*pbf);
    INFO(extract.report.to_text());
    CHECK(extract.report.nodes_read == 284549);
    CHECK(extract.report.ways_read == 46912);
    CHECK(extract.report.relations_read == 690);
    check_counts_against_osmium(*pbf, extract.report);
    // Names in Cyrillic with their Latin form where tagged; boundaries keep their level.
    bool latin = false;
    size_t boundaries_with_level = 0;
    for (const auto& f : extract.features) {
        if (f.cls == FeatureClass::PlaceCity && !f.name_latin.empty()) latin = true;
        if (f.cls == FeatureClass::AdminBoundary && f.admin_level >= 2 && f.admin_level <= 11 && !f.name.empty() &&
            f.osm_type == 'r')
            ++boundaries_with_level;
    }
    CHECK(latin);
    CHECK(boundaries_with_level == extract.report.count("boundary.admin"));
    CHECK(boundaries_with_level > 10);
}

TEST_CASE("Belgrade Overpass cut: counts match and missing members are reported", "[osm_import]") {
    const auto osm = oko::test::shared_data("osm/belgrade_stari_grad_small.osm");
    if (!osm) return;
    const auto extract = read_osm(*osm);
    INFO(extract.report.to_text());
    CHECK(extract.report.nodes_read == 1142);
    CHECK(extract.report.ways_read == 172);
    CHECK(extract.report.relations_read == 121);
    check_counts_against_osmium(*osm, extract.report);
    CHECK(extract.report.count("building") == 58);
    // Route and restriction relations refer to much that the cut left out; the report says how
    // much, counted as osmium check-refs counts it.
    const auto refs = run_command("osmium check-refs -r " + shell_quote(osm->string()));
    INFO(refs.output);
    auto missing = [&](const std::string& what) {
        const auto at = refs.output.find(what);
        REQUIRE(at != std::string::npos);
        return std::stoul(refs.output.substr(at + what.size()));
    };
    CHECK(extract.report.missing_nodes == missing("Nodes     in relations missing:"));
    CHECK(extract.report.missing_ways == missing("Ways      in relations missing:"));
    CHECK(extract.report.missing_relations == missing("Relations in relations missing:"));
    CHECK(extract.report.relations_missing_members > 0);
}

TEST_CASE("Novi Sad: the Danube's broken ring is repaired into water of several km2", "[osm_import]") {
    const auto pbf = oko::test::shared_data("osm/novi_sad_center.osm.pbf");
    if (!pbf) return;
    const auto extract = read_osm(*pbf);
    const RingRepair* danube = nullptr;
    for (const auto& r : extract.report.repaired)
        if (r.relation_id == 2327140) danube = &r;
    REQUIRE(danube);
    CHECK(danube->cls == "water.area");
    CHECK(danube->gaps_closed == 3); // the 6 unmatched way ends
    CHECK(danube->max_gap_m < 5000);
    CHECK(extract.report.to_text().find("r2327140") != std::string::npos);

    double danube_km2 = 0, water_km2 = 0;
    for (const auto& f : extract.features) {
        if (f.cls != FeatureClass::WaterArea) continue;
        GeometryParts g{f.points, f.parts, f.polygons};
        water_km2 += area_km2(g);
        if (f.osm_type == 'r' && f.osm_id == 2327140) danube_km2 = area_km2(g);
    }
    // The river is 400-800 m wide along more than 10 km of the extract; GDAL builds 0.2 km2 of it.
    CHECK(danube_km2 > 4);
    CHECK(danube_km2 < 15);
    CHECK(danube->area_km2 == Approx(danube_km2).epsilon(1e-9));
    CHECK(water_km2 > danube_km2);
}

TEST_CASE("Ring gaps are bridged within the tolerance of the class only", "[osm_import]") {
    const auto extract = read_osm(kFixtures / "n10-w4-r2-rings-with-gaps.osm");
    INFO(extract.report.to_text());
    // Water: a 600 m gap is bridged; the ring covers the 0.03 x 0.01 degree box.
    REQUIRE(extract.report.repaired.size() == 1);
    const auto& r = extract.report.repaired[0];
    CHECK(r.relation_id == 30);
    CHECK(r.gaps_closed == 1);
    CHECK(r.max_gap_m == Approx(600).epsilon(0.01));
    const double box_km2 =
        ground_distance_m({19.80, 45.255}, {19.83, 45.255}) * ground_distance_m({19.80, 45.25}, {19.80, 45.26}) / 1e6;
    CHECK(r.area_km2 == Approx(box_km2).epsilon(0.01));
    // Land: the same gap is too wide to invent land across it.
    CHECK(extract.report.skipped_count("assembly failed", "green.forest") == 1);
    CHECK(extract.report.count("green.forest") == 0);

    OsmImportOptions wide;
    wide.other_gap_tolerance_m = 1000;
    CHECK(read_osm(kFixtures / "n10-w4-r2-rings-with-gaps.osm", wide).report.count("green.forest") == 1);
    OsmImportOptions none;
    none.repair_rings = false;
    // Without repair nothing in this file can be drawn.
    CHECK_THROWS_AS(read_osm(kFixtures / "n10-w4-r2-rings-with-gaps.osm", none), Error);
}

TEST_CASE("Fixture: names, tags and the park's hole come through", "[osm_import]") {
    const auto extract = read_osm(kFixtures / "n15-w4-r1-park-with-hole.osm");
    REQUIRE(extract.features.size() == 3);
    for (const auto& f : extract.features) {
        if (f.cls == FeatureClass::Park) {
            CHECK(f.osm_type == 'r');
            CHECK(f.name == "Парк");
            CHECK(f.polygons.size() == 1);
            CHECK(f.parts.size() == 2); // outer ring and hole
        } else if (f.cls == FeatureClass::Building) {
            CHECK(f.tags_json == R"({"building":"yes","name":"L \"quoted\" \\ name"})");
            CHECK(nlohmann::json::parse(f.tags_json)["name"] == "L \"quoted\" \\ name");
        } else {
            CHECK(f.cls == FeatureClass::PlaceNeighbourhood);
            CHECK(f.name == "Лиман");
            CHECK(f.name_latin == "Liman");
        }
    }
}

namespace {

// The error must name the input or the destination, and the destination folder stays empty.
void expect_import_error(const std::filesystem::path& input, const oko::test::TempDir& out_dir,
                         const std::string& named) {
    const auto store = out_dir / "project.oko";
    try {
        import_osm(input, store);
        FAIL("no error for " << input);
    } catch (const Error& e) {
        INFO(e.what());
        CHECK(std::string(e.what()).find(named) != std::string::npos);
        CHECK_FALSE(e.reason().empty());
    }
    CHECK(std::filesystem::is_empty(out_dir.path()));
}

} // namespace

TEST_CASE("Bad input gives one clear error naming the file and leaves nothing behind", "[osm_import]") {
    oko::test::TempDir in;
    oko::test::TempDir out;

    SECTION("missing file") { expect_import_error(in / "nowhere.osm.pbf", out, "nowhere.osm.pbf"); }

    SECTION("text file named .osm") {
        std::ofstream(in / "notes.osm") << "These are my notes about cameras, not OSM data.\n";
        expect_import_error(in / "notes.osm", out, "notes.osm");
    }

    SECTION("empty extract") {
        std::filesystem::copy_file(kFixtures / "n1-untagged.osm", in / "empty.osm");
        expect_import_error(in / "empty.osm", out, "empty.osm");
    }

    SECTION("zero-byte file") {
        std::ofstream(in / "zero.osm.pbf").close();
        expect_import_error(in / "zero.osm.pbf", out, "zero.osm.pbf");
    }

    const auto pbf = oko::test::shared_data("osm/monaco.osm.pbf");
    if (!pbf) return;

    SECTION("truncated pbf") {
        std::ifstream src(*pbf, std::ios::binary);
        std::string data((std::istreambuf_iterator<char>(src)), std::istreambuf_iterator<char>());
        std::ofstream(in / "cut.osm.pbf", std::ios::binary) << data.substr(0, data.size() / 2);
        expect_import_error(in / "cut.osm.pbf", out, "cut.osm.pbf");
    }

    SECTION("corrupt pbf") {
        std::ifstream src(*pbf, std::ios::binary);
        std::string data((std::istreambuf_iterator<char>(src)), std::istreambuf_iterator<char>());
        for (size_t i = 1000; i < data.size(); i += 997)
            data[i] = static_cast<char>(data[i] ^ 0x5a);
        std::ofstream(in / "bad.osm.pbf", std::ios::binary) << data;
        expect_import_error(in / "bad.osm.pbf", out, "bad.osm.pbf");
    }

    SECTION("destination folder missing") {
        try {
            import_osm(*pbf, out / "no-such-folder" / "p.oko");
            FAIL("no error");
        } catch (const Error& e) {
            CHECK(e.file().find("p.oko") != std::string::npos);
        }
        CHECK(std::filesystem::is_empty(out.path()));
    }

    SECTION("destination is a folder") {
        std::filesystem::create_directory(out / "p.oko");
        CHECK_THROWS_AS(import_osm(*pbf, out / "p.oko"), Error);
        CHECK(std::filesystem::is_empty(out / "p.oko"));
    }

    SECTION("destination is not a project") {
        std::ofstream(out / "p.oko") << "not a database";
        CHECK_THROWS_AS(import_osm(*pbf, out / "p.oko"), Error);
        std::ifstream check(out / "p.oko");
        std::string text;
        std::getline(check, text);
        CHECK(text == "not a database");
    }
}

namespace {

// How many objects of an OSM file osmium-tool (an independent program) finds for a chain of
// tags-filter expressions, each applied to what the one before kept.
int64_t osmium_count(const std::filesystem::path& pbf, const std::vector<std::string>& filters,
                     const oko::test::TempDir& dir) {
    std::filesystem::path in = pbf;
    for (size_t i = 0; i < filters.size(); ++i) {
        const auto out = dir / ("step" + std::to_string(i) + ".osm.pbf");
        const auto r = run_command("osmium tags-filter -O -R -o " + shell_quote(out.string()) + " " +
                                   shell_quote(in.string()) + " " + shell_quote(filters[i]));
        REQUIRE(r.status == 0);
        in = out;
    }
    int64_t total = 0;
    for (const char* what : {"nodes", "ways", "relations"}) {
        const auto r =
            run_command("osmium fileinfo -e -g data.count." + std::string(what) + " " + shell_quote(in.string()));
        REQUIRE(r.status == 0);
        total += std::stoll(r.output);
    }
    return total;
}

} // namespace

TEST_CASE("The report's house numbers and coastline ways are what osmium counts", "[osm_import][real]") {
    if (run_command("osmium --version").status != 0) {
        WARN("osmium-tool is not installed: skipped");
        return;
    }
    oko::test::TempDir dir;
    if (const auto pbf = oko::test::shared_data("osm/novi_sad_center.osm.pbf")) {
        const OsmExtract extract = read_osm(*pbf);
        // An address is a house number with a street, or else a place: street + place - both.
        const int64_t street = osmium_count(*pbf, {"nwr/addr:housenumber", "nwr/addr:street"}, dir);
        const int64_t place = osmium_count(*pbf, {"nwr/addr:housenumber", "nwr/addr:place"}, dir);
        const int64_t both = osmium_count(*pbf, {"nwr/addr:housenumber", "nwr/addr:street", "nwr/addr:place"}, dir);
        CHECK(street > 30000);
        CHECK(static_cast<int64_t>(extract.report.addresses) == street + place - both);
    }
    if (const auto pbf = oko::test::shared_data("osm/monaco.osm.pbf")) {
        const OsmExtract extract = read_osm(*pbf);
        const int64_t coastline = osmium_count(*pbf, {"w/natural=coastline"}, dir);
        CHECK(coastline > 0);
        CHECK(static_cast<int64_t>(extract.report.coastline_ways) == coastline);
    }
}

namespace {

// A PBF frame written by hand: the 4-byte big-endian length, a BlobHeader of the given type (field
// 1) and data size (field 3), then that many bytes of data (not a valid blob: the frame is checked
// first).
std::string pbf_frame(const std::string& type, uint32_t datasize, size_t data_written) {
    std::string header;
    if (!type.empty()) header += '\x0a' + std::string(1, static_cast<char>(type.size())) + type;
    header += '\x18';
    for (uint32_t v = datasize;; v >>= 7) {
        const auto byte = static_cast<char>(v & 0x7f);
        if (v < 0x80) {
            header += byte;
            break;
        }
        header += static_cast<char>(byte | 0x80);
    }
    const auto n = static_cast<uint32_t>(header.size());
    std::string frame{static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
                      static_cast<char>(n)};
    return frame + header + std::string(data_written, '\x01');
}

std::string import_error_of(const std::filesystem::path& input) {
    oko::test::TempDir out;
    try {
        import_osm(input, out / "p.oko");
    } catch (const Error& e) {
        CHECK(std::filesystem::is_empty(out.path()));
        CHECK(e.file() == input.string());
        return e.reason();
    }
    FAIL("no error for " << input);
    return {};
}

} // namespace

TEST_CASE("A PBF whose frame is broken is refused naming the blob and its byte offset", "[osm_import]") {
    oko::test::TempDir in;
    const auto write = [&](const std::string& name, const std::string& bytes) {
        std::ofstream(in / name, std::ios::binary) << bytes;
        return in / name;
    };
    // The input a fuzzer found: its first BlobHeader has no type field (libosmium then compares the
    // type through a null pointer).
    CHECK(import_error_of(kFixtures / "untyped-blob-header.osm.pbf") ==
          "corrupt or truncated OSM PBF file (blob 1 at byte 0: its header has no type)");
    CHECK(import_error_of(write("untyped.osm.pbf", pbf_frame("", 10, 10))) ==
          "corrupt or truncated OSM PBF file (blob 1 at byte 0: its header has no type)");
    CHECK(import_error_of(write("data-first.osm.pbf", pbf_frame("OSMData", 10, 10))) ==
          "corrupt or truncated OSM PBF file (blob 1 at byte 0: of type \"OSMData\", not OSMHeader)");
    // The second frame starts after the first's 4 + 13 + 10 bytes.
    CHECK(import_error_of(write("cut.osm.pbf", pbf_frame("OSMHeader", 10, 10) + pbf_frame("OSMData", 500, 20))) ==
          "corrupt or truncated OSM PBF file (blob 2 at byte 27: the file ends inside the blob)");
    CHECK(import_error_of(write("huge.osm.pbf", pbf_frame("OSMHeader", 40u * 1024 * 1024, 10))) ==
          "corrupt or truncated OSM PBF file (blob 1 at byte 0: a blob of 41943040 bytes)");
    CHECK(import_error_of(write("tail.osm.pbf", pbf_frame("OSMHeader", 10, 10) + std::string(2, '\0'))) ==
          "corrupt or truncated OSM PBF file (blob 2 at byte 27: the file ends inside its length)");

    // A real extract cut in the middle of a blob says so, before any decoding.
    const auto pbf = oko::test::shared_data("osm/monaco.osm.pbf");
    if (!pbf) return;
    std::ifstream src(*pbf, std::ios::binary);
    const std::string data((std::istreambuf_iterator<char>(src)), std::istreambuf_iterator<char>());
    const auto reason = import_error_of(write("monaco-cut.osm.pbf", data.substr(0, data.size() / 2)));
    CHECK(reason.find("the file ends inside the blob") != std::string::npos);
}
