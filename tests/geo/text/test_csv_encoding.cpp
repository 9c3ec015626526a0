// One bad byte in a UTF-8 file: the file stays UTF-8, the byte is flagged, nothing else changes.

#include "geo/text/csv_reader.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace oko::geo;

namespace {

struct Row {
    int64_t line;
    std::vector<std::string> fields;
    bool invalid_utf8;
    bool recoded;
};

std::vector<Row> read_rows(CsvReader& reader) {
    std::vector<Row> rows;
    CsvRecord record;
    while (reader.next(record))
        rows.push_back(
            {record.line, {record.fields.begin(), record.fields.end()}, record.invalid_utf8, record.recoded});
    return rows;
}

} // namespace

TEST_CASE("A UTF-8 file with one bad byte stays UTF-8 and flags that row alone", "[csv][encoding]") {
    // "Proizvođač" and "Čačak" in UTF-8, and on line 3 a value whose "đ" lost a byte.
    const std::string text = "lat,lon,proizvo\xC4\x91"
                             "a\xC4\x8D,grad\n"
                             "44.81,20.46,Hikvision,\xC4\x8C"
                             "a\xC4\x8D"
                             "ak\n"
                             "44.82,20.47,Proizvo\xC4"
                             "a\xC4\x8D,\xC4\x8C"
                             "a\xC4\x8D"
                             "ak\n"
                             "44.83,20.48,Dahua,\xC5\xA0"
                             "abac\n";
    CsvReader reader{std::string_view(text)};
    CHECK(reader.dialect().encoding == TextEncoding::utf8);
    const auto rows = read_rows(reader);
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].fields[2] == "proizvođač");
    CHECK(rows[1].fields[3] == "Čačak");
    CHECK_FALSE(rows[1].invalid_utf8);
    CHECK(rows[2].line == 3);
    CHECK(rows[2].invalid_utf8);
    CHECK_FALSE(rows[2].recoded);
    CHECK(rows[2].fields[2] == "Proizvo\xEF\xBF\xBD"
                               "a\xC4\x8D"); // the bad byte became U+FFFD
    CHECK(rows[2].fields[3] == "Čačak");
    CHECK(rows[3].fields[3] == "Šabac");
    CHECK_FALSE(rows[3].invalid_utf8);
}

TEST_CASE("A bad byte in an otherwise ASCII start does not make a long UTF-8 file a code page", "[csv][encoding]") {
    // The first 64 KiB hold no letter beyond ASCII but one stray byte; the rest is UTF-8.
    std::string text = "id,name\n1,caf\xE9\n";
    for (int i = 0; text.size() < 70 * 1024; ++i)
        text += std::to_string(i) + ",plain\n";
    for (int i = 0; i < 100; ++i)
        text += "x,\xC4\x90or\xC4\x91"
                "e\n"; // "Đorđe"
    CsvReader reader{std::string_view(text)};
    CHECK(reader.dialect().encoding == TextEncoding::utf8);
    const auto rows = read_rows(reader);
    CHECK(rows.back().fields[1] == "Đorđe");
    // The stray byte alone in its value reads as the code page's letter, and is flagged.
    CHECK(rows[1].fields[1] == "café");
    CHECK(rows[1].recoded);
}

TEST_CASE("Files really in Windows-1250 or -1251 are still read as such", "[csv][encoding]") {
    // Many letters of a code page, and one pair that happens to be well-formed UTF-8.
    std::string cp1250 = "ulica,grad\n";
    for (int i = 0; i < 20; ++i)
        cp1250 += "\x8A"
                  "afarikova,\xC8"
                  "a\xE8"
                  "ak\n"; // "Šafarikova,Čačak"
    cp1250 += "\xC8\x8A,x\n";
    CHECK(sniff_csv(cp1250).encoding == TextEncoding::windows_1250);
    // Upper-case Serbian Cyrillic, where a consonant and "Љ" form a UTF-8 pair now and then.
    const std::string cp1251 = "grad\n\xC7\xC5\xCC\x8A\xC0\n\xCD\xC8\xD8\n\xC1\xC5\xCE\xC3\xD0\xC0\xC4\n";
    CHECK(sniff_csv(cp1251).encoding == TextEncoding::windows_1251);
}
