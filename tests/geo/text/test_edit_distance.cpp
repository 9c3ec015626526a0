// The one edit distance (geo/text/edit_distance.hpp), checked against its definition worked out
// three independent ways: distances by hand, every alignment, and a breadth-first search of edits.

#include "geo/text/edit_distance.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <vector>

using namespace oko::geo;

namespace {

// The least number of single edits (insert, delete, change, swap of neighbours) that turns a into
// b when edits may build on each other, found breadth-first over every string reachable from a:
// the unrestricted Damerau distance, never more than the optimal string alignment distance.
size_t distance_by_search(const std::string& a, const std::string& b) {
    std::string alphabet;
    for (char c : a + b)
        if (alphabet.find(c) == std::string::npos) alphabet += c;
    std::vector<std::string> frontier{a};
    std::set<std::string> seen{a};
    for (size_t d = 0;; ++d) {
        if (std::find(frontier.begin(), frontier.end(), b) != frontier.end()) return d;
        std::vector<std::string> next;
        const auto visit = [&](const std::string& s) {
            if (s.size() > std::max(a.size(), b.size()) + 1 || !seen.insert(s).second) return;
            next.push_back(s);
        };
        for (const auto& s : frontier) {
            for (size_t i = 0; i <= s.size(); ++i)
                for (char c : alphabet)
                    visit(s.substr(0, i) + c + s.substr(i));
            for (size_t i = 0; i < s.size(); ++i) {
                visit(s.substr(0, i) + s.substr(i + 1));
                for (char c : alphabet)
                    visit(s.substr(0, i) + c + s.substr(i + 1));
                if (i + 1 < s.size()) visit(s.substr(0, i) + s[i + 1] + s[i] + s.substr(i + 2));
            }
        }
        frontier = std::move(next);
    }
}

// The optimal string alignment distance by trying every alignment of a with b, where each letter
// is in one column: kept, changed, left out, added, or swapped with its neighbour (two columns).
size_t distance_by_alignments(std::string_view a, std::string_view b) {
    if (a.empty() || b.empty()) return a.size() + b.size();
    size_t best = std::min({distance_by_alignments(a.substr(1), b) + 1, distance_by_alignments(a, b.substr(1)) + 1,
                            distance_by_alignments(a.substr(1), b.substr(1)) + (a[0] == b[0] ? 0 : 1)});
    if (a.size() > 1 && b.size() > 1 && a[0] == b[1] && a[1] == b[0])
        best = std::min(best, distance_by_alignments(a.substr(2), b.substr(2)) + 1);
    return best;
}

// The optimal string alignment distance by its definition, over every way of editing: the
// reference the bounded table is checked against.
size_t osa_reference(const std::string& a, const std::string& b) {
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i)
        d[i][0] = i;
    for (size_t j = 0; j <= b.size(); ++j)
        d[0][j] = j;
    for (size_t i = 1; i <= a.size(); ++i)
        for (size_t j = 1; j <= b.size(); ++j) {
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}
} // namespace

TEST_CASE("The edit distance equals the best alignment of the two names", "[text]") {
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("huwei", "huawei") == 1);
    CHECK(edit_distance("hikvsion", "hikvision") == 1); // one letter left out
    CHECK(edit_distance("dahau", "dahua") == 1);        // neighbours swapped
    CHECK(edit_distance("", "axis") == 4);
    const std::vector<std::string> words = {"", "a", "ab", "ba", "abc", "acb", "bca", "dahua", "dauha", "hua", "huwei"};
    for (const auto& a : words)
        for (const auto& b : words) {
            INFO(a << " / " << b);
            CHECK(edit_distance(a, b) == distance_by_alignments(a, b));
            // Edits that build on each other can only do better ("ab" -> "ba" -> "bca" is 2, the
            // alignment 3), and never worse than without swaps. The search is kept to short pairs:
            // its cost grows as the alphabet to the power of the length (minutes under the
            // sanitizer build past eight letters).
            if (a.size() + b.size() <= 6) CHECK(edit_distance(a, b) >= distance_by_search(a, b));
            CHECK(edit_distance(a, b) <= std::max(a.size(), b.size()));
        }
}

TEST_CASE("The bounded edit distance equals the full table", "[text]") {
    const std::vector<std::string> words{"",       "a",      "ab",      "ba",          "zmaj",       "zmja",
                                         "jovina", "jvoina", "jovinaa", "oslobodenja", "oslbodenja", "xyz"};
    for (const auto& a : words)
        for (const auto& b : words) {
            const size_t full = osa_reference(a, b);
            for (size_t limit : {0u, 1u, 2u, 5u}) {
                INFO(a << " / " << b << " limit " << limit);
                CHECK(edit_distance(a, b, limit) == std::min(full, limit + 1));
            }
        }
}
