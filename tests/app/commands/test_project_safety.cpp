// A project file from someone else is data: the built `oko` on projects crafted in the test
// itself (a trigger that loads a library, a trigger that deletes other layers' points, a damaged
// page, out-of-range triangles).

#include "geo/base/sha256.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace oko;
using oko::test::quoted;
using oko::test::run_command;
using oko::test::shell_quote;

namespace {

const std::filesystem::path kFixtures = OKO_TEST_FIXTURES;

// Runs SQL on a project with the sqlite3 shell, as an attacker would.
test::CommandResult sql(const std::filesystem::path& db, const std::string& statements, bool spatialite = false) {
    return run_command("sqlite3 " + quoted(db) + (spatialite ? " '.load mod_spatialite' " : " ") +
                       shell_quote(statements));
}

// A small project: the park fixture as basemap, the smart-city sites and a camera layer.
std::filesystem::path make_project(const test::TempDir& dir) {
    const auto store = dir / "shared.oko";
    auto r = run_command(test::oko_command("import " + quoted(kFixtures / "osm/n15-w4-r1-park-with-hole.osm") +
                                           " --store " + quoted(store)));
    INFO(r.output);
    REQUIRE(r.status == 0);
    r = run_command(test::oko_command("import " + quoted(kFixtures / "points/cameras_points.geojson") +
                                      " --layer cams --store " + quoted(store)));
    INFO(r.output);
    REQUIRE(r.status == 0);
    return store;
}

// Every point of every layer, as text: what must not change.
std::string dump_points(const std::filesystem::path& store, const std::string& where = "1") {
    const auto r = sql(store, "SELECT l.name, p.id, p.vendor, p.year, hex(p.geom) FROM points p JOIN point_layers l ON "
                              "l.id = p.layer_id WHERE " +
                                  where + " ORDER BY p.id");
    REQUIRE(r.status == 0);
    return r.output;
}

// A copy of the fixture beside the project, so that the rejected-rows file lands in the test's folder.
std::filesystem::path copy_fixture(const test::TempDir& dir, const std::string& relative) {
    const auto to = dir / std::filesystem::path(relative).filename().string();
    std::filesystem::copy_file(kFixtures / relative, to, std::filesystem::copy_options::overwrite_existing);
    return to;
}

} // namespace

