#include "geo/analysis/place_names.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace oko::geo;

namespace {
std::vector<std::string> texts(const std::vector<NameWord>& words) {
    std::vector<std::string> out;
    for (const auto& w : words)
        out.push_back(w.text + (w.abbreviated ? "." : ""));
    return out;
}

NameMatch match(const char* query, const char* name) { return match_name(name_words(query), name_words(name)); }

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

TEST_CASE("Names become folded words, short forms read as what they stand for", "[places]") {
    using V = std::vector<std::string>;
    CHECK(texts(name_words("Булевар ослобођења")) == V{"bulevar", "oslobodenja"});
    CHECK(texts(name_words("Bul. oslobođenja")) == V{"bulevar", "oslobodenja"});
    CHECK(texts(name_words("bulevar oslobodjenja")) == V{"bulevar", "oslobodenja"});
    CHECK(texts(name_words("ul. Zmaj-Jovina")) == V{"ulica", "zmaj", "jovina"});
    CHECK(texts(name_words("Sv. Miletića")) == V{"sv.", "miletica"});
    CHECK(texts(name_words("Sv Miletica")) == V{"sv.", "miletica"}); // a known short form without its dot
    CHECK(texts(name_words("Др Симе Милошевића")) == V{"dr", "sime", "milosevica"});
    CHECK(texts(name_words("Doktora Sime Miloševića")) == V{"dr", "sime", "milosevica"});
    CHECK(texts(name_words("7. јула 12а")) == V{"7", "jula", "12a"}); // an ordinal, not a short form
    CHECK(name_words("  ,. ").empty());
    CHECK(street_type(name_words("Трг слободе")) == "square");
    CHECK(street_type(name_words("Kej žrtava racije")) == "quay");
    CHECK(street_type(name_words("Bul. cara Lazara")) == "boulevard");
    CHECK(street_type(name_words("Zmaj Jovina")).empty());
}

TEST_CASE("A query matches a name exactly, by its beginning, by a later word or with one typo", "[places]") {
    for (const char* q : {"oslobodjenja", "oslobodenja", "oslobođenja", "Bul. oslobođenja", "bulevar oslobodjenja",
                          "булевар ослобођења", "BULEVAR OSLOBOĐENJA"})
        CHECK(match(q, "Булевар ослобођења") == NameMatch::Exact);
    CHECK(match("ulica Zmaj Jovina", "Змај Јовина") == NameMatch::Exact);
    CHECK(match("ul. zmaj jovina", "Змај Јовина") == NameMatch::Exact);
    CHECK(match("Sv. Miletića", "Светозара Милетића") == NameMatch::Exact);
    CHECK(match("svetozara miletica", "Sv. Miletića") == NameMatch::Exact); // a short form in the name
    CHECK(match("trg slobode", "Трг слободе") == NameMatch::Exact);
    CHECK(match("slobode", "Трг слободе") == NameMatch::Exact);
    CHECK(match("bulevar oslo", "Булевар ослобођења") == NameMatch::Prefix);
    CHECK(match("zmaj j", "Змај Јовина") == NameMatch::Prefix);
    CHECK(match("jovina", "Змај Јовина") == NameMatch::WordPrefix);
    CHECK(match("oslobodjenaj", "Булевар ослобођења") == NameMatch::Typo); // two letters swapped
    CHECK(match("zmaj jvina", "Змај Јовина") == NameMatch::Typo);          // one missing
    CHECK(match("zmaj jov1n", "Змај Јовина") == NameMatch::TypoPrefix);
    CHECK(match("zmaj jxxina", "Змај Јовина") == NameMatch::None);             // two typos
    CHECK(match("trg oslobodjenja", "Булевар ослобођења") == NameMatch::None); // a square is no boulevard
    CHECK(match("dunavska", "Змај Јовина") == NameMatch::None);
    CHECK(match("oslobodjenja", "Дневник Војводина прес д.о.о.") == NameMatch::None); // "о." is no word
    CHECK(match("m. gorkog", "Максима Горког") == NameMatch::Exact); // but one letter typed stands for one
    CHECK(match("zma", "Zmaj") == NameMatch::Prefix);
    CHECK(match("zmx", "Zmaj") == NameMatch::None); // no typos in three letters
}

TEST_CASE("The bounded edit distance equals the full table", "[places]") {
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
