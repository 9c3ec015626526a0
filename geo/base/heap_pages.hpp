#pragma once
// Large imports allocate hundreds of MB in small pieces. glibc grows its heap 4 KiB page by
// page, and on a virtual machine the first touch of each page is a fault costing microseconds:
// a third of an OSM import's time was spent there. Grown once by a large block marked for
// transparent huge pages (where the system allows them; what glibc.malloc.hugetlb=1 does),
// the heap then faults in 2 MiB pages, 512 times fewer.

#include <cstddef>

namespace oko::geo {

// Grows the calling thread's heap (the main one: other threads have their own arenas, where
// this changes nothing) by `bytes` of huge-page memory and keeps it for later allocations.
// Once per process. Side effects: blocks up to twice `bytes` come from the heap rather than
// their own mappings, and freed heap memory up to four times `bytes` is kept, not returned.
void grow_heap_in_huge_pages(size_t bytes);

} // namespace oko::geo