TEST_CASE("A project's triggers never load a library into oko import", "[e2e][safety]") {
    test::TempDir dir;
    // A library whose constructor leaves a marker: loading it is running the attacker's code.
    const auto marker = dir / "MARKER";
    {
        std::ofstream c(dir / "evil.c");
        c << "#include <stdio.h>\n"
             "__attribute__((constructor)) static void mark(void) {\n"
             "  FILE* f = fopen(\""
          << marker.string()
          << "\", \"w\"); if (f) { fputs(\"loaded\", f); fclose(f); }\n"
             "}\n"
             "int sqlite3_extension_init(void* db, char** err, const void* api) { return 0; }\n";
    }
    const auto lib = dir / "evil.so";
    const auto cc = run_command("cc -shared -fPIC -o " + quoted(lib) + " " + quoted(dir / "evil.c"));
    INFO(cc.output);
    REQUIRE(cc.status == 0);
    // The payload is real: the SQL function loads it where it is enabled.
    REQUIRE(run_command("sqlite3 :memory: " + shell_quote(".load " + lib.string())).status == 0);
    REQUIRE(std::filesystem::exists(marker));
    std::filesystem::remove(marker);

    const auto store = make_project(dir);
    const auto points = copy_fixture(dir, "points/cameras_mixed.geojson");
    const auto osm = kFixtures / "osm/n15-w4-r1-park-with-hole.osm";
    const std::string load = "SELECT load_extension(''" + lib.string() + "'')";

    SECTION("a trigger whose name carries SQL") {
        // Dropped by a name pasted into SQL, `DROP TRIGGER "a"; SELECT load_extension(...); --"`
        // drops the trigger "a" and then loads the library.
        REQUIRE(sql(store, "CREATE TRIGGER \"a\"\"; " + load +
                               "; --\" AFTER INSERT ON points BEGIN SELECT 1; END;"
                               "CREATE TRIGGER a AFTER INSERT ON points BEGIN SELECT 1; END;")
                    .status == 0);
        const auto before = geo::sha256_file(store);
        for (const auto& command :
             {test::oko_command("import " + quoted(points) + " --layer more --store " + quoted(store)),
              test::oko_command("import " + quoted(osm) + " --store " + quoted(store))}) {
            const auto r = run_command(command);
            INFO(r.output);
            CHECK(r.status == 1);
            CHECK_THAT(r.output, Catch::Contains("trigger \"a\"\"; SELECT load_extension("));
            CHECK_THAT(r.output, Catch::Contains("oko repair --store"));
            CHECK_FALSE(std::filesystem::exists(marker));
        }
        CHECK(geo::sha256_file(store) == before);
    }
    SECTION("a layer's view that loads the library when a GIS client reads it") {
        // The view QGIS lists for the layer, with one more column that calls load_extension().
        const auto view = sql(store, "SELECT sql FROM sqlite_master WHERE name = 'points_cams'");
        REQUIRE(view.status == 0);
        std::string tampered = view.output.substr(0, view.output.find_last_not_of('\n') + 1);
        const std::string from = " FROM \"points\"";
        REQUIRE(tampered.find(from) != std::string::npos);
        tampered.insert(tampered.find(from), ", load_extension('" + lib.string() + "') AS \"x\"");
        REQUIRE(sql(store, "DROP VIEW points_cams; " + tampered).status == 0);
        const auto before = geo::sha256_file(store);
        for (const auto& args :
             {"import " + quoted(points) + " --layer more --store " + quoted(store), "layers --store " + quoted(store),
              "render --store " + quoted(store) + " --out " + quoted(dir / "x.png") + " --size 64x64"}) {
            const auto r = run_command(test::oko_command(args));
            INFO(r.output);
            CHECK(r.status == 1);
            CHECK_THAT(r.output, Catch::Contains("view \"points_cams\" (its SQL is not the one Oko writes)"));
            CHECK_THAT(r.output, Catch::Contains("oko repair --store"));
        }
        CHECK_FALSE(std::filesystem::exists(marker));
        CHECK(geo::sha256_file(store) == before);
        const auto checked = run_command(test::oko_command("check --store " + quoted(store)));
        INFO(checked.output);
        CHECK(checked.status == 1);
        CHECK_THAT(checked.output, Catch::Contains("view \"points_cams\" (its SQL is not the one Oko writes)"));

        const auto repaired = run_command(test::oko_command("repair --store " + quoted(store)));
        INFO(repaired.output);
        CHECK(repaired.status == 0);
        CHECK_THAT(repaired.output, Catch::Contains("re-created view \"points_cams\" as Oko writes it"));
        CHECK(sql(store, "SELECT count(*) FROM sqlite_master WHERE sql LIKE '%load_extension%'").output == "0\n");
        CHECK(sql(store, "SELECT sql FROM sqlite_master WHERE name = 'points_cams'").output == view.output);
        CHECK(run_command(test::oko_command("check --store " + quoted(store))).status == 0);
        CHECK_FALSE(std::filesystem::exists(marker));
    }
    SECTION("SQL appended to one of SpatiaLite's triggers with writable_schema") {
        for (const char* trigger : {"gii_points_geom", "gii_basemap_areas_geom"})
            REQUIRE(sql(store, std::string("PRAGMA writable_schema=ON; UPDATE sqlite_master SET sql = sql || '; ") +
                                   load + ";' WHERE name = '" + trigger + "'")
                        .status == 0);
        const auto before = geo::sha256_file(store);
        const auto r =
            run_command(test::oko_command("import " + quoted(points) + " --layer more --store " + quoted(store)));
        INFO(r.output);
        CHECK(r.status == 1);
        CHECK_THAT(r.output, Catch::Contains("trigger \"gii_points_geom\" on points"));
        CHECK_FALSE(std::filesystem::exists(marker));
        const auto osm_import = run_command(test::oko_command("import " + quoted(osm) + " --store " + quoted(store)));
        INFO(osm_import.output);
        CHECK(osm_import.status == 1);
        CHECK_THAT(osm_import.output, Catch::Contains("trigger \"gii_basemap_areas_geom\" on basemap_areas"));
        CHECK_FALSE(std::filesystem::exists(marker));
        CHECK(geo::sha256_file(store) == before);

        // oko repair writes SpatiaLite's triggers again as Oko creates them; imports then work.
        const auto repaired = run_command(test::oko_command("repair --store " + quoted(store)));
        INFO(repaired.output);
        CHECK(repaired.status == 0);
        CHECK_THAT(repaired.output, Catch::Contains("re-created trigger \"gii_points_geom\""));
        CHECK(sql(store, "SELECT count(*) FROM sqlite_master WHERE sql LIKE '%load_extension%'").output == "0\n");
        const auto again =
            run_command(test::oko_command("import " + quoted(points) + " --layer more --store " + quoted(store)));
        INFO(again.output);
        CHECK(again.status == 0);
        const auto osm_again = run_command(test::oko_command("import " + quoted(osm) + " --store " + quoted(store)));
        INFO(osm_again.output);
        CHECK(osm_again.status == 0);
        CHECK_FALSE(std::filesystem::exists(marker));
    }
}

