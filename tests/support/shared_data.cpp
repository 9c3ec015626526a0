#include "support/shared_data.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <sys/wait.h>

namespace oko::test {

std::string file_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::optional<std::filesystem::path> shared_data(const std::string& relative) {
    const char* env = std::getenv("OKO_SHARED_DATA");
    const std::filesystem::path root = env && *env ? env : OKO_SHARED_DATA_DEFAULT;
    const auto path = root / relative;
    if (std::filesystem::exists(path)) return path;
    const char* require = std::getenv("OKO_REQUIRE_SHARED_DATA");
    if (require && std::string(require) == "1") FAIL("required test data is missing: " << path.string());
    WARN("skipped: test data not found: " << path.string() << " (set OKO_SHARED_DATA)");
    return std::nullopt;
}

TempDir::TempDir() {
    std::random_device rd;
    const auto base = std::filesystem::temp_directory_path();
    for (int i = 0; i < 100; ++i) {
        auto candidate = base / ("oko-test-" + std::to_string(rd()));
        if (std::filesystem::create_directory(candidate)) {
            m_path = candidate;
            return;
        }
    }
    throw std::runtime_error("cannot create a temporary folder");
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

CommandResult run_command(const std::string& command) {
    CommandResult result;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (!pipe) return result;
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0)
        result.output.append(buf.data(), n);
    const int status = pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

std::string oko_binary() {
    const char* env = std::getenv("OKO_BINARY");
    return env && *env ? env : OKO_BINARY;
}

std::string oko_command(const std::string& args) { return shell_quote(oko_binary()) + " " + args; }

bool import_monaco(const std::filesystem::path& store) {
    const auto pbf = shared_data("osm/monaco.osm.pbf");
    if (!pbf) return false;
    const auto r = run_command(oko_command("import " + quoted(*pbf) + " --store " + quoted(store)));
    INFO(r.output);
    REQUIRE(r.status == 0);
    return true;
}

bool can_open_window(bool with_xrdb) {
#ifndef OKO_WITH_GUI
    (void)with_xrdb;
    WARN("skipped: this build has no window (OKO_BUILD_GUI=OFF)");
    return false;
#else
    if (run_command(with_xrdb ? "command -v xvfb-run && command -v xrdb" : "command -v xvfb-run").status == 0)
        return true;
    WARN((with_xrdb ? "skipped: xvfb-run or xrdb is not installed" : "skipped: xvfb-run is not installed"));
    return false;
#endif
}

} // namespace oko::test
