#pragma once
// Where lonesim's shared files are (its scripts, its scenarios and Seoul's tables):
// installed, beside the program (bin/../share/lonesim, found from /proc/self/exe, so the
// install prefix can move); in the build tree, in the sources.
#include <string>

namespace lonesim {

// The path of `relative` (e.g. "tools/report.py", "scenarios/data") in the share folder.
std::string share_path(const std::string& relative);

}  // namespace lonesim
