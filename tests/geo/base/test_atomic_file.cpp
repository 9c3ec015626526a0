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

#include <sys/wait.h>
#include <unistd.h>

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

namespace {

// The pid of a process that has ended: a child that exits at once, reaped.
pid_t pid_of_an_ended_process() {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    return child;
}

std::set<std::string> names_in(const fs::path& folder) {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(folder))
        names.insert(e.path().filename().string());
    return names;
}

void touch(const fs::path& p, const std::string& content = "x") { std::ofstream(p, std::ios::binary) << content; }

} // namespace

TEST_CASE("Temporary names are known by their owner, other names are not", "[atomic]") {
    const fs::path target = "/f/map.png";
    CHECK(geo::temporary_owner(target, ".map.png.tmp-123-45-6") == pid_t{123});
    CHECK(geo::temporary_owner(target, ".map.png.tmp-123-45-6-journal") == pid_t{123});
    CHECK(geo::temporary_owner(target, ".map.png.tmp-123-45-6-wal") == pid_t{123});
    const auto own = geo::unique_temporary_path(target).filename().string();
    CHECK(geo::temporary_owner(target, own) == ::getpid());
    for (const char* other : {"map.png", ".map.png.tmp-", ".map.png.tmp-123", ".map.png.tmp-123-45",
                              ".map.png.tmp-12a-45-6", ".map.png.tmp-123-45-6.bak", ".map.png.tmp-0-1-2",
                              ".other.png.tmp-123-45-6", ".map.png.tmp-99999999999999999999-1-2"}) {
        INFO(other);
        CHECK_FALSE(geo::temporary_owner(target, other));
    }
}

TEST_CASE("A killed writer's temporary files are removed by the next writer, a live one's stay", "[atomic]") {
    test::TempDir dir;
    const auto target = dir / "map.png";
    touch(target, "old picture");
    const pid_t ended = pid_of_an_ended_process();
    const std::string dead = ".map.png.tmp-" + std::to_string(ended) + "-1-0";
    const std::string live = ".map.png.tmp-" + std::to_string(::getppid()) + "-1-0"; // the test's parent runs
    const std::string mine = geo::unique_temporary_path(target).filename().string();
    const std::string of_another_file = ".map.pgw.tmp-" + std::to_string(ended) + "-1-0";
    for (const auto& name : {dead, dead + "-journal", live, mine, of_another_file, std::string(".map.png.tmp-notes")})
        touch(dir / name);

    CHECK(geo::remove_stale_temporaries(target) == 2);
    CHECK(names_in(dir.path()) == std::set<std::string>{"map.png", live, mine, of_another_file, ".map.png.tmp-notes"});
    CHECK(read_all(target) == "old picture");

    // A writer of the other file cleans up after its own dead predecessor as it starts.
    {
        geo::AtomicFile pgw(dir / "map.pgw");
        CHECK_FALSE(fs::exists(dir / of_another_file));
    }
    CHECK(geo::remove_stale_temporaries(dir / "missing-folder" / "x.png") == 0);
}

TEST_CASE("A no-replace rename never replaces a file that appeared meanwhile", "[atomic]") {
    test::TempDir dir;
    const auto target = dir / "p.oko";
    const auto tmp = geo::unique_temporary_path(target);
    touch(tmp, "mine");
    touch(target, "someone else's");
    CHECK_FALSE(geo::rename_no_replace(tmp, target));
    CHECK(read_all(target) == "someone else's");
    CHECK(read_all(tmp) == "mine");
    fs::remove(target);
    CHECK(geo::rename_no_replace(tmp, target));
    CHECK(read_all(target) == "mine");
    CHECK_FALSE(fs::exists(tmp));
    CHECK_THROWS_AS(geo::rename_no_replace(dir / "gone", dir / "q.oko"), geo::Error);
}

TEST_CASE("Errors name the user's file, not the hidden temporary one", "[atomic]") {
    const fs::path target = "/data/city.oko";
    const auto tmp = geo::unique_temporary_path(target);
    const geo::Error e("cannot open " + tmp.string() + "-journal: disk full", tmp.string(), 0, "");
    const auto named = geo::naming_target(e, tmp, target);
    CHECK(named.file() == "/data/city.oko");
    CHECK(std::string(named.what()).find(".tmp-") == std::string::npos);
    CHECK(named.reason() == "cannot open /data/city.oko-journal: disk full");
}

