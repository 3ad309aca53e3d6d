#pragma once
// Result files are written under FILE.partial and renamed to FILE only when complete, so a
// previous FILE survives until the new one replaces it whole. An interrupted write (Ctrl-C)
// leaves FILE.partial marked complete = 0; a failed one (a full disk) removes it. Either way
// FILE never holds a half-written result. lonesim replaces only what it wrote itself.
#include <filesystem>
#include <stdexcept>
#include <string>

#include "sim/hdf5_writer.hpp"
#include "sim/input_error.hpp"

namespace lonesim {

// Whether lonesim may write to `out`: nothing is there, or a regular file lonesim wrote (an
// HDF5 file with its `complete` attribute). A directory, a device, a pipe, a link or any
// other file (a scenario, a table) is refused: throws InputError(out, 0, "--out", why).
inline void check_output_path(const std::string& out) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status link = fs::symlink_status(out, ec);
    if (ec || !fs::exists(link)) return;
    auto refuse = [&](const std::string& why) {
        throw InputError(out, 0, "--out", why + "; lonesim writes only new files or results it wrote itself");
    };
    if (fs::is_symlink(link)) refuse("is a symbolic link");
    if (fs::is_directory(link)) refuse("is a directory");
    if (!fs::is_regular_file(link)) refuse("is not a regular file (a device, a pipe or a socket)");
    bool ours = false;
    try {
        ours = h5::InFile(out).has_attribute("complete");
    } catch (const h5::H5Error&) {
    }
    if (!ours) refuse("exists and is not a lonesim result");
}

template <class Write>
void write_result_file(const std::string& out, Write&& write) {
    namespace fs = std::filesystem;
    const std::string partial = out + ".partial";
    check_output_path(out);
    check_output_path(partial);
    std::error_code ec;
    if (const fs::path parent = fs::path(out).parent_path(); !parent.empty()) {
        fs::create_directories(parent, ec);
        if (ec) throw InputError(out, 0, "", "cannot create directory " + parent.string() + ": " + ec.message());
    }
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
