#include "geo/text/json_text.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

using oko::geo::append_json_string;

namespace {

std::string json_quoted(std::string_view s) {
    std::string out;
    append_json_string(out, s);
    return out;
}

} // namespace

TEST_CASE("JSON strings are escaped as nlohmann::json dumps them", "[json]") {
    CHECK(json_quoted("plain") == "\"plain\"");
    CHECK(json_quoted("say \"hi\" \\ back") == R"("say \"hi\" \\ back")");
    CHECK(json_quoted("a\nb\tc\rd\be\ff") == R"("a\nb\tc\rd\be\ff")");
    CHECK(json_quoted(std::string("nul\0x\x1f", 6)) == R"("nul\u0000x\u001f")");
    CHECK(json_quoted("Ћуприја 日本") == "\"Ћуприја 日本\"");
    // Every byte below 0x80, one string each, against nlohmann's own writer.
    for (int c = 0; c < 0x80; ++c) {
        const std::string s = "x" + std::string(1, static_cast<char>(c)) + "y";
        CHECK(json_quoted(s) == nlohmann::json(s).dump());
    }
    // And what it writes reads back as what went in.
    const std::string mixed = "k\"\\\x01\x7f ž\n";
    CHECK(nlohmann::json::parse(json_quoted(mixed)).get<std::string>() == mixed);
}

TEST_CASE("The string members of a flat object are read as they are written", "[json]") {
    using oko::geo::for_each_json_string_member;
    std::vector<std::pair<std::string, std::string>> got;
    auto collect = [&](std::string_view k, std::string_view v) { got.emplace_back(std::string(k), std::string(v)); };
    // What append_json_string writes, escapes included, read back member by member.
    std::string tags = "{";
    append_json_string(tags, "tunnel");
    tags += ':';
    append_json_string(tags, "yes");
    tags += ',';
    append_json_string(tags, "name");
    tags += ':';
    append_json_string(tags, "Tunel \"Rainier III\", a\\b");
    tags += '}';
    CHECK(for_each_json_string_member(tags, collect));
    REQUIRE(got.size() == 2);
    CHECK(got[0] == std::make_pair(std::string("tunnel"), std::string("yes")));
    CHECK(got[1].second == R"(Tunel \"Rainier III\", a\\b)");
    // nlohmann's dump of the same object reads the same.
    got.clear();
    CHECK(for_each_json_string_member(nlohmann::json{{"layer", "-1"}, {"bridge", "no"}}.dump(), collect));
    CHECK(got.size() == 2);
    got.clear();
    CHECK(for_each_json_string_member(" { } ", collect));
    CHECK(got.empty());
    // Not such an object: stops, having reported what came before.
    for (const char* bad : {"", "[]", "{\"a\":1}", "{\"a\":\"b\"", "{\"a\" \"b\"}", "{\"a\":\"b\",}", "{\"a\":\"b}",
                            "{\"a\":{\"b\":\"c\"}}"}) {
        got.clear();
        INFO(bad);
        CHECK_FALSE(for_each_json_string_member(bad, collect));
    }
    got.clear();
    CHECK_FALSE(for_each_json_string_member("{\"a\":\"b\",\"c\":2}", collect));
    CHECK(got.size() == 1);
}
