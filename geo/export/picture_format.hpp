#pragma once
// Which picture format an output gets, from its extension: the one place that decides it, so that
// `--out map.pdf` is an error until Oko writes PDF, never a PNG under that name.

#include <filesystem>
#include <optional>
#include <string>

namespace oko::geo {

enum class PictureFormat { Png };

// The format for `out`'s extension (case-insensitive), or none when Oko cannot write it.
std::optional<PictureFormat> picture_format(const std::filesystem::path& out);

// The same, or a geo::Error that names the output, the formats Oko writes and, in `field`, the
// option the name came from ("--out").
PictureFormat require_picture_format(const std::filesystem::path& out, const std::string& field);

} // namespace oko::geo
