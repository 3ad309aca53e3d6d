#pragma once
// What every fuzz target shares (issue 19). The readers take paths, so an input is
// written to a file in a scratch folder that also holds copies of the files an input
// may refer to: the test scenarios, their programme files and the Seoul data tables
// (tests/fuzz/README.md). The property checked, beyond "no crash, no leak, no undefined
// behaviour, no hang": bad input may only end as one InputError whose message is one
// line. Any other exception escapes, std::terminate aborts, and libFuzzer keeps the input.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>

#include "sim/input_error.hpp"

namespace lonesim::fuzz {

namespace fs = std::filesystem;

class Scratch {
public:
    Scratch() {
        std::string pattern = (fs::temp_directory_path() / "lonesim-fuzz-XXXXXX").string();
        if (!mkdtemp(pattern.data())) std::abort();
        dir_ = pattern;
        // The layout the seed corpus refers to (make_seed_corpus.py): the data tables in
        // data/, every programme file in programmes/, the scenarios beside the input.
        const fs::path tests = LONESIM_TESTS_DIR, scenarios = fs::path(LONESIM_SOURCE_DIR) / "scenarios";
        fs::copy(scenarios / "data", dir_ / "data");
        fs::create_directory(dir_ / "programmes");
        for (const fs::path& d : {tests / "data" / "programmes", scenarios / "programmes"})
            for (const auto& f : fs::directory_iterator(d)) fs::copy_file(f.path(), dir_ / "programmes" / f.path().filename());
        for (const fs::path& d : {tests / "data", scenarios})
            for (const auto& f : fs::directory_iterator(d))
                if (f.path().extension() == ".toml") copy_with_data_here(f.path(), dir_ / f.path().filename());
    }
    ~Scratch() {
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }
    const fs::path& dir() const { return dir_; }
    // Writes the input as the file NAME in the scratch folder and returns its path.
    std::string write(const std::string& name, const std::uint8_t* data, std::size_t size) const {
        const fs::path p = dir_ / name;
        std::ofstream out(p, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
        return p.string();
    }

private:
    // A scenario's `data = "../../scenarios/data"` becomes `data = "data"`.
    static void copy_with_data_here(const fs::path& from, const fs::path& to) {
        std::ifstream in(from, std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        for (const std::string old : {"\"../../../scenarios/data\"", "\"../../scenarios/data\""})
            for (auto at = text.find(old); at != std::string::npos; at = text.find(old)) text.replace(at, old.size(), "\"data\"");
        std::ofstream(to, std::ios::binary) << text;
    }

    fs::path dir_;
};

// One scratch folder per fuzzing process, removed at exit.
inline const Scratch& scratch() {
    static const Scratch s;
    return s;
}

// Runs the reader; an InputError must be one line naming its file.
template <class F>
void expect_clean(F&& read) {
    try {
        read();
    } catch (const InputError& e) {
        const std::string what = e.what();
        if (what.empty() || what.find('\n') != std::string::npos) {
            std::fprintf(stderr, "not one line: [%s]\n", what.c_str());
            std::abort();
        }
    }
}

}  // namespace lonesim::fuzz
