// Nothing lost, nothing left behind: the built `oko` against concurrent creators, kills, a full
// disk and failed imports, each set up from scratch here.

#include "support/shared_data.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

using namespace oko;
using test::quoted;
using test::run_command;
namespace fs = std::filesystem;

namespace {

// `rows` cameras around a point, and `bad` rows without a usable position among them.
void write_cameras(const fs::path& path, int rows, int bad, double lat, double lon) {
    std::ofstream out(path, std::ios::binary);
    out << "lat,lon,vendor,year\n";
    for (int i = 0; i < rows; ++i) {
        if (bad > 0 && i % (rows / bad) == 0)
            out << "not a latitude," << lon << ",Dahua,2020\n";
        else
            out << lat + (i % 1000) * 1e-4 << "," << lon + (i / 1000) * 1e-4 << ",Hikvision," << 2015 + i % 8 << "\n";
    }
}

// Features per layer, from `oko layers --json`; empty when the project does not open.
std::map<std::string, int64_t> layers_of(const fs::path& store) {
    const auto r = run_command(test::oko_command("layers --json --store " + quoted(store)));
    std::map<std::string, int64_t> out;
    if (r.status != 0) return out;
    for (const auto& l : nlohmann::json::parse(r.output))
        out[l["name"]] = l["features"];
    return out;
}

std::vector<std::string> temporaries_in(const fs::path& folder) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(folder))
        if (e.path().filename().string().find(".tmp-") != std::string::npos) names.push_back(e.path().filename());
    return names;
}

// Runs `command` (a shell command line) as if the disk held only `kib` KiB more per file:
// RLIMIT_FSIZE, with SIGXFSZ ignored so that a write past it fails with EFBIG instead of killing.
test::CommandResult run_with_file_limit(int kib, const std::string& command) {
    return run_command("bash -c " +
                       test::shell_quote("ulimit -f " + std::to_string(kib) + "; trap '' XFSZ; exec " + command));
}

// Starts the built `oko` with `args`, its output thrown away.
pid_t spawn_oko(const std::vector<std::string>& args) {
    std::vector<std::string> argv_s = {test::oko_binary()};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0 ? pid : -1;
}

} // namespace

TEST_CASE("Two processes creating the same new project both keep their layer", "[e2e][safety][slow]") {
    test::TempDir dir;
    write_cameras(dir / "north.csv", 300, 0, 45.30, 19.80);
    write_cameras(dir / "south.csv", 200, 0, 45.20, 19.80);
    const auto store = dir / "city.oko";
    const auto import = [&](const std::string& layer) {
        return "(" +
               test::oko_command("import " + quoted(dir / (layer + ".csv")) + " --store " + quoted(store) +
                                 " --layer " + layer) +
               " > " + quoted(dir / (layer + ".out")) + " 2>&1; echo $? > " + quoted(dir / (layer + ".rc")) + ")";
    };
    // Both start at once and find no project; before the fix, the second rename replaced the
    // first project, one layer gone, in every trial.
    const int trials = 10;
    for (int trial = 0; trial < trials; ++trial) {
        INFO("trial " << trial);
        fs::remove(store);
        const auto both = run_command(import("north") + " & " + import("south") + " & wait");
        REQUIRE(both.status == 0);
        INFO(test::file_bytes(dir / "north.out") << test::file_bytes(dir / "south.out"));
        CHECK(test::file_bytes(dir / "north.rc") == "0\n");
        CHECK(test::file_bytes(dir / "south.rc") == "0\n");
        const auto layers = layers_of(store);
        CHECK(layers.count("north"));
        CHECK(layers.count("south"));
        if (layers.count("north")) CHECK(layers.at("north") == 300);
        if (layers.count("south")) CHECK(layers.at("south") == 200);
        CHECK(temporaries_in(dir.path()).empty());
    }
}

TEST_CASE("An OSM import and a point import creating one project at once keep both", "[e2e][safety][slow]") {
    const auto pbf = test::shared_data("osm/monaco.osm.pbf");
    if (!pbf) return;
    test::TempDir dir;
    write_cameras(dir / "cams.csv", 100, 0, 43.73, 7.42);
    const auto store = dir / "monaco.oko";
    for (int trial = 0; trial < 2; ++trial) {
        INFO("trial " << trial);
        fs::remove(store);
        const auto both = run_command(
            test::oko_command("import " + quoted(*pbf) + " --store " + quoted(store)) + " > /dev/null & " +
            test::oko_command("import " + quoted(dir / "cams.csv") + " --store " + quoted(store) + " --layer cams") +
            " > /dev/null & wait");
        REQUIRE(both.status == 0);
        const auto layers = layers_of(store);
        CHECK(layers.count("cams"));
        CHECK(layers.count("buildings"));
        if (layers.count("buildings")) CHECK(layers.at("buildings") > 1000);
        CHECK(temporaries_in(dir.path()).empty());
    }
}

