#include "app/share_path.hpp"

#include <filesystem>

namespace lonesim {

std::string share_path(const std::string& relative) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed = self.parent_path() / LONESIM_SHARE_FROM_BIN / relative;
        if (fs::exists(installed, ec)) return installed.lexically_normal().string();
    }
    return std::string(LONESIM_SOURCE_DIR) + "/" + relative;
}

}  // namespace lonesim
