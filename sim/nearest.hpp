#pragma once
// "Did you mean": the nearest valid name to a misspelt one, for input errors.
#include <string>
#include <vector>

namespace lonesim {

// The closest candidate by edit distance, or "" if none is close.
std::string nearest(const std::string& key, const std::vector<std::string>& candidates);

}  // namespace lonesim
