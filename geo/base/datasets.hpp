#pragma once
// Where Oko's shipped data is (datasets/: the vendor-name table, the smart-city sites): the one
// place every reader asks.

#include <filesystem>

namespace oko::geo {

// $OKO_DATASETS_DIR when set; else `share/oko/datasets` beside the installed executable's
// folder (`bin/../share/oko/datasets`); else the source tree's datasets/ folder it was built from.
std::filesystem::path datasets_dir();

} // namespace oko::geo
