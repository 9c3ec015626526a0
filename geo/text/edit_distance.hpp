#pragma once
// The one edit distance of names as people mistype them: the optimal string alignment distance
// (Levenshtein with adjacent transpositions: "dahau" is one slip from "dahua"), in bytes of the
// given strings (callers compare folded keys, text_fold.hpp). Used by the vendor table's
// one-slip match, the filter's "did you mean" and the go-to box's typo match.

#include <cstddef>
#include <limits>
#include <string_view>

namespace oko::geo {

// The distance, or limit + 1 as soon as it must exceed `limit` (then cheaper: lengths that differ
// by more than `limit` cost nothing, and a row whose cells all exceed it ends the table).
size_t edit_distance(std::string_view a, std::string_view b, size_t limit = std::numeric_limits<size_t>::max() - 1);

} // namespace oko::geo
