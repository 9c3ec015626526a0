// Any bytes as an OSM extract, as .osm XML and as .osm.pbf, through read_osm (what `oko import`
// runs before it writes the basemap): it reads the extract or throws geo::Error, never anything
// else, and never crashes, leaks or reads out of bounds.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "fuzz/fuzz_scratch.hpp"
#include "geo/base/error.hpp"
#include "geo/osm/osm_import.hpp"

using namespace oko::geo;
using oko::fuzz::scratch;

namespace {

void read_as(const char* name, const uint8_t* data, size_t size) {
    const auto input = scratch() / name;
    {
        std::ofstream out(input, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        (void)read_osm(input);
    } catch (const Error&) {
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    read_as("extract.osm", data, size);
    read_as("extract.osm.pbf", data, size);
    return 0;
}
