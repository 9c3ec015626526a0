// Any bytes as a point file, through the function `oko import` uses (import_vector_file, as a dry
// run, so that nothing is written): it reads the file or throws geo::Error, never anything else,
// and never crashes, leaks or reads out of bounds. Built once per extension (OKO_FUZZ_EXTENSION:
// ".geojson", ".kml"), since the extension picks the reader a volunteer's file meets.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "fuzz/fuzz_scratch.hpp"
#include "geo/base/error.hpp"
#include "geo/reference/reference_import.hpp"

using namespace oko::geo;
using oko::fuzz::scratch;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto input = scratch() / (std::string("points") + OKO_FUZZ_EXTENSION);
    {
        std::ofstream out(input, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    PointImportOptions options;
    options.write_rejected_file = false;
    try {
        (void)import_vector_file(input, scratch() / "never-written.oko", "fuzz", options, true);
    } catch (const Error&) {
    }
    return 0;
}
