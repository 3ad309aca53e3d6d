#pragma once
// Result files are written under a temporary name of their own (FILE.partial.PID.N) and
// renamed to FILE only when complete, so a previous FILE survives until the new one
// replaces it whole. An interrupted write (Ctrl-C) is kept as FILE.partial, marked
// complete = 0; a failed one (a full disk) is removed. Either way FILE never holds a
// half-written result. lonesim replaces only what it wrote itself, and a second lonesim
// writing the same FILE is refused while the first holds its lock (sim/output_lock.hpp).
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "sim/hdf5_writer.hpp"
#include "sim/input_error.hpp"
#include "sim/output_lock.hpp"

namespace lonesim {

// Whether `path` is a file lonesim wrote (an HDF5 file with its `complete` attribute).
inline bool is_lonesim_result(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(std::filesystem::symlink_status(path, ec))) return false;
    try {
        return h5::InFile(path).has_attribute("complete");
    } catch (const h5::H5Error&) {
        return false;
    }
}

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
    if (!is_lonesim_result(out)) refuse("exists and is not a lonesim result");
}

// The temporary files of writers of `out` that were killed (FILE.partial.PID.N, lonesim's
// own): removed by the next writer while it holds the lock, so while no one writes them.
inline void remove_killed_writers_files(const std::string& out) {
    namespace fs = std::filesystem;
    const fs::path target(out);
    const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    const std::string prefix = target.filename().string() + ".partial.";
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.rfind(prefix, 0) == 0 && is_lonesim_result(it->path().string())) fs::remove(it->path(), ec);
    }
}

// Results read as netCDF-4: dimension scales attached once written whole (a state file,
// lonesim's own, says it has none: h5::File::without_dimension_scales).
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
    OutputLock lock(out);  // in the folder, now that it exists
    if (lock.held()) remove_killed_writers_files(out);
    static std::atomic<int> files_made{0};
    const std::string temporary = partial + "." + std::to_string(::getpid()) + "." + std::to_string(files_made++);
    std::unique_ptr<h5::File> file;
    try {
        file = std::make_unique<h5::File>(temporary);
        h5::attribute(file->id(), "complete", std::int64_t{0});
    } catch (const h5::H5Error&) {
        throw InputError(out, 0, "", "cannot create " + temporary);
    }
    try {
        write(*file);
        file->attach_dimension_scales();
        h5::attribute(file->id(), "complete", std::int64_t{1});
        file->close();
    } catch (const Interrupted&) {
        file->close();  // kept as FILE.partial, marked incomplete
        fs::rename(temporary, partial, ec);
        throw;
    } catch (const h5::H5Error& e) {
        file.reset();
        fs::remove(temporary, ec);
        throw InputError(out, 0, "", std::string("cannot write results: ") + e.what() + " (disk full?)");
    } catch (...) {
        file.reset();
        fs::remove(temporary, ec);
        throw;
    }
    fs::rename(temporary, out, ec);
    if (ec) throw InputError(out, 0, "", "cannot rename " + temporary + ": " + ec.message());
    if (lock.held() && is_lonesim_result(partial)) fs::remove(partial, ec);  // an earlier interrupted attempt
}

}  // namespace lonesim
