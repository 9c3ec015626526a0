#pragma once
// SHA-256 of a file, to record exactly which source a project was built from (FIPS 180-4),
// computed by OpenSSL's libcrypto.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st; // OpenSSL's EVP_MD_CTX

namespace oko::geo {

class Sha256 {
public:
    Sha256(); // throws Error if libcrypto cannot start a digest
    void update(const void* data, size_t size);
    std::string hex_digest(); // finishes the hash

private:
    struct FreeContext {
        void operator()(evp_md_ctx_st* ctx) const;
    };
    std::unique_ptr<evp_md_ctx_st, FreeContext> m_ctx;
};

std::string sha256_hex(std::string_view data);
// Throws Error if the file cannot be read.
std::string sha256_file(const std::filesystem::path& path);

} // namespace oko::geo
