#pragma once
// Reading the Seoul tables the population is built from (scenarios/data, with SOURCES.md)
// into the model's SeoulData.
#include <string>

#include "models/seoul.hpp"

namespace lonesim {

// Reads the three tables from a data directory; throws InputError on a bad table.
SeoulData load_seoul(const std::string& data_dir);

}  // namespace lonesim
