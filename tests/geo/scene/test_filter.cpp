#include "geo/base/error.hpp"
#include "geo/scene/filter.hpp"
#include "geo/text/text_fold.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <random>
#include <sstream>

using oko::geo::Filter;

TEST_CASE("Filter semantics on hand-made points", "[filter]") {
    const Filter f = Filter::parse({"vendor=Huawei,dahua", "year=2018..2020"});
    CHECK(f.matches("Huawei", 2019, ""));
    CHECK(f.matches("Dahua", 2018, ""));
    CHECK(f.matches("huawei", 2020, ""));
    CHECK_FALSE(f.matches("Hikvision", 2019, ""));
    CHECK_FALSE(f.matches("Huawei", 2021, ""));
    CHECK_FALSE(f.matches("Huawei", 2017, ""));
    // A filter that names vendors and years counts only points that match them.
    CHECK_FALSE(f.matches("", 2019, ""));
    CHECK_FALSE(f.matches("Unknown", 2019, ""));
    CHECK_FALSE(f.matches("Huawei", std::nullopt, ""));
    CHECK_FALSE(f.unknown_included());

    const Filter asked = Filter::parse({"vendor=Huawei", "year=2018..2020", "unknown=include"});
    CHECK(asked.matches("", 2019, ""));
    CHECK(asked.matches("Huawei", std::nullopt, ""));
    CHECK(asked.matches("", std::nullopt, ""));
    CHECK_FALSE(asked.matches("", 2017, ""));              // a known year still has to be in the range
    CHECK_FALSE(asked.matches("Dahua", std::nullopt, "")); // a known vendor still has to be named
    CHECK(asked.unknown_included());

    // Each criterion drops the unknowns of its own field only.
    const Filter vendor_only = Filter::parse({"vendor=Huawei"});
    CHECK(vendor_only.matches("Huawei", std::nullopt, ""));
    CHECK_FALSE(vendor_only.matches("", 2019, ""));
    const Filter year_only = Filter::parse({"year=2019"});
    CHECK(year_only.matches("", 2019, ""));
    CHECK_FALSE(year_only.matches("Huawei", std::nullopt, ""));

    // Without a vendor or year criterion nothing is dropped for being unknown, whatever the toggle.
    const std::vector<std::vector<std::string>> no_criterion = {{}, {"unknown=exclude"}, {"unknown=include"}};
    for (const auto& spec : no_criterion) {
        const Filter none = Filter::parse(spec);
        CHECK(none.matches("", std::nullopt, ""));
        CHECK(none.matches("Unknown", 2019, ""));
        CHECK(none.unknown_included());
        CHECK(none.empty());
    }
    CHECK_FALSE(Filter{}.include_unknown); // off unless asked for

    const Filter text = Filter::parse({"text=bulevar oslobodjenja"});
    CHECK(text.matches("", std::nullopt, "Булевар ослобођења 12, Нови Сад"));
    CHECK_FALSE(text.matches("", std::nullopt, "Bulevar Evrope"));

    CHECK(Filter::parse({"year=2019"}).year_max == 2019);
    CHECK(Filter::parse({"year=2019.."}).year_max == std::nullopt);
    CHECK(Filter::parse({"year=..2019"}).year_min == std::nullopt);
}

TEST_CASE("A filter's description says whether unknowns are in it", "[filter]") {
    CHECK(Filter{}.describe() == "all points");
    CHECK(Filter::parse({"unknown=include"}).describe() == "all points");
    CHECK(Filter::parse({"vendor=Huawei", "year=2019..2020"}).describe() ==
          "vendor Huawei; years 2019–2020; unknown vendors/years excluded");
    CHECK(Filter::parse({"vendor=Huawei", "year=2019..2020", "unknown=include"}).describe() ==
          "vendor Huawei; years 2019–2020; unknown vendors/years included");
    CHECK(Filter::parse({"vendor=Huawei,Dahua"}).describe() == "vendor Huawei, Dahua; unknown vendors excluded");
    CHECK(Filter::parse({"year=2019.."}).describe() == "years 2019–…; unknown years excluded");
    CHECK(Filter::parse({"text=trg"}).describe() == "“trg”");
}

TEST_CASE("Bad filter specs name themselves", "[filter]") {
    CHECK_THROWS_WITH(Filter::parse({"vendr=Huawei"}), Catch::Contains("--filter vendr=Huawei"));
    CHECK_THROWS_WITH(Filter::parse({"year=2020..2018"}), Catch::Contains("after"));
    CHECK_THROWS_WITH(Filter::parse({"year=twenty"}), Catch::Contains("not a year"));
    CHECK_THROWS_WITH(Filter::parse({"unknown=maybe"}), Catch::Contains("unknown=include"));
    CHECK_THROWS_AS(Filter::parse({"vendor="}), oko::geo::Error);
}

