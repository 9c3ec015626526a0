#pragma once
// One private folder per fuzzing process, for targets that hand their input to a reader as a file.

#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace oko::fuzz {

inline const std::filesystem::path& scratch() {
    static const std::filesystem::path dir = [] {
        std::string pattern = (std::filesystem::temp_directory_path() / "oko-fuzz-XXXXXX").string();
        if (!mkdtemp(pattern.data())) std::abort();
        return std::filesystem::path(pattern);
    }();
    return dir;
}

} // namespace oko::fuzz
