#include "geo/text/json_text.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

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
