// The limits on untrusted input: one table, raised by name, errors that say how; the short
// excerpt every message quotes a value with; the nesting scanner the JSON and XML checks use.

#include "geo/base/input_checks.hpp"
#include "geo/base/limits.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace oko::geo;

TEST_CASE("excerpt quotes a long value as a short line, cut on a character", "[limits]") {
    CHECK(excerpt("44.8176") == "44.8176");
    const std::string big(20 * 1024 * 1024, 'x');
    const auto e = excerpt(big);
    CHECK(e.size() < 100);
    CHECK(e.find("(20971520 bytes)") != std::string::npos);
    // "š" is two bytes: a cut inside it backs off to its start.
    const std::string s = std::string(59, 'a') + "\xC5\xA1" + "tail";
    CHECK(excerpt(s).substr(0, 60) == std::string(59, 'a') + ".");
    CHECK(excerpt("a\nb\tc") == "a b c");
}

TEST_CASE("a limit is raised by name and a wrong name lists the known ones", "[limits]") {
    const int64_t before = limit(Limit::columns);
    CHECK(before == 2000);
    set_limit("columns=5000");
    CHECK(limit(Limit::columns) == 5000);
    set_limits("columns=7000,depth=300");
    CHECK(limit(Limit::columns) == 7000);
    CHECK(limit(Limit::depth) == 300);
    set_limits("columns=2000,depth=100");
    try {
        set_limit("colums=5");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("archive_mb") != std::string::npos);
        CHECK(std::string(e.what()).find("scene_layers") != std::string::npos);
    }
    CHECK_THROWS_AS(set_limit("columns=-3"), Error);
    CHECK_THROWS_AS(set_limit("columns=0"), Error);
    CHECK_THROWS_AS(set_limit("columns=12x"), Error);
    const auto e = limit_error(Limit::columns, "the row has 9000 columns, which", "wide.csv", 1);
    const std::string what = e.what();
    CHECK(what.find("wide.csv:1") == 0);
    CHECK(what.find("columns=2000") != std::string::npos);
    CHECK(what.find("OKO_LIMITS=columns=N") != std::string::npos);
    CHECK(what.find("--limit columns=N") != std::string::npos);
}

TEST_CASE("list_names keeps a message short for a file of many columns", "[limits]") {
    std::vector<std::string> names;
    for (int i = 0; i < 100000; ++i)
        names.push_back("column_" + std::to_string(i));
    const auto listed = list_names(names);
    CHECK(listed.size() < 1000);
    CHECK(listed.find("and 99970 more") != std::string::npos);
    CHECK(list_names({"a", "b"}) == "a, b");
}

TEST_CASE("the nesting scanner counts JSON levels outside strings", "[limits]") {
    NestingScanner json(NestingScanner::Syntax::json);
    CHECK(json.feed(R"({"a": [1, {"b": "[[[[{{{{"}], "c": "\"[["})", 10));
    CHECK(json.max_depth() == 3);
    // Fed in pieces, cut anywhere, it counts the same.
    const std::string deep = std::string(500, '[') + std::string(500, ']');
    NestingScanner pieces(NestingScanner::Syntax::json);
    for (size_t i = 0; i < deep.size(); i += 7)
        CHECK(pieces.feed(std::string_view(deep).substr(i, 7), 1000));
    CHECK(pieces.max_depth() == 500);
    NestingScanner limited(NestingScanner::Syntax::json);
    CHECK_FALSE(limited.feed(deep, 100));
}

TEST_CASE("the nesting scanner counts XML elements, not comments, CDATA or empty elements", "[limits]") {
    NestingScanner xml(NestingScanner::Syntax::xml);
    const std::string text = R"(<?xml version="1.0"?>
<!DOCTYPE kml [ <!ENTITY e "<a><b><c>"> ]>
<kml a="<x>"><Document><!-- <a><b><c><d> --><Placemark><name><![CDATA[<a><b><c><d>]]></name>
<Point/><br /></Placemark></Document></kml>)";
    for (size_t i = 0; i < text.size(); i += 5)
        REQUIRE(xml.feed(std::string_view(text).substr(i, 5), 100));
    CHECK(xml.max_depth() == 4); // kml, Document, Placemark, name
    std::string deep;
    for (int i = 0; i < 1000; ++i)
        deep += "<Folder>";
    NestingScanner limited(NestingScanner::Syntax::xml);
    CHECK_FALSE(limited.feed(deep, 100));
}