TEST_CASE("Files committed together are put back when one of them cannot be renamed", "[atomic]") {
    test::TempDir dir;
    const auto png = dir / "m.png", pgw = dir / "m.pgw", prj = dir / "m.prj";
    touch(png, "old picture");
    // The world file's name is taken by a folder that is not empty: its rename fails, after the
    // picture's has succeeded.
    fs::create_directory(pgw);
    touch(pgw / "inside", "x");
    {
        geo::AtomicFile a(png), b(pgw), c(prj);
        a.write("new picture");
        b.write("new world");
        c.write("new prj");
        CHECK_THROWS_AS(geo::commit_together({&a, &b, &c}), geo::Error);
    }
    CHECK(read_all(png) == "old picture");
    CHECK(fs::is_directory(pgw));
    CHECK_FALSE(fs::exists(prj));
    CHECK(names_in(dir.path()) == std::set<std::string>{"m.png", "m.pgw"});

    // A picture that did not exist before goes again.
    fs::remove(png);
    {
        geo::AtomicFile a(png), b(pgw);
        a.write("new picture");
        b.write("new world");
        CHECK_THROWS_AS(geo::commit_together({&a, &b}), geo::Error);
    }
    CHECK(names_in(dir.path()) == std::set<std::string>{"m.pgw"});
}

TEST_CASE("A file handed over to a library that creates it itself is renamed into place, or removed", "[atomic]") {
    test::TempDir dir;
    const auto target = dir / "cameras.gpkg";
    geo::write_file_atomically(target, "old");
    const auto hidden_files = [&] {
        size_t n = 0;
        for (const auto& e : fs::directory_iterator(dir.path()))
            n += e.path().filename().string().starts_with(".") ? 1 : 0;
        return n;
    };
    {
        geo::AtomicFile out(target);
        out.hand_over();
        CHECK(out.handed_over());
        CHECK_FALSE(fs::exists(out.temporary())); // free for a library that refuses to write over a file
        std::ofstream(out.temporary(), std::ios::binary) << "new";
        CHECK(read_all(target) == "old");
        out.commit();
    }
    CHECK(read_all(target) == "new");
    CHECK(hidden_files() == 0);

    {
        geo::AtomicFile out(target);
        out.hand_over();
        std::ofstream(out.temporary(), std::ios::binary) << "half";
    } // no commit: the library's file goes, the old one stays
    CHECK(read_all(target) == "new");
    CHECK(hidden_files() == 0);

    geo::AtomicFile nothing(target);
    nothing.hand_over();
    CHECK_THROWS_AS(nothing.commit(), geo::Error); // the library wrote nothing
    CHECK(read_all(target) == "new");
    CHECK(hidden_files() == 0);
}

TEST_CASE("A file set appears whole on commit, and not at all without it", "[atomic]") {
    test::TempDir dir;
    geo::write_file_atomically(dir / "b.txt", "old b");
    const auto names = [&] {
        std::set<std::string> out;
        for (const auto& e : fs::directory_iterator(dir.path()))
            out.insert(e.path().filename().string());
        return out;
    };
    {
        geo::FileSet set;
        set.add(dir / "a.txt").write("new a");
        auto& b = set.add(dir / "b.txt");
        b.write("new b");
        b.flush_to_disk();          // a writer may sync its own file; the set only renames it then
        CHECK(names().size() == 3); // b.txt and the two hidden temporary files
        CHECK_FALSE(fs::exists(dir / "a.txt"));
    } // dropped: nothing new appears, every temporary file goes
    CHECK(names() == std::set<std::string>{"b.txt"});
    CHECK(read_all(dir / "b.txt") == "old b");

    geo::FileSet set;
    set.add(dir / "a.txt").write("new a");
    set.add(dir / "b.txt").write("new b");
    set.add(dir / "c.txt").write("new c");
    CHECK_FALSE(fs::exists(dir / "a.txt"));
    set.commit();
    CHECK(names() == std::set<std::string>{"a.txt", "b.txt", "c.txt"});
    CHECK(read_all(dir / "a.txt") == "new a");
    CHECK(read_all(dir / "b.txt") == "new b");
    CHECK(read_all(dir / "c.txt") == "new c");
}