TEST_CASE("A boundary import and a point import creating one project at once keep both", "[e2e][safety][slow]") {
    const auto opstine = test::shared_data("boundaries/belgrade_opstine.geojson");
    if (!opstine) return;
    test::TempDir dir;
    write_cameras(dir / "cams.csv", 100, 0, 44.80, 20.45);
    const auto store = dir / "beograd.oko";
    for (int trial = 0; trial < 3; ++trial) {
        INFO("trial " << trial);
        fs::remove(store);
        const auto both = run_command(
            test::oko_command("import " + quoted(*opstine) + " --store " + quoted(store) + " --layer opstine") +
            " > /dev/null & " +
            test::oko_command("import " + quoted(dir / "cams.csv") + " --store " + quoted(store) + " --layer cams") +
            " > /dev/null & wait");
        REQUIRE(both.status == 0);
        const auto layers = layers_of(store);
        CHECK(layers.count("cams"));
        CHECK(layers.count("opstine"));
        if (layers.count("opstine")) CHECK(layers.at("opstine") > 10);
        CHECK(temporaries_in(dir.path()).empty());
    }
}

TEST_CASE("A killed import leaves nothing behind once the next import has run", "[e2e][safety][slow]") {
    test::TempDir dir;
    const auto csv = dir / "many.csv";
    write_cameras(csv, 300'000, 10, 45.20, 19.70);
    const auto store = dir / "city.oko";
    const std::vector<std::string> args = {"import", csv.string(), "--store", store.string(), "--layer", "many"};

    // Killed while it writes the new project: its temporary file stays, hidden beside it.
    std::vector<std::string> left;
    for (int attempt = 0; attempt < 5 && left.empty(); ++attempt) {
        const pid_t pid = spawn_oko(args);
        REQUIRE(pid > 0);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (temporaries_in(dir.path()).empty() && std::chrono::steady_clock::now() < deadline &&
               ::waitpid(pid, nullptr, WNOHANG) == 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        std::this_thread::sleep_for(std::chrono::milliseconds(100 * attempt));
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
        left = temporaries_in(dir.path());
        if (left.empty()) fs::remove(store); // it finished first: try again
    }
    REQUIRE_FALSE(left.empty());
    CHECK_FALSE(fs::exists(store)); // the project is never half there

    const auto next =
        run_command(test::oko_command("import " + quoted(csv) + " --store " + quoted(store) + " --layer many"));
    INFO(next.output);
    REQUIRE(next.status == 0);
    CHECK(temporaries_in(dir.path()).empty());
    CHECK(layers_of(store)["many"] == 300'000 - 10);
}

TEST_CASE("A full disk while the picture is written keeps the old picture and its world file", "[e2e][safety]") {
    test::TempDir dir;
    write_cameras(dir / "cams.csv", 2000, 0, 45.25, 19.84);
    const auto store = dir / "city.oko";
    REQUIRE(run_command(
                test::oko_command("import " + quoted(dir / "cams.csv") + " --store " + quoted(store) + " --layer cams"))
                .status == 0);
    const auto png = dir / "map.png";
    const auto render_to = [&](const fs::path& out, const std::string& size, const std::string& bbox) {
        return test::oko_command("render --store " + quoted(store) + " --out " + quoted(out) + " --size " + size +
                                 " --bbox " + bbox);
    };
    const auto render = [&](const std::string& size, const std::string& bbox) { return render_to(png, size, bbox); };
    const auto first = run_command(render("320x240", "19.83,45.24,19.86,45.27"));
    INFO(first.output);
    REQUIRE(first.status == 0);
    const std::vector<fs::path> together = {png, dir / "map.pgw", dir / "map.png.prj", dir / "map.png.aux.xml"};
    std::vector<std::string> old;
    for (const auto& f : together) {
        REQUIRE(fs::exists(f));
        old.push_back(test::file_bytes(f));
    }

    // A picture of another place and size, with room for its side files but not for its PNG.
    fs::create_directory(dir / "probe");
    REQUIRE(run_command(render_to(dir / "probe" / "map.png", "1600x1200", "19.80,45.20,19.90,45.30")).status == 0);
    uintmax_t largest_side_file = 0;
    for (const char* side : {"map.pgw", "map.png.prj", "map.png.aux.xml"})
        largest_side_file = std::max(largest_side_file, fs::file_size(dir / "probe" / side));
    const int room_kib = static_cast<int>(largest_side_file / 1024) + 1;
    REQUIRE(fs::file_size(dir / "probe" / "map.png") > static_cast<uintmax_t>(room_kib) * 1024);
    fs::remove_all(dir / "probe");
    const auto full = run_with_file_limit(room_kib, render("1600x1200", "19.80,45.20,19.90,45.30"));
    INFO(full.output);
    CHECK(full.status != 0);
    CHECK_THAT(full.output, Catch::Contains("map.png"));
    CHECK_THAT(full.output, !Catch::Contains(".tmp-"));
    for (size_t i = 0; i < together.size(); ++i) {
        INFO(together[i]);
        CHECK(test::file_bytes(together[i]) == old[i]);
    }
    CHECK(temporaries_in(dir.path()).empty());

    // With room again the new picture and its world file arrive together.
    const auto roomy = run_command(render("1600x1200", "19.80,45.20,19.90,45.30"));
    REQUIRE(roomy.status == 0);
    CHECK(test::file_bytes(png) != old[0]);
    CHECK(test::file_bytes(dir / "map.pgw") != old[1]);
}

TEST_CASE("The rejected-rows file is replaced only when the import commits", "[e2e][safety]") {
    test::TempDir dir;
    write_cameras(dir / "first.csv", 50, 0, 45.25, 19.84);
    const auto store = dir / "city.oko";
    REQUIRE(run_command(test::oko_command("import " + quoted(dir / "first.csv") + " --store " + quoted(store) +
                                          " --layer first"))
                .status == 0);
    const auto before = layers_of(store);
    const auto csv = dir / "more.csv";
    write_cameras(csv, 3000, 30, 45.26, 19.85);
    const auto sidecar = dir / "more.rejected.csv";
    { std::ofstream(sidecar) << "the rejected rows of an earlier import\n"; }

    // The rows are read and checked (the sidecar written aside), then the project cannot grow by
    // the pages they need: the import fails as it commits.
    const int room_kib = static_cast<int>(fs::file_size(store) / 1024) + 4;
    const auto failed = run_with_file_limit(
        room_kib, test::oko_command("import " + quoted(csv) + " --store " + quoted(store) + " --layer more"));
    INFO(failed.output);
    CHECK(failed.status != 0);
    CHECK_THAT(failed.output, Catch::Contains("city.oko"));
    CHECK_THAT(failed.output, Catch::Contains("the disk is full") && Catch::Contains("the project is as it was"));
    CHECK(test::file_bytes(sidecar) == "the rejected rows of an earlier import\n");
    CHECK(layers_of(store) == before);
    CHECK(temporaries_in(dir.path()).empty());

    // The same import with room commits, and its sidecar replaces the old one.
    const auto done =
        run_command(test::oko_command("import " + quoted(csv) + " --store " + quoted(store) + " --layer more"));
    INFO(done.output);
    REQUIRE(done.status == 0);
    CHECK_THAT(test::file_bytes(sidecar), Catch::Contains("not a latitude"));
    CHECK(layers_of(store)["more"] == 3000 - 30);
}

TEST_CASE("A project that cannot be written is named in the error, never its hidden temporary file", "[e2e][safety]") {
    test::TempDir dir;
    write_cameras(dir / "cams.csv", 500, 0, 45.25, 19.84);
    const auto store = dir / "city.oko";
    const auto r = run_with_file_limit(
        32, test::oko_command("import " + quoted(dir / "cams.csv") + " --store " + quoted(store) + " --layer cams"));
    INFO(r.output);
    CHECK(r.status != 0);
    CHECK_THAT(r.output, Catch::Contains(store.string()));
    CHECK_THAT(r.output, !Catch::Contains(".tmp-"));
    CHECK_FALSE(fs::exists(store));
    CHECK(temporaries_in(dir.path()).empty());
}
