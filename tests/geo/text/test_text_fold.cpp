#include "geo/text/field_names.hpp"
#include "geo/text/text_fold.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

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

TEST_CASE("Field names and search fold щ the same way", "[text]") {
    // Serbian has no щ; in Russian and Bulgarian names Serbian Latin writes it šč (Хрущов is
    // Hruščov), and the fold drops the diacritics: "sc", whichever path the text takes.
    CHECK(fold_for_search("Площадь камеры") == "ploscad kamery");
    CHECK(oko::geo::normalise_field_name("Площадь камеры") == "ploscad_kamery");
    CHECK(oko::geo::normalise_field_name("ЩИТ") == fold_for_search("ЩИТ"));
    const std::vector<std::string> names{"ID", "Площадь камеры", "Щит"};
    CHECK(oko::geo::find_named_field("Ploščad kamery", names) == 1u);
    CHECK(oko::geo::find_named_field("ploscad_kamery", names) == 1u);
    CHECK(oko::geo::find_named_field("Šč", names) == std::nullopt); // "sc" is not "scit"
    CHECK(oko::geo::find_named_field("Ščit", names) == 2u);
    CHECK(oko::geo::folded_contains("Площадь камеры", fold_for_search("Ploščad")));
    CHECK(oko::geo::folded_contains("Щит", "scit"));
}

TEST_CASE("Field names take every letter of the fold", "[text]") {
    // Letters the field-name table used to miss (ё, і, ā, ł) now fold as in search instead of
    // splitting the name.
    for (const char* name : {"Ёлка", "Київ", "Łódź", "Māra", "ŠIRINA", "Ђурђевак"}) {
        std::string expected;
        for (char c : fold_for_search(name))
            expected += (c == ' ') ? '_' : c;
        CHECK(oko::geo::normalise_field_name(name) == expected);
    }
    CHECK(oko::geo::normalise_field_name("Łódź") == "lodz");
    CHECK(oko::geo::normalise_field_name("Ёлка") == "elka");
}

TEST_CASE("Names fold đ as dj and d alike, and Serbian Cyrillic is written in Serbian Latin", "[text]") {
    using oko::geo::fold_for_names;
    using oko::geo::to_serbian_latin;
    CHECK(fold_for_names("Oslobođenja") == "oslobodenja");
    CHECK(fold_for_names("oslobodjenja") == "oslobodenja");
    CHECK(fold_for_names("Ослобођења") == "oslobodenja");
    CHECK(fold_for_names("Bul. Đure Đakovića") == "bul. dure dakovica"); // punctuation is kept
    CHECK(to_serbian_latin("Стари град") == "Stari grad");
    CHECK(to_serbian_latin("Ђурђевдан, Љубе Шерцера, ЊЕГОШЕВА, Џеп, Ћирила, Чика Жике") ==
          "Đurđevdan, Ljube Šercera, NjEGOŠEVA, Džep, Ćirila, Čika Žike");
    CHECK(to_serbian_latin("Zmaj Jovina 12а") == "Zmaj Jovina 12a");
    CHECK(to_serbian_latin("日本 \xFF") == "日本 \xFF"); // other text, even invalid bytes, as it was
    CHECK(oko::geo::has_cyrillic("Змај"));
    CHECK_FALSE(oko::geo::has_cyrillic("Zmaj Jovina đ"));
}
