#pragma once
// The frame of an OSM PBF file, checked before libosmium decodes it: a sequence of blobs, each a
// 4-byte big-endian length, a BlobHeader (its type and the size of the blob that follows) and the
// blob. libosmium reads a BlobHeader without a type through a null pointer, and says of a file cut
// mid-blob only "unexpected EOF"; this check refuses both, naming the blob and its byte offset.

#include <filesystem>

namespace oko::geo {

// Throws geo::Error naming the file when its framing is broken: a header length over 64 KiB, a
// BlobHeader that does not decode or has no type or size, the first blob not "OSMHeader" or a
// later one not "OSMData", a blob over 32 MiB, or the file ending inside a blob. Reads only the
// headers: the blobs themselves are skipped.
void check_pbf_framing(const std::filesystem::path& input);

} // namespace oko::geo