TEST_CASE("The SQL form selects exactly the points the in-memory form keeps", "[filter]") {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
    sqlite3_exec(db,
                 "CREATE TABLE p(id INTEGER PRIMARY KEY, vendor TEXT, year INTEGER, attrs TEXT, search_text TEXT, "
                 "status TEXT)",
                 nullptr, nullptr, nullptr);
    const char* vendors[] = {"Huawei", "Hikvision", "Dahua", "Axis", "", "Unknown"};
    const char* notes[] = {"Трг слободе", "Bulevar oslobođenja 5", "Zmaj Jovina", "kod pošte", ""};
    std::mt19937 rng(7);
    struct Row {
        std::string vendor;
        std::optional<int> year;
        std::string attrs;
        std::string status;
    };
    std::vector<Row> rows;
    sqlite3_stmt* ins = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO p(vendor, year, attrs, search_text, status) VALUES (?, ?, ?, ?, ?)", -1, &ins,
                       nullptr);
    const char* statuses[] = {"unverified", "verified", "rejected"};
    for (int i = 0; i < 2000; ++i) {
        Row r{vendors[rng() % 6], rng() % 7 == 0 ? std::nullopt : std::optional<int>(2010 + rng() % 15),
              notes[rng() % 5], statuses[rng() % 3]};
        sqlite3_bind_text(ins, 1, r.vendor.c_str(), -1, SQLITE_TRANSIENT);
        if (r.year)
            sqlite3_bind_int(ins, 2, *r.year);
        else
            sqlite3_bind_null(ins, 2);
        sqlite3_bind_text(ins, 3, r.attrs.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 4, oko::geo::fold_for_search(r.attrs).c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 5, r.status.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_step(ins);
        sqlite3_reset(ins);
        rows.push_back(r);
    }
    sqlite3_finalize(ins);

    const std::vector<std::vector<std::string>> cases = {
        {},
        {"vendor=Huawei"},
        {"vendor=huawei,Dahua", "year=2015..2019"},
        {"year=..2012"},
        {"unknown=exclude"},
        {"vendor=Axis", "unknown=exclude", "year=2020.."},
        {"vendor=Axis,Dahua", "unknown=include", "year=2014..2020"},
        {"unknown=include", "year=..2016"},
        {"unknown=include", "vendor=huawei"},
        {"unknown=include"},
        {"text=trg"},
        {"text=TRG slobode", "vendor=Hikvision"},
        {"text=oslobodjenja"},
        {"status=verified"},
        {"status=rejected,unverified", "vendor=Huawei"},
        {"status=all", "year=2015.."},
    };
    // The rule as the documentation states it, written out here rather than taken from Filter.
    const auto lower = [](std::string s) {
        for (auto& c : s)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    };
    const auto expected_pass = [&](const Filter& f, const Row& r) {
        const bool vendor_unknown = r.vendor.empty() || lower(r.vendor) == "unknown";
        bool vendor_ok = f.vendors.empty();
        for (const auto& v : f.vendors)
            vendor_ok |= !vendor_unknown && lower(v) == lower(r.vendor);
        if (!f.vendors.empty() && vendor_unknown) vendor_ok = f.include_unknown;
        const bool has_years = f.year_min || f.year_max;
        const bool year_ok = !r.year
                                 ? !has_years || f.include_unknown
                                 : (!f.year_min || *r.year >= *f.year_min) && (!f.year_max || *r.year <= *f.year_max);
        bool text_ok = true;
        std::istringstream words(oko::geo::fold_for_search(f.text));
        for (std::string w; words >> w;)
            text_ok &= oko::geo::fold_for_search(r.attrs).find(w) != std::string::npos;
        // Statuses: every one but rejected unless the filter names them.
        const bool status_ok = f.statuses == oko::geo::kAllStatuses ? true
                               : f.statuses == Filter::kDefaultStatuses
                                   ? r.status != "rejected"
                                   : f.status_passes(*oko::geo::status_from_name(r.status));
        return vendor_ok && year_ok && text_ok && status_ok;
    };
    for (const auto& spec : cases) {
        const Filter f = Filter::parse(spec);
        long expected = 0, matched = 0;
        for (const auto& r : rows) {
            expected += expected_pass(f, r);
            matched += f.matches(r.vendor, r.year, r.attrs) && f.status_passes(*oko::geo::status_from_name(r.status));
        }
        CHECK(matched == expected);
        const auto sql = f.to_sql();
        sqlite3_stmt* q = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, ("SELECT count(*) FROM p WHERE " + sql.where).c_str(), -1, &q, nullptr) ==
                SQLITE_OK);
        for (size_t i = 0; i < sql.parameters.size(); ++i)
            sqlite3_bind_text(q, static_cast<int>(i + 1), sql.parameters[i].c_str(), -1, SQLITE_TRANSIENT);
        REQUIRE(sqlite3_step(q) == SQLITE_ROW);
        INFO("filter: " << f.describe() << "  where: " << sql.where);
        CHECK(sqlite3_column_int64(q, 0) == expected);
        sqlite3_finalize(q);
    }
    sqlite3_close(db);
}
