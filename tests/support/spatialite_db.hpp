#pragma once
// A database opened with SpatiaLite loaded, for tests that check Oko's figures against SpatiaLite's
// own (ST_Area, ST_Within, ST_PointOnSurface, ...): a project read-only, or an empty in-memory one.

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <filesystem>
#include <string>
#include <vector>

namespace oko::test {

struct SpatiaLiteDb {
    sqlite3* h = nullptr;

    // An empty in-memory database with SpatiaLite's metadata (WGS 84 and the other CRSs).
    SpatiaLiteDb() {
        REQUIRE(sqlite3_open(":memory:", &h) == SQLITE_OK);
        load();
        REQUIRE(sqlite3_exec(h, "SELECT InitSpatialMetadata(1)", nullptr, nullptr, nullptr) == SQLITE_OK);
    }
    // A project, read-only.
    explicit SpatiaLiteDb(const std::filesystem::path& path) {
        REQUIRE(sqlite3_open_v2(path.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
        load();
    }
    SpatiaLiteDb(const SpatiaLiteDb&) = delete;
    SpatiaLiteDb& operator=(const SpatiaLiteDb&) = delete;
    ~SpatiaLiteDb() { sqlite3_close(h); }

    // The first column of the first row of `sql`, with `texts` bound in order.
    double number(const std::string& sql, const std::vector<std::string>& texts = {}) const {
        sqlite3_stmt* q = nullptr;
        INFO(sql);
        REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &q, nullptr) == SQLITE_OK);
        for (size_t i = 0; i < texts.size(); ++i)
            sqlite3_bind_text(q, static_cast<int>(i + 1), texts[i].c_str(), -1, SQLITE_TRANSIENT);
        REQUIRE(sqlite3_step(q) == SQLITE_ROW);
        const double v = sqlite3_column_double(q, 0);
        sqlite3_finalize(q);
        return v;
    }

private:
    void load() {
        sqlite3_enable_load_extension(h, 1);
        REQUIRE(sqlite3_load_extension(h, "mod_spatialite", nullptr, nullptr) == SQLITE_OK);
    }
};

} // namespace oko::test
