#pragma once
// Result files are written under FILE.partial and renamed to FILE only when complete.
// An interrupted write (Ctrl-C) leaves FILE.partial marked complete = 0; a failed one
// (a full disk) removes it. Either way FILE never holds a half-written result.
#include <filesystem>
#include <stdexcept>
#include <string>

#include "sim/hdf5_writer.hpp"
#include "sim/input_error.hpp"

namespace lonesim {

template <class Write>
void write_result_file(const std::string& out, Write&& write) {
    namespace fs = std::filesystem;
    const std::string partial = out + ".partial";
    std::error_code ec;
    if (const fs::path parent = fs::path(out).parent_path(); !parent.empty()) {
        fs::create_directories(parent, ec);
        if (ec) throw InputError(out, 0, "", "cannot create directory " + parent.string() + ": " + ec.message());
    }
    fs::remove(out, ec);  // a stale result must not survive a failed rerun
    std::unique_ptr<h5::File> file;
    try {
        file = std::make_unique<h5::File>(partial);
        h5::attribute(file->id(), "complete", std::int64_t{0});
    } catch (const h5::H5Error&) {
        throw InputError(out, 0, "", "cannot create " + partial);
    }
    try {
        write(*file);
        h5::attribute(file->id(), "complete", std::int64_t{1});
        file->close();
    } catch (const Interrupted&) {
        file->close();  // kept, marked incomplete
        throw;
    } catch (const h5::H5Error& e) {
        file.reset();
        fs::remove(partial, ec);
        throw InputError(out, 0, "", std::string("cannot write results: ") + e.what() + " (disk full?)");
    } catch (...) {
        file.reset();
        fs::remove(partial, ec);
        throw;
    }
    fs::rename(partial, out, ec);
    if (ec) throw InputError(out, 0, "", "cannot rename " + partial + ": " + ec.message());
}

}  // namespace lonesim
