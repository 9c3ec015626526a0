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
