// Creating a project all-or-nothing, and never over one another process made meanwhile.

#include "geo/base/atomic_file.hpp"
#include "geo/base/error.hpp"
#include "geo/store/store.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include <unistd.h>

using namespace oko::geo;
namespace fs = std::filesystem;

namespace {

bool has_temporary_files(const fs::path& folder) {
    for (const auto& e : fs::directory_iterator(folder))
        if (e.path().filename().string().find(".tmp-") != std::string::npos) return true;
    return false;
}

} // namespace

TEST_CASE("A project created meanwhile by another process is not replaced", "[store]") {
    oko::test::TempDir dir;
    const auto path = dir / "city.oko";
    bool inner = false;
    const bool created = Store::create_atomically(path, [&](Store& store) {
        store.set_meta("made_by", "slow");
        // The other process: it starts later and finishes first.
        inner = Store::create_atomically(path, [](Store& other) { other.set_meta("made_by", "fast"); });
    });
    CHECK(inner);
    CHECK_FALSE(created);
    const auto store = Store::open(path);
    CHECK(store.meta("made_by") == "fast");
    CHECK_FALSE(has_temporary_files(dir.path()));

    // An existing project is declined before anything is built.
    bool filled = false;
    CHECK_FALSE(Store::create_atomically(path, [&](Store&) { filled = true; }));
    CHECK_FALSE(filled);
}

TEST_CASE("A failed creation names the project and leaves nothing behind", "[store]") {
    oko::test::TempDir dir;
    const auto path = dir / "city.oko";
    try {
        (void)Store::create_atomically(path,
                                       [](Store& store) { throw Error("cannot store this", store.path().string()); });
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.file() == path.string());
        CHECK(std::string(e.what()).find(".tmp-") == std::string::npos);
    }
    CHECK_FALSE(fs::exists(path));
    CHECK_FALSE(has_temporary_files(dir.path()));
}

TEST_CASE("Creating a project removes what killed creators left, not what live ones write", "[store]") {
    oko::test::TempDir dir;
    const auto path = dir / "city.oko";
    // 2^22 + 1 lies above the largest pid Linux hands out (pid_max is at most 2^22).
    const std::string dead = ".city.oko.tmp-4194305-1-0";
    const std::string live = ".city.oko.tmp-" + std::to_string(::getppid()) + "-1-0";
    for (const auto& name : {dead, dead + "-journal", live})
        std::ofstream(dir / name) << "half a project";
    REQUIRE(Store::create_atomically(path, [](Store& store) { store.set_meta("k", "v"); }));
    CHECK_FALSE(fs::exists(dir / dead));
    CHECK_FALSE(fs::exists(dir / (dead + "-journal")));
    CHECK(fs::exists(dir / live));
}
