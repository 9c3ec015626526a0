#include "geo/base/datasets.hpp"

#include <cstdlib>
#include <system_error>

namespace oko::geo {

namespace {

// The folder of the running executable, from /proc (empty where there is none).
std::filesystem::path executable_dir() {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path() : exe.parent_path();
}

} // namespace

std::filesystem::path datasets_dir() {
    if (const char* env = std::getenv("OKO_DATASETS_DIR"); env && *env) return env;
    if (const auto dir = executable_dir(); !dir.empty()) {
        const auto installed = dir.parent_path() / "share" / "oko" / "datasets";
        std::error_code ec;
        if (std::filesystem::is_directory(installed, ec)) return installed;
    }
    return OKO_SOURCE_DATASETS_DIR;
}

} // namespace oko::geo
