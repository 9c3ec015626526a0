#include "geo/osm/osm_pbf_framing.hpp"

#include "geo/base/error.hpp"

#include <protozero/exception.hpp>
#include <protozero/pbf_reader.hpp>

#include <array>
#include <cstdint>
#include <fstream>
#include <string>

namespace oko::geo {

namespace {

// The PBF format's own limits (OSM wiki, "PBF Format"): a BlobHeader under 64 KiB, a blob's data
// under 32 MiB.
constexpr uint32_t kMaxHeaderBytes = 64 * 1024;
constexpr int64_t kMaxBlobBytes = 32 * 1024 * 1024;

// BlobHeader fields: 1 type (string), 2 indexdata (bytes), 3 datasize (int32).
constexpr uint32_t kTypeField = 1;
constexpr uint32_t kDatasizeField = 3;

std::string where(int index, uint64_t offset) {
    return "blob " + std::to_string(index + 1) + " at byte " + std::to_string(offset);
}

} // namespace

void check_pbf_framing(const std::filesystem::path& input) {
    std::ifstream in(input, std::ios::binary);
    if (!in) throw Error("cannot read the OSM file", input.string());
    const auto fail = [&](const std::string& what) {
        throw Error("corrupt or truncated OSM PBF file (" + what + ")", input.string());
    };
    std::error_code ec;
    const auto file_size = static_cast<uint64_t>(std::filesystem::file_size(input, ec));
    if (ec) throw Error("cannot read the OSM file (" + ec.message() + ")", input.string());
    uint64_t offset = 0;
    std::string header;
    for (int index = 0; offset < file_size; ++index) {
        std::array<unsigned char, 4> length_bytes{};
        if (file_size - offset < length_bytes.size()) fail(where(index, offset) + ": the file ends inside its length");
        in.read(reinterpret_cast<char*>(length_bytes.data()), length_bytes.size());
        const uint32_t length = (uint32_t{length_bytes[0]} << 24) | (uint32_t{length_bytes[1]} << 16) |
                                (uint32_t{length_bytes[2]} << 8) | uint32_t{length_bytes[3]};
        if (length == 0 || length > kMaxHeaderBytes)
            fail(where(index, offset) + ": a header of " + std::to_string(length) + " bytes");
        if (file_size - offset - 4 < length) fail(where(index, offset) + ": the file ends inside its header");
        header.resize(length);
        in.read(header.data(), length);
        if (!in) fail(where(index, offset) + ": cannot read its header");

        std::string type;
        int64_t datasize = -1;
        try {
            protozero::pbf_reader message{header};
            while (message.next()) {
                if (message.tag() == kTypeField && message.wire_type() == protozero::pbf_wire_type::length_delimited)
                    type = message.get_string();
                else if (message.tag() == kDatasizeField && message.wire_type() == protozero::pbf_wire_type::varint)
                    datasize = message.get_int32();
                else
                    message.skip();
            }
        } catch (const protozero::exception& e) {
            fail(where(index, offset) + ": its header does not decode: " + e.what());
        }
        const char* expected = index == 0 ? "OSMHeader" : "OSMData";
        if (type.empty()) fail(where(index, offset) + ": its header has no type");
        if (type != expected) fail(where(index, offset) + ": of type \"" + type + "\", not " + expected);
        if (datasize <= 0 || datasize > kMaxBlobBytes)
            fail(where(index, offset) + ": a blob of " + std::to_string(datasize) + " bytes");
        const uint64_t end = offset + 4 + length + static_cast<uint64_t>(datasize);
        if (end > file_size) fail(where(index, offset) + ": the file ends inside the blob");
        in.seekg(static_cast<std::streamoff>(end));
        offset = end;
    }
    if (offset == 0) fail("the file is empty");
}

} // namespace oko::geo
