// The compiled filter against the filter's own definitions, point by point, and against its SQL
// form in SQLite: on a layer of 300 vendor names, with vendors selected past index 255.

#include "geo/scene/compiled_filter.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <bit>
#include <random>

using namespace oko;

namespace {

// 300 vendors ("Vendor 0" most frequent ... "Vendor 298"), the unknown vendor last; words and
// years (some unknown) at random.
geo::PointLayerData many_vendors(size_t n) {
    geo::PointLayerData d;
    d.name = "cameras";
    for (int v = 0; v < 299; ++v)
        d.vendors.push_back("Vendor " + std::to_string(v));
    d.vendors.push_back("");
    const char* words[] = {"dunavska", "futoska", "zmaj jovina", "bulevar", "dome", "ptz"};
    std::mt19937 rng(5);
    for (size_t i = 0; i < n; ++i) {
        d.ids.push_back(static_cast<int64_t>(i + 1));
        d.positions.push_back({static_cast<double>(i), 0.0});
        d.vendor_index.push_back(static_cast<uint16_t>(rng() % d.vendors.size()));
        d.years.push_back(rng() % 6 == 0 ? 0 : static_cast<int16_t>(2010 + rng() % 12));
        d.search_text.push_back(std::string(words[rng() % 6]) + " " + words[rng() % 6] + " " +
                                std::to_string(rng() % 40));
        d.statuses.push_back(static_cast<uint8_t>(rng() % geo::kPointStatusCount));
    }
    return d;
}

// How many points pass, point by point through geo::Filter's definitions on the vendor names.
size_t brute_force(const geo::PointLayerData& d, const geo::Filter& f) {
    size_t n = 0;
    for (size_t i = 0; i < d.positions.size(); ++i) {
        const std::optional<int> year = d.years[i] ? std::optional<int>(d.years[i]) : std::nullopt;
        n += f.vendor_passes(d.vendors[d.vendor_index[i]]) && f.year_passes(year) &&
             f.text_passes_folded(d.search_text[i]) && f.status_passes(static_cast<geo::PointStatus>(d.statuses[i]));
    }
    return n;
}

// How many rows SQLite selects with the filter's WHERE clause.
size_t sql_count(sqlite3* db, const geo::Filter& f) {
    const auto sql = f.to_sql();
    sqlite3_stmt* q = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, ("SELECT count(*) FROM p WHERE " + sql.where).c_str(), -1, &q, nullptr) ==
            SQLITE_OK);
    for (size_t i = 0; i < sql.parameters.size(); ++i)
        sqlite3_bind_text(q, static_cast<int>(i + 1), sql.parameters[i].c_str(), -1, SQLITE_TRANSIENT);
    REQUIRE(sqlite3_step(q) == SQLITE_ROW);
    const auto n = static_cast<size_t>(sqlite3_column_int64(q, 0));
    sqlite3_finalize(q);
    return n;
}

} // namespace

