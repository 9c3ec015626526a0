#include "geo/base/heap_pages.hpp"

#include <cstdint>
#include <cstdlib>
#include <mutex>

#include <malloc.h>
#include <sys/mman.h>

namespace oko::geo {

void grow_heap_in_huge_pages(size_t bytes) {
    static std::once_flag once;
    std::call_once(once, [bytes] {
        if (mallopt(M_MMAP_THRESHOLD, static_cast<int>(bytes * 2)) != 1) return;
        mallopt(M_TRIM_THRESHOLD, static_cast<int>(bytes * 4));
        void* block = std::malloc(bytes);
        if (!block) return;
        constexpr uintptr_t huge = uintptr_t{2} << 20;
        const auto begin = (reinterpret_cast<uintptr_t>(block) + huge - 1) & ~(huge - 1);
        const auto end = (reinterpret_cast<uintptr_t>(block) + bytes) & ~(huge - 1);
        if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
        std::free(block);
    });
}

} // namespace oko::geo
