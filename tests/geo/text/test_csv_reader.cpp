#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "geo/text/csv_reader.hpp"
#include "geo/text/csv_writer.hpp"

using namespace oko::geo;

namespace {

std::vector<std::vector<std::string>> read_all(CsvReader& reader, std::vector<int64_t>* lines = nullptr) {
    std::vector<std::vector<std::string>> rows;
    CsvRecord record;
    while (reader.next(record)) {
        rows.emplace_back(record.fields.begin(), record.fields.end());
        if (lines) lines->push_back(record.line);
    }
    return rows;
}

std::string read_fixture(const std::string& name) {
    std::ifstream in(std::filesystem::path(OKO_TEST_FIXTURES) / "encodings" / name, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST_CASE("Sniffing picks the delimiter that splits rows consistently", "[csv]") {
    CHECK(sniff_csv("a,b,c\n1,2,3\n4,5,6\n").delimiter == ',');
    CHECK(sniff_csv("a\tb\tc\n1\t2\t3\n").delimiter == '\t');
    CHECK(sniff_csv("a|b\n1|2\n").delimiter == '|');
    // Decimal commas split a semicolon file consistently on ',' too; the header decides.
    CHECK(sniff_csv("lat;lon;opis\n44,81;20,45;x\n44,82;20,46;y\n").delimiter == ';');
    // Without a header both split into three; the tie goes to ';'.
    CHECK(sniff_csv("44,81;20,45;x\n44,82;20,46;y\n").delimiter == ';');
    // Commas inside quotes do not count.
    CHECK(sniff_csv("a;b\n\"1,2,3\";4\n\"5,6\";7\n").delimiter == ';');
    // A free-text column with commas does not fool it.
    CHECK(sniff_csv("lat;lon;note\n1;2;a, b\n3;4;c\n5;6;d, e, f\n").delimiter == ';');
}

TEST_CASE("Sniffing the encoding: BOM, UTF-8, Windows-1250", "[csv]") {
    CHECK(sniff_csv("\xEF\xBB\xBF"
                    "a,b\n")
              .encoding == TextEncoding::utf8_bom);
    CHECK(sniff_csv("ulica,grad\n\xC5\xA0"
                    "abac,x\n")
              .encoding == TextEncoding::utf8); // "Šabac" in UTF-8
    CHECK(sniff_csv("ulica,grad\n\x8A"
                    "abac,x\n")
              .encoding == TextEncoding::windows_1250); // in 1250
    // A UTF-8 character cut by the end of the sample is not mistaken for Windows-1250.
    CHECK(sniff_csv("a,b\n\xC5\xA0,x\n\xC5").encoding == TextEncoding::utf8);
}

TEST_CASE("RFC 4180 quoting, line breaks inside quotes and line numbers", "[csv]") {
    const std::string text =
        "id,note\r\n1,\"two\r\nlines\"\r\n2,\"say \"\"hi\"\"\"\r\n\r\n3,\"\"\r\n4,plain\n5,\"a,b\"";
    CsvReader reader{std::string_view(text)};
    std::vector<int64_t> lines;
    const auto rows = read_all(reader, &lines);
    REQUIRE(rows.size() == 6);
    CHECK(rows[1] == std::vector<std::string>{"1", "two\r\nlines"});
    CHECK(rows[2] == std::vector<std::string>{"2", "say \"hi\""});
    CHECK(rows[3] == std::vector<std::string>{"3", ""});
    CHECK(rows[4] == std::vector<std::string>{"4", "plain"});
    CHECK(rows[5] == std::vector<std::string>{"5", "a,b"});
    // The blank line 5 is skipped but counted.
    CHECK(lines == std::vector<int64_t>{1, 2, 4, 6, 7, 8});
}

TEST_CASE("Old Mac line ends and trailing delimiters", "[csv]") {
    CsvReader reader(std::string_view("a;b\r1;\r2;3"), CsvDialect{';', TextEncoding::utf8});
    std::vector<int64_t> lines;
    const auto rows = read_all(reader, &lines);
    REQUIRE(rows.size() == 3);
    CHECK(rows[1] == std::vector<std::string>{"1", ""});
    CHECK(lines == std::vector<int64_t>{1, 2, 3});
}

TEST_CASE("An unclosed quote runs to the end and is flagged", "[csv]") {
    CsvReader reader(std::string_view("a,b\n1,\"open\n2,3\n4,5\n"));
    CsvRecord record;
    REQUIRE(reader.next(record));
    REQUIRE(reader.next(record));
    CHECK(record.unterminated_quote);
    CHECK(record.line == 2);
    CHECK(record.last_line == 5);
    CHECK(record.fields.size() == 2);
    CHECK_FALSE(reader.next(record));
}

TEST_CASE("Text after a closing quote is kept", "[csv]") {
    CsvReader reader(std::string_view("a,b\n\"x\"y,2\n"));
    const auto rows = read_all(reader);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1] == std::vector<std::string>{"xy", "2"});
}

TEST_CASE("Windows-1250 files are decoded, and stray 1250 values in UTF-8 files too", "[csv]") {
    // "Đorđe,Čačak" in Windows-1250.
    CsvReader cp(std::string_view("ime,grad\n\xD0"
                                  "or\xF0"
                                  "e,\xC8"
                                  "a\xE8"
                                  "ak\n"));
    CHECK(cp.dialect().encoding == TextEncoding::windows_1250);
    const auto rows = read_all(cp);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1] == std::vector<std::string>{"Đorđe", "Čačak"});

    // "Ђорђе,Београд" in Windows-1251: Cyrillic words are runs of high bytes.
    CsvReader cyrillic(std::string_view("ime,grad\n\x80\xee\xf0\x90\xe5,\xc1\xe5\xee\xe3\xf0\xe0\xe4\n"));
    CHECK(cyrillic.dialect().encoding == TextEncoding::windows_1251);
    const auto cyrillic_rows = read_all(cyrillic);
    REQUIRE(cyrillic_rows.size() == 2);
    CHECK(cyrillic_rows[1] == std::vector<std::string>{"Ђорђе", "Београд"});

    // The sample is UTF-8; a later value is not.
    std::string text = "ime,grad\n";
    for (int i = 0; i < 10000; ++i)
        text += "Šabac,x\n";
    text += "\x8A"
            "abac,\"y\"\"\"\n";
    CsvReader mixed{std::string_view(text)};
    CHECK(mixed.dialect().encoding == TextEncoding::utf8);
    CsvRecord record;
    std::vector<std::string> last;
    bool recoded = false;
    while (mixed.next(record)) {
        last.assign(record.fields.begin(), record.fields.end());
        recoded = record.recoded;
    }
    CHECK(recoded);
    CHECK(last == std::vector<std::string>{"Šabac", "y\""});
}

