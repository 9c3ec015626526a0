#pragma once
// SHA-256 of a file, to record exactly which source a project was built from (FIPS 180-4).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace oko::geo {

class Sha256 {
public:
    Sha256();
    void update(const void* data, size_t size);
    std::string hex_digest();  // finishes the hash

private:
    void block(const uint8_t* p);
    uint32_t m_h[8];
    uint8_t m_buf[64];
    size_t m_buf_len = 0;
    uint64_t m_total = 0;
};

std::string sha256_hex(std::string_view data);
// Throws Error if the file cannot be read.
std::string sha256_file(const std::filesystem::path& path);

} // namespace oko::geo
