#include "geo/text/text_fold.hpp"

#include <catch2/catch.hpp>

using oko::geo::fold_for_search;

TEST_CASE("Cyrillic, Latin with diacritics and plain ASCII fold to the same key", "[text]") {
    CHECK(fold_for_search("Трг слободе") == "trg slobode");
    CHECK(fold_for_search("Trg slobode") == "trg slobode");
    CHECK(fold_for_search("TRG SLOBODE") == "trg slobode");
    CHECK(fold_for_search("Булевар ослобођења") == "bulevar oslobodjenja");
    CHECK(fold_for_search("Bulevar oslobođenja") == "bulevar oslobodjenja");
    CHECK(fold_for_search("Змај Јовина") == "zmaj jovina");
    CHECK(fold_for_search("Љубљанска Њива Џеп Ћуприја Ђура Шабац Жича Чачак") ==
          "ljubljanska njiva dzep cuprija djura sabac zica cacak");
    CHECK(fold_for_search("Čačak Ćuprija Šabac Žiča Đura") == "cacak cuprija sabac zica djura");
}

TEST_CASE("Folding keeps other text and survives invalid UTF-8", "[text]") {
    CHECK(fold_for_search("Huawei 2019 #7") == "huawei 2019 #7");
    CHECK(fold_for_search("日本") == "日本");
    const std::string broken = "ab\xC3(\xFF";
    CHECK_NOTHROW(fold_for_search(broken));
    CHECK(fold_for_search(broken).substr(0, 2) == "ab");
    CHECK(oko::geo::folded_contains("Улица Змај Јовина 5", "zmaj jov"));
    CHECK_FALSE(oko::geo::folded_contains("Dunavska", "zmaj"));
}