TEST_CASE("A compiled filter keeps exactly the points of vendors past index 255", "[filter]") {
    const auto d = many_vendors(20000);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
    sqlite3_exec(db, "CREATE TABLE p(vendor TEXT, year INTEGER, search_text TEXT, status TEXT)", nullptr, nullptr,
                 nullptr);
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_stmt* ins = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO p VALUES (?, ?, ?, ?)", -1, &ins, nullptr);
    for (size_t i = 0; i < d.positions.size(); ++i) {
        sqlite3_bind_text(ins, 1, d.vendors[d.vendor_index[i]].c_str(), -1, SQLITE_TRANSIENT);
        if (d.years[i])
            sqlite3_bind_int(ins, 2, d.years[i]);
        else
            sqlite3_bind_null(ins, 2);
        sqlite3_bind_text(ins, 3, d.search_text[i].c_str(), -1, SQLITE_TRANSIENT);
        const std::string status(geo::status_name(static_cast<geo::PointStatus>(d.statuses[i])));
        sqlite3_bind_text(ins, 4, status.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_step(ins);
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);

    std::vector<geo::Filter> filters(9);
    filters[0].vendors = {"Vendor 256", "vendor 280", "Vendor 298"}; // all past 255
    filters[1] = filters[0];
    filters[1].vendors.push_back("Vendor 255");
    filters[1].year_min = 2014;
    filters[1].include_unknown = false;
    filters[2].vendors = {"Vendor 3", "Vendor 290"};
    filters[2].year_max = 2016;
    filters[2].text = "dun";
    filters[3] = filters[2];
    filters[3].text = "dun ptz"; // narrows the last text
    filters[4].text = "futoska"; // another text, no vendor criterion
    filters[5].include_unknown = false;
    filters[6].statuses = geo::status_bit(geo::PointStatus::verified);
    filters[7] = filters[2];
    filters[7].statuses = geo::kAllStatuses;
    filters[8].statuses = geo::status_bit(geo::PointStatus::rejected) | geo::status_bit(geo::PointStatus::unverified);
    geo::CompiledFilter last = geo::compile(geo::Filter{}, d);
    const geo::SearchTexts texts(d.search_text, d.positions.size());
    for (const auto& f : filters) {
        INFO(f.describe());
        const size_t expected = brute_force(d, f);
        CHECK(sql_count(db, f) == expected);
        // Compiled afresh, and after the last filter (sharing or narrowing its text match).
        const auto fresh = geo::compile(f, d);
        const auto next = geo::compile(f, d.vendors, texts, &last);
        size_t passes = 0, narrowed = 0, bits = 0;
        for (size_t i = 0; i < d.positions.size(); ++i) {
            passes += fresh.passes(d, i);
            narrowed += next.passes(d, i);
        }
        std::vector<uint64_t> words;
        fresh.pass_bits(d.vendor_index.data(), d.years.data(), d.statuses.data(), d.positions.size(), words);
        for (const uint64_t w : words)
            bits += static_cast<size_t>(std::popcount(w));
        CHECK(passes == expected);
        CHECK(narrowed == expected);
        CHECK(bits == expected);
        if (!f.vendors.empty()) CHECK(expected > 0);
        last = next;
    }
    // The first filter selects only vendors past 255: no point of vendor 255 or below passes.
    const auto far = geo::compile(filters[0], d);
    for (size_t i = 0; i < d.positions.size(); ++i)
        if (d.vendor_index[i] < 256 && !d.vendors[d.vendor_index[i]].empty()) REQUIRE_FALSE(far.passes(d, i));
    sqlite3_close(db);
}

TEST_CASE("Pass bits on two threads equal the per-point rule", "[filter]") {
    // Past 200,000 points the bits are written by two threads.
    const auto d = many_vendors(250001);
    geo::Filter f;
    f.vendors = {"Vendor 1", "Vendor 260", "Vendor 297"};
    f.year_min = 2012;
    f.year_max = 2019;
    f.text = "bulevar";
    const auto c = geo::compile(f, d);
    std::vector<uint64_t> bits;
    c.pass_bits(d.vendor_index.data(), d.years.data(), d.statuses.data(), d.positions.size(), bits);
    REQUIRE(bits.size() == (d.positions.size() + 63) / 64);
    size_t n = 0;
    for (size_t i = 0; i < d.positions.size(); ++i) {
        const bool bit = bits[i / 64] >> (i % 64) & 1;
        REQUIRE(bit == c.passes(d, i));
        n += bit;
    }
    CHECK(n == brute_force(d, f));
}

TEST_CASE("A layer's texts with some replaced, and a filter's text matched again for them, are what compiling anew "
          "gives",
          "[filter]") {
    const std::vector<std::string> before{"dunavska 2019", "", "futoska ptz", "zmaj jovina", "bulevar dome"};
    const std::vector<std::string> after{"dunavska 2019", "dunavska dome", "futoska ptz", "zmaj jovina", ""};
    const geo::SearchTexts old_texts(before, before.size());
    const geo::SearchTexts texts = old_texts.with({1, 4}, {"dunavska dome", ""});
    REQUIRE(texts.size() == after.size());
    for (size_t i = 0; i < after.size(); ++i)
        CHECK(texts[i] == after[i]);
    // The edge cases of the buffer: the first and the last replaced, by longer texts.
    const geo::SearchTexts ends = old_texts.with({0, 4}, {"a much longer first text", "and a longer last one"});
    CHECK(ends[0] == "a much longer first text");
    CHECK(ends[1].empty());
    CHECK(ends[3] == "zmaj jovina");
    CHECK(ends[4] == "and a longer last one");

    geo::Filter filter;
    filter.text = "dunav";
    const std::vector<std::string> vendors{"Huawei"};
    const auto compiled = geo::compile(filter, vendors, old_texts);
    REQUIRE(compiled.text);
    CHECK(compiled.text->hits == std::vector<uint32_t>{0});
    const auto rematched = compiled.rematched(texts, {1, 4});
    const auto fresh = geo::compile(filter, vendors, texts);
    REQUIRE(rematched.text);
    CHECK(rematched.text->mask == fresh.text->mask);
    CHECK(rematched.text->hits == std::vector<uint32_t>{0, 1});
    CHECK(compiled.text->hits == std::vector<uint32_t>{0}); // the first is shared, never changed
    // Without a text criterion there is nothing to match.
    CHECK_FALSE(geo::compile(geo::Filter{}, vendors, old_texts).rematched(texts, {1}).text);
}
