// SHA-256 of strings and files, checked against digests computed independently: the FIPS 180-2
// test vectors (confirmed with coreutils' sha256sum) and sha256sum run on the same file here.

#include "geo/base/error.hpp"
#include "geo/base/sha256.hpp"
#include "support/point_fixtures.hpp"
#include "support/shared_data.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <string>

using namespace oko;

namespace {

std::string sha256sum_of(const std::filesystem::path& file) {
    const auto sum = test::run_command("sha256sum " + test::quoted(file));
    REQUIRE(sum.status == 0);
    REQUIRE(sum.output.size() >= 64);
    return sum.output.substr(0, 64);
}

} // namespace

TEST_CASE("SHA-256 of the FIPS 180-2 test vectors", "[sha256]") {
    CHECK(geo::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(geo::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // The 448-bit message: its padding spills into a second block.
    CHECK(geo::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(geo::sha256_hex(std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("SHA-256 fed in uneven pieces equals the digest of the whole", "[sha256]") {
    const std::string text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    geo::Sha256 h;
    for (size_t at = 0, step = 1; at < text.size(); at += step, step += 2) {
        h.update(text.data() + at, std::min(step, text.size() - at));
        h.update(text.data(), 0); // empty updates change nothing
    }
    CHECK(h.hex_digest() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("SHA-256 of files matches sha256sum", "[sha256]") {
    test::TempDir dir;
    // Past the 64 KiB read buffer, with every byte value, not a multiple of the block size.
    const auto big = dir / "bytes.bin";
    {
        std::ofstream out(big, std::ios::binary);
        uint32_t x = 2463534242u;
        for (int i = 0; i < 200003; ++i) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            out.put(static_cast<char>(x & 0xFF));
        }
    }
    CHECK(geo::sha256_file(big) == sha256sum_of(big));
    const auto empty = dir / "empty.csv";
    std::ofstream(empty).close();
    CHECK(geo::sha256_file(empty) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const auto fixture = test::point_fixture("nis_windows1251.csv");
    CHECK(geo::sha256_file(fixture) == sha256sum_of(fixture));
}

TEST_CASE("SHA-256 of a missing file is an error naming it", "[sha256]") {
    test::TempDir dir;
    const auto missing = dir / "missing.osm.pbf";
    try {
        geo::sha256_file(missing);
        FAIL("no error");
    } catch (const geo::Error& e) {
        CHECK(e.file() == missing.string());
    }
}