TEST_CASE("A planted trigger is refused on open and oko repair strips it", "[e2e][safety]") {
    test::TempDir dir;
    const auto store = make_project(dir);
    const auto points = copy_fixture(dir, "points/cameras_mixed.geojson");
    const std::string plant = "CREATE TRIGGER wipe AFTER INSERT ON point_sources BEGIN "
                              "DELETE FROM points WHERE layer_id <> NEW.layer_id; END;";
    const auto before = dump_points(store);
    REQUIRE(before.find("smart_city_sites") != std::string::npos);
    REQUIRE(before.find("cams") != std::string::npos);

    // The trigger does what it says where it runs: a copy loses the other layers' points.
    {
        std::filesystem::copy_file(store, dir / "copy.oko");
        REQUIRE(sql(dir / "copy.oko", plant + "INSERT INTO point_sources(layer_id, file_name, sha256, imported_at) "
                                              "VALUES (1, 'x', 'x', 'now');")
                    .status == 0);
        CHECK(sql(dir / "copy.oko", "SELECT count(*) FROM points WHERE layer_id <> 1").output == "0\n");
    }

    REQUIRE(sql(store, plant).status == 0);
    const auto planted_hash = geo::sha256_file(store);
    for (const auto& args :
         {"import " + quoted(points) + " --layer more --store " + quoted(store), "layers --store " + quoted(store),
          "render --store " + quoted(store) + " --out " + quoted(dir / "x.png") + " --size 64x64"}) {
        const auto r = run_command(test::oko_command(args));
        INFO(r.output);
        CHECK(r.status == 1);
        CHECK_THAT(r.output, Catch::Contains("trigger \"wipe\" on point_sources (not created by Oko)"));
        CHECK_THAT(r.output, Catch::Contains("oko repair --store " + store.string()));
    }
    CHECK(geo::sha256_file(store) == planted_hash);
    CHECK_FALSE(std::filesystem::exists(dir / "x.png"));

    const auto checked = run_command(test::oko_command("check --store " + quoted(store)));
    INFO(checked.output);
    CHECK(checked.status == 1);
    CHECK_THAT(checked.output, Catch::Contains("trigger \"wipe\""));

    const auto repaired = run_command(test::oko_command("repair --store " + quoted(store)));
    INFO(repaired.output);
    CHECK(repaired.status == 0);
    CHECK_THAT(repaired.output, Catch::Contains("dropped trigger \"wipe\" on point_sources"));
    CHECK(sql(store, "SELECT count(*) FROM sqlite_master WHERE name = 'wipe'").output == "0\n");
    CHECK(run_command(test::oko_command("check --store " + quoted(store))).status == 0);

    // After the repair an import works and leaves every other layer as it was.
    const auto imported =
        run_command(test::oko_command("import " + quoted(points) + " --layer more --store " + quoted(store)));
    INFO(imported.output);
    CHECK(imported.status == 0);
    CHECK(dump_points(store, "l.name <> 'more'") == before);
    CHECK(sql(store, "SELECT count(*) FROM points p JOIN point_layers l ON l.id = p.layer_id WHERE l.name = 'more'")
              .output != "0\n");
    // A second repair has nothing to do.
    const auto again = run_command(test::oko_command("repair --store " + quoted(store)));
    CHECK(again.status == 0);
    CHECK_THAT(again.output, Catch::Contains("nothing to repair"));
}

