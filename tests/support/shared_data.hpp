#pragma once
// Access to the real test data in ../shared/data (or $OKO_SHARED_DATA).
// A test that needs a file calls shared_data("osm/monaco.osm.pbf") and returns when it gets
// nothing: the data is absent, which is a warning on a developer machine and a failure in CI
// (OKO_REQUIRE_SHARED_DATA=1).

#include <filesystem>
#include <optional>
#include <string>

namespace oko::test {

std::optional<std::filesystem::path> shared_data(const std::string& relative);

// A fresh, empty folder for one test, removed when the object goes away.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

// Runs a shell command, returns its exit status and what it wrote to stdout (stderr is merged).
struct CommandResult {
    int status = -1;
    std::string output;
};
CommandResult run_command(const std::string& command);

// Quotes a string for /bin/sh.
std::string shell_quote(const std::string& s);

// The built `oko` binary.
std::string oko_binary();

// A shell command line running the built `oko` with `args` (already quoted where needed).
std::string oko_command(const std::string& args);

// Whether the window tests can run: the build has the window (OKO_BUILD_GUI) and xvfb-run (and,
// with `with_xrdb`, xrdb) is installed. When not, says why (a Catch2 warning) and returns false.
bool can_open_window(bool with_xrdb = false);

// The whole content of a file, as bytes (empty when it cannot be read).
std::string file_bytes(const std::filesystem::path& path);

// A path quoted for /bin/sh.
inline std::string quoted(const std::filesystem::path& p) { return shell_quote(p.string()); }

// `oko render --store STORE --out OUT ARGS` as a shell command line.
inline std::string render_command(const std::filesystem::path& store, const std::filesystem::path& out,
                                  const std::string& args) {
    return oko_command("render --store " + quoted(store) + " --out " + quoted(out) + " " + args);
}

// Imports the shared Monaco extract into `store` (its failure fails the test); false when the
// shared data is absent.
bool import_monaco(const std::filesystem::path& store);

} // namespace oko::test