TEST_CASE("Every byte of Windows-1250 and 1251 decodes as Python's codecs decode it", "[csv]") {
    // The expected files were written by Python 3 (its own cp1250/cp1251 tables, not iconv):
    //   bytes(range(256)).decode("cp1250", "replace").encode("utf-8")
    // so the bytes the code pages leave undefined (1250: 81 83 88 90 98, 1251: 98) are U+FFFD.
    std::string all_bytes;
    for (int b = 0; b < 256; ++b)
        all_bytes += static_cast<char>(b);
    for (const auto& [code_page, fixture] : {std::pair{TextEncoding::windows_1250, "windows1250_all_bytes.utf8.txt"},
                                             std::pair{TextEncoding::windows_1251, "windows1251_all_bytes.utf8.txt"}}) {
        const std::string expected = read_fixture(fixture);
        std::string out = "kept:"; // appends, leaving what is there
        append_windows_as_utf8(all_bytes, code_page, out);
        CHECK(out == "kept:" + expected);
        CHECK(utf8::is_valid(out));
    }
}

TEST_CASE("Long Cyrillic values outgrow the first guess at their UTF-8 size", "[csv]") {
    // "Београд" is 7 bytes in Windows-1251 and 14 in UTF-8; 500 of them and a Euro sign (3 bytes).
    std::string cp1251, utf8;
    for (int i = 0; i < 500; ++i) {
        cp1251 += "\xc1\xe5\xee\xe3\xf0\xe0\xe4 ";
        utf8 += "Београд ";
    }
    cp1251 += "\x88";
    utf8 += "€";
    std::string out;
    append_windows_as_utf8(cp1251, TextEncoding::windows_1251, out);
    CHECK(out.size() == utf8.size());
    CHECK(out == utf8);
    // A byte 1251 leaves undefined in the middle of a word does not stop the rest.
    out.clear();
    append_windows_as_utf8("\xc1\x98\xe5", TextEncoding::windows_1251, out);
    CHECK(out == "Б\uFFFDе");
    out.clear();
    append_windows_as_utf8("", TextEncoding::windows_1250, out);
    CHECK(out.empty());
}

TEST_CASE("UTF-8 validation", "[csv]") {
    CHECK(utf8::is_valid("plain"));
    CHECK(utf8::is_valid("Širina ширина"));
    CHECK_FALSE(utf8::is_valid("\x8A"));
    CHECK_FALSE(utf8::is_valid("\xC0\xAF"));     // overlong '/'
    CHECK_FALSE(utf8::is_valid("\xED\xA0\x80")); // a surrogate
    CHECK_FALSE(utf8::is_valid("\xE2\x82"));     // cut short
}

TEST_CASE("Written fields read back unchanged", "[csv]") {
    const std::vector<std::string> values = {"plain", "with,comma", "with \"quote\"", "two\nlines", " padded ", ""};
    std::string line;
    for (size_t i = 0; i < values.size(); ++i) {
        if (i) line += ',';
        append_csv_field(line, values[i]);
    }
    line += '\n';
    CsvReader reader(std::string_view(line), CsvDialect{',', TextEncoding::utf8});
    CsvRecord record;
    REQUIRE(reader.next(record));
    CHECK(std::vector<std::string>(record.fields.begin(), record.fields.end()) == values);
}

TEST_CASE("Written records end with CRLF and quote by one rule", "[csv]") {
    std::string out;
    append_csv_record(out, {"Savski venac, \"centar\"", " x", "a;b", "1"});
    append_csv_record(out, {"a;b", "2"}, ';');
    CHECK(out == "\"Savski venac, \"\"centar\"\"\",\" x\",a;b,1\r\n\"a;b\";2\r\n");
    CsvReader reader(std::string_view(out), CsvDialect{',', TextEncoding::utf8});
    CsvRecord record;
    REQUIRE(reader.next(record));
    CHECK(std::vector<std::string>(record.fields.begin(), record.fields.end()) ==
          std::vector<std::string>{"Savski venac, \"centar\"", " x", "a;b", "1"});
}