TEST_CASE("A damaged project is reported and never written into", "[e2e][safety]") {
    test::TempDir dir;
    // A basemap of 3,000 buildings, so that the middle of the file is the basemap's pages.
    const auto osm = dir / "grid.osm";
    {
        std::ofstream out(osm);
        out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" generator=\"test\">\n";
        int64_t node = 1;
        for (int i = 0; i < 3000; ++i) {
            const double x = 19.80 + (i % 60) * 0.0005, y = 45.25 + (i / 60) * 0.0005;
            const double corners[4][2] = {{0, 0}, {0.0003, 0}, {0.0003, 0.0003}, {0, 0.0003}};
            for (const auto& c : corners)
                out << "<node id=\"" << node++ << "\" lat=\"" << y + c[1] << "\" lon=\"" << x + c[0] << "\"/>\n";
        }
        for (int i = 0; i < 3000; ++i) {
            out << "<way id=\"" << i + 1 << "\">";
            for (int k : {0, 1, 2, 3, 0})
                out << "<nd ref=\"" << 4 * i + k + 1 << "\"/>";
            out << "<tag k=\"building\" v=\"yes\"/></way>\n";
        }
        out << "</osm>\n";
    }
    const auto store = dir / "grid.oko";
    const auto r = run_command(test::oko_command("import " + quoted(osm) + " --store " + quoted(store)));
    INFO(r.output);
    REQUIRE(r.status == 0);
    REQUIRE(run_command(test::oko_command("check --store " + quoted(store))).status == 0);

    // Eight pages in the middle overwritten.
    const auto size = std::filesystem::file_size(store);
    {
        std::fstream f(store, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(size / 2 / 4096 * 4096));
        const std::string junk(8 * 4096, '\xA5');
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    const auto damaged = geo::sha256_file(store);
    const auto points = copy_fixture(dir, "points/cameras_points.geojson");
    for (const auto& args : {"render --store " + quoted(store) + " --out " + quoted(dir / "x.png") + " --size 64x64",
                             "import " + quoted(points) + " --layer more --store " + quoted(store),
                             "import " + quoted(osm) + " --store " + quoted(store)}) {
        const auto out = run_command(test::oko_command(args));
        INFO(out.output);
        CHECK(out.status == 1);
        CHECK_THAT(out.output, Catch::Contains(store.string() + ": the project file is damaged"));
    }
    CHECK(geo::sha256_file(store) == damaged);
    CHECK_FALSE(std::filesystem::exists(dir / "x.png"));
    const auto checked = run_command(test::oko_command("check --store " + quoted(store)));
    INFO(checked.output);
    CHECK(checked.status == 1);
    CHECK_THAT(checked.output, Catch::Contains("file: damaged"));
    const auto repaired = run_command(test::oko_command("repair --store " + quoted(store)));
    CHECK(repaired.status == 1);
    CHECK_THAT(repaired.output, Catch::Contains("damaged"));
    CHECK(geo::sha256_file(store) == damaged);
}

TEST_CASE("Files that are not sound Oko projects are refused in the user's words", "[e2e][safety]") {
    test::TempDir dir;
    const auto render = [&](const std::filesystem::path& store) {
        return run_command(test::oko_command("render --store " + quoted(store) + " --out " + quoted(dir / "x.png")));
    };
    { std::ofstream(dir / "notes.oko") << std::string(8192, 'n'); }
    auto r = render(dir / "notes.oko");
    CHECK(r.status == 1);
    CHECK_THAT(r.output, Catch::Contains("notes.oko: the project file is damaged"));

    REQUIRE(sql(dir / "other.oko", "CREATE TABLE t(x); INSERT INTO t VALUES (1);").status == 0);
    r = render(dir / "other.oko");
    CHECK(r.status == 1);
    CHECK_THAT(r.output, Catch::Contains("other.oko: not an Oko project file"));

    const auto store = make_project(dir);
    REQUIRE(sql(store, "UPDATE oko_meta SET value = 'one' WHERE key = 'format_version'").status == 0);
    r = render(store);
    CHECK(r.status == 1);
    CHECK_THAT(r.output, Catch::Contains("format version 'one' is not a number"));
    CHECK_THAT(r.output, !Catch::Contains("stoi"));
}

TEST_CASE("Out-of-range stored triangles stop oko render with a clear error", "[e2e][safety]") {
    test::TempDir dir;
    const auto store = make_project(dir);
    const auto render = [&] {
        return run_command(
            test::oko_command("render --store " + quoted(store) + " --out " + quoted(dir / "x.png") + " --size 64x64"));
    };
    REQUIRE(render().status == 0);
    std::filesystem::remove(dir / "x.png");
    const std::string park = "(SELECT id FROM basemap_areas WHERE class = 'green.park')";

    SECTION("an index past the feature's points") {
        REQUIRE(
            sql(store, "UPDATE basemap_areas SET triangles = X'FFFFFF7F0000000001000000' WHERE id = " + park).status ==
            0);
        const auto r = render();
        INFO(r.output);
        CHECK(r.status == 1);
        CHECK_THAT(r.output, Catch::Contains("the project file is damaged (feature r"));
        CHECK_THAT(r.output, Catch::Contains("in basemap_areas: its triangulation names point 2147483647"));
    }
    SECTION("a count that is not whole triangles") {
        REQUIRE(sql(store, "UPDATE basemap_areas SET triangles = X'0000000001000000' WHERE id = " + park).status == 0);
        const auto r = render();
        INFO(r.output);
        CHECK(r.status == 1);
        CHECK_THAT(r.output, Catch::Contains("not whole triangles"));
    }
    SECTION("a geometry whose counts run past its end") {
        // SpatiaLite's update trigger would refuse the cut BLOB: it goes for the update and comes back.
        auto trigger = sql(store, "SELECT sql FROM sqlite_master WHERE name = 'ggu_basemap_areas_geom'").output;
        REQUIRE(trigger.find("CREATE TRIGGER") == 0);
        REQUIRE(sql(store,
                    "DROP TRIGGER ggu_basemap_areas_geom; UPDATE basemap_areas SET geom = substr(geom, 1, "
                    "length(geom) - 20) WHERE id = " +
                        park + "; " + trigger + ";",
                    true)
                    .status == 0);
        REQUIRE(run_command(test::oko_command("check --store " + quoted(store))).output.find("schema: every") !=
                std::string::npos);
        const auto r = render();
        INFO(r.output);
        CHECK(r.status == 1);
        CHECK_THAT(r.output, Catch::Contains("its geometry is not a SpatiaLite geometry Oko reads"));
    }
    CHECK_FALSE(std::filesystem::exists(dir / "x.png"));
    const auto checked = run_command(test::oko_command("check --store " + quoted(store)));
    CHECK(checked.status == 1);
    CHECK_THAT(checked.output, Catch::Contains("basemap"));
}
