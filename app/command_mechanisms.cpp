// lonesim mechanisms: the six mechanisms and their parameters as Markdown, from the
// tables each mechanism declares (docs/programmes.md's section is made from it).
#include <cstdio>

#include "app/command.hpp"
#include "models/programmes/mechanisms.hpp"

namespace lonesim {
namespace {

void print_mechanism(const MechanismType& m) {
    auto text = [](std::string_view s) { return static_cast<int>(s.size()); };
    std::printf("### `%.*s` — %.*s (unit: %.*s)\n\n%.*s\n\n", text(m.name), m.name.data(), text(m.title), m.title.data(), text(m.unit),
                m.unit.data(), text(m.notes), m.notes.data());
    std::printf("| parameter | default | unit | range | per city (scaled to the world) | meaning | source |\n|---|---|---|---|---|---|---|\n");
    for (const ParamSpec& p : m.parameters)
        std::printf("| `%.*s` | %g | %.*s | %g – %g%s | %s | %.*s | %.*s |\n", text(p.name), p.name.data(), p.default_value, text(p.unit),
                    p.unit.data(), p.min, p.max, p.integer ? ", whole" : "", p.scales_with_population ? "yes" : "no", text(p.description),
                    p.description.data(), text(p.source), p.source.data());
    std::printf("\n");
}

}  // namespace

Command mechanisms_command(CLI::App& app) {
    CLI::App* cmd = app.add_subcommand("mechanisms", "Print the mechanisms and their parameters as Markdown");
    return {cmd, [](int, char**) {
                for (const MechanismType* m : mechanism_types()) print_mechanism(*m);
                return 0;
            }};
}

}  // namespace lonesim
