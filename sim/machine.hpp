#pragma once
// What the machine has, for refusing work it cannot hold before starting it.
#include <cstdint>

namespace lonesim {

// Memory available to new work (MemAvailable of /proc/meminfo; physical memory where that
// cannot be read), in bytes.
std::uint64_t available_memory_bytes();

}  // namespace lonesim
