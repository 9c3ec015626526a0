// Names in the script a figure asks for: OSM's own Latin form where a mapper gave it, else the
// Serbian Cyrillic transliterated; both forms when asked; other names as they are.

#include "geo/base/error.hpp"
#include "geo/osm/osm_import.hpp"
#include "geo/scene/label_script.hpp"
#include "geo/scene/scene_json.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>

using namespace oko::geo;

TEST_CASE("A name is written in the script asked for", "[scene][labels]") {
    CHECK(name_in_script("Нови Сад", "", LabelScript::native) == "Нови Сад");
    CHECK(name_in_script("Нови Сад", "", LabelScript::cyrillic) == "Нови Сад");
    CHECK(name_in_script("Нови Сад", "", LabelScript::latin) == "Novi Sad");
    CHECK(name_in_script("Нови Сад", "", LabelScript::both) == "Нови Сад\nNovi Sad");
    CHECK(name_in_script("Улица Змај Јовина", "", LabelScript::both, " / ") == "Улица Змај Јовина / Ulica Zmaj Jovina");
    // The letters Serbian Latin writes with two: Љ, Њ, Џ; and those with diacritics.
    CHECK(name_in_script("Љубљанска, Његошева, Џервина, Ђурђа, Ћирила, Чика, Жике, Шуме", "", LabelScript::latin) ==
          "Ljubljanska, Njegoševa, Džervina, Đurđa, Ćirila, Čika, Žike, Šume");
    // OSM's own Latin form wins over the transliteration.
    CHECK(name_in_script("Београд", "Beograd (grad)", LabelScript::latin) == "Beograd (grad)");
    // A name in Latin only is the same in every script, and written once when both are asked for.
    CHECK(name_in_script("Bulevar oslobođenja", "", LabelScript::cyrillic) == "Bulevar oslobođenja");
    CHECK(name_in_script("Bulevar oslobođenja", "", LabelScript::both) == "Bulevar oslobođenja");
    CHECK(name_in_script("McDonald's", "", LabelScript::latin) == "McDonald's");
    // Only the Latin form known: it stands for the name.
    CHECK(name_in_script("", "Novi Sad", LabelScript::cyrillic) == "Novi Sad");
    CHECK(name_in_script("", "", LabelScript::both).empty());
}

TEST_CASE("The label script is named as the scene file and --label-script spell it", "[scene][labels]") {
    for (const auto s : {LabelScript::native, LabelScript::latin, LabelScript::cyrillic, LabelScript::both})
        CHECK(parse_label_script(label_script_name(s)) == s);
    CHECK_FALSE(parse_label_script("Latin"));
    CHECK_FALSE(parse_label_script(""));
    // A default scene says "native"; a scene file with another word is refused, naming the key.
    SceneSpec scene;
    CHECK(scene_to_json(scene).find("\"label_script\": \"native\"") != std::string::npos);
    try {
        scene_from_json(R"({"oko_scene": 1, "label_script": "runic"})", "fig.json");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("label_script") != std::string::npos);
        CHECK(std::string(e.what()).find("expected one of native, latin, cyrillic, both") != std::string::npos);
    }
}

TEST_CASE("Novi Sad's names in Latin come from name:sr-Latn where OSM has it", "[scene][labels][real]") {
    const auto pbf = oko::test::shared_data("osm/novi_sad_center.osm.pbf");
    if (!pbf) return;
    const auto extract = read_osm(*pbf);
    std::map<std::string, std::string> latin_of; // name -> name:sr-Latn, as OSM has them
    size_t cyrillic_without_latin = 0;
    for (const auto& f : extract.features) {
        if (!f.name_latin.empty())
            latin_of[f.name] = f.name_latin;
        else if (f.name.find("\xD0") != std::string::npos)
            ++cyrillic_without_latin;
    }
    // Places (nodes with name:sr-Latn in the extract, as `osmium tags-filter n/name:sr-Latn` lists).
    REQUIRE(latin_of.count("Сремска Каменица"));
    CHECK(latin_of["Сремска Каменица"] == "Sremska Kamenica");
    CHECK(name_in_script("Сремска Каменица", latin_of["Сремска Каменица"], LabelScript::both) ==
          "Сремска Каменица\nSremska Kamenica");
    // Some names have no Latin form in OSM (84 in this extract): theirs is transliterated.
    CHECK(cyrillic_without_latin > 50);
}
