#include "app/checkpoint.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <vector>

#include "sim/input_error.hpp"

namespace lonesim {
namespace fs = std::filesystem;

namespace {
constexpr const char* kExtension = ".h5";

// What a file in the folder is: a checkpoint (complete or not) lonesim wrote, or not.
enum class Found { checkpoint, incomplete, foreign };
Found what_is(const fs::path& file, std::string& fingerprint) {
    std::error_code ec;
    if (!fs::is_regular_file(fs::symlink_status(file, ec))) return Found::foreign;
    // A checkpoint's temporary (PART.h5.partial.PID) whose writer was killed: not readable
    // as HDF5, yet lonesim's, in lonesim's folder.
    if (file.filename().string().find(std::string(kExtension) + ".partial.") != std::string::npos) return Found::incomplete;
    try {
        const h5::InFile in(file.string());
        if (!in.has_attribute("kind") || in.string_attribute("kind") != "checkpoint" || !in.has_attribute("complete"))
            return Found::foreign;
        if (in.int_attribute("complete") != 1) return Found::incomplete;
        fingerprint = in.string_attribute("fingerprint");
        return Found::checkpoint;
    } catch (const h5::H5Error&) {
        return Found::foreign;
    }
}
}  // namespace

Checkpoints::Checkpoints(const std::string& out, int every, bool resume, std::string fingerprint)
    : folder_(out + ".checkpoint"), fingerprint_(std::move(fingerprint)), every_(every), resume_(resume) {
    std::error_code ec;
    const fs::file_status status = fs::symlink_status(folder_, ec);
    if (ec || !fs::exists(status)) {
        if (resume_) std::fprintf(stderr, "lonesim: no checkpoint in %s; starting from the beginning\n", folder_.c_str());
        return;
    }
    auto refuse = [&](const std::string& option, const std::string& why) { throw InputError(folder_, 0, option, why); };
    if (!fs::is_directory(status) || fs::is_symlink(status)) refuse("--checkpoint-every", "exists and is not a folder of checkpoints");
    if (!resume_)
        refuse("--resume", "holds the checkpoints of an interrupted run of this output: add --resume to go on from them, or remove the folder");
    for (fs::directory_iterator it(folder_, ec), end; !ec && it != end; it.increment(ec)) {
        std::string found;
        switch (what_is(it->path(), found)) {
        case Found::foreign:
            refuse("--resume", it->path().filename().string() + " is not a lonesim checkpoint; the folder holds only checkpoints");
            break;
        case Found::incomplete:  // a writer killed mid-write; its previous checkpoint is whole
            break;
        case Found::checkpoint:
            if (found != fingerprint_)
                refuse("--resume", it->path().filename().string() +
                                       " is a checkpoint of another command or other inputs (scenario, parameters, days, "
                                       "replicates, outputs or build); run the command that made it, or remove the folder");
        }
    }
}

std::string Checkpoints::path_of(const std::string& part) const { return (fs::path(folder_) / (part + kExtension)).string(); }

std::optional<h5::InFile> Checkpoints::saved(const std::string& part) const {
    if (!resume_) return std::nullopt;
    std::string found;
    const std::string path = path_of(part);
    if (what_is(path, found) != Found::checkpoint) return std::nullopt;
    return h5::InFile(path);
}

void Checkpoints::save(const std::string& part, const std::function<void(h5::File&)>& write) {
    const std::lock_guard<std::mutex> lock(mutex_);
    std::error_code ec;
    fs::create_directories(folder_, ec);
    if (ec) throw InputError(folder_, 0, "--checkpoint-every", "cannot create the folder: " + ec.message());
    const std::string path = path_of(part), temporary = path + ".partial." + std::to_string(::getpid());
    try {
        h5::File file(temporary);
        h5::attribute(file.id(), "program", std::string("lonesim"));
        h5::attribute(file.id(), "kind", std::string("checkpoint"));
        h5::attribute(file.id(), "fingerprint", fingerprint_);
        h5::attribute(file.id(), "complete", std::int64_t{0});
        write(file);
        h5::attribute(file.id(), "complete", std::int64_t{1});
        file.close();
    } catch (const h5::H5Error& e) {
        fs::remove(temporary, ec);
        throw InputError(folder_, 0, "--checkpoint-every", std::string("cannot write a checkpoint: ") + e.what() + " (disk full?)");
    } catch (...) {
        fs::remove(temporary, ec);
        throw;
    }
    fs::rename(temporary, path, ec);
    if (ec) throw InputError(folder_, 0, "--checkpoint-every", "cannot rename " + temporary + ": " + ec.message());
}

void Checkpoints::finished() {
    std::error_code ec;
    if (!fs::is_directory(fs::symlink_status(folder_, ec))) return;
    std::vector<fs::path> ours;  // only what lonesim wrote
    for (fs::directory_iterator it(folder_, ec), end; !ec && it != end; it.increment(ec)) {
        std::string found;
        if (what_is(it->path(), found) != Found::foreign) ours.push_back(it->path());
    }
    for (const auto& file : ours) fs::remove(file, ec);
    fs::remove(folder_, ec);  // only if empty
}

}  // namespace lonesim
