#include "geo/base/atomic_file.hpp"
#include "geo/base/error.hpp"

#include "support/shared_data.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <iterator>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace oko;
namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST_CASE("Two threads writing one file never leave a partial file", "[atomic]") {
    test::TempDir dir;
    const auto target = dir / "out.csv";
    const std::string a(300'000, 'a'), b(200'000, 'b');
    geo::write_file_atomically(target, a);
    std::atomic<bool> stop{false};
    std::atomic<int> bad_reads{0}, reads{0}, failures{0};
    std::thread reader([&] {
        while (!stop) {
            const std::string seen = read_all(target);
            ++reads;
            if (seen != a && seen != b) ++bad_reads;
        }
    });
    auto writer = [&](const std::string& content) {
        for (int i = 0; i < 150; ++i) {
            try {
                geo::write_file_atomically(target, content);
            } catch (const geo::Error&) {
                ++failures;
            }
        }
    };
    std::thread wa(writer, std::cref(a)), wb(writer, std::cref(b));
    wa.join();
    wb.join();
    stop = true;
    reader.join();
    CHECK(failures == 0);
    CHECK(bad_reads == 0);
    CHECK(reads > 0);
    const std::string last = read_all(target);
    CHECK((last == a || last == b));
    // Every temporary file was renamed or removed: the folder holds the target only.
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir.path()))
        names.push_back(e.path().filename().string());
    CHECK(names == std::vector<std::string>{"out.csv"});
}

TEST_CASE("Temporary names are unique across threads and lie beside the target", "[atomic]") {
    const fs::path target = "/some/folder/map.png";
    std::mutex m;
    std::set<fs::path> names;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            std::vector<fs::path> mine;
            for (int i = 0; i < 500; ++i)
                mine.push_back(geo::unique_temporary_path(target));
            std::lock_guard lock(m);
            names.insert(mine.begin(), mine.end());
        });
    for (auto& t : threads)
        t.join();
    CHECK(names.size() == 2000);
    for (const auto& n : names) {
        CHECK(n.parent_path() == target.parent_path());
        CHECK(n.filename().string().rfind(".map.png.tmp-", 0) == 0);
    }
}

TEST_CASE("An uncommitted file leaves the old one, files committed together all appear", "[atomic]") {
    test::TempDir dir;
    const auto target = dir / "scene.json";
    geo::write_file_atomically(target, "old");
    {
        geo::AtomicFile f(target);
        f.write("new but abandoned");
        CHECK(fs::exists(f.temporary()));
    }
    CHECK(read_all(target) == "old");
    {
        geo::AtomicFile png(dir / "m.png"), pgw(dir / "m.pgw");
        png.write("picture");
        pgw.write("world");
        CHECK_FALSE(fs::exists(dir / "m.png"));
        geo::commit_together({&png, &pgw});
    }
    CHECK(read_all(dir / "m.png") == "picture");
    CHECK(read_all(dir / "m.pgw") == "world");
    CHECK_THROWS_AS(geo::write_file_atomically(dir / "no" / "such" / "dir.txt", "x"), geo::Error);
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir.path()))
        names.insert(e.path().filename().string());
    CHECK(names == std::set<std::string>{"scene.json", "m.png", "m.pgw"});
}
