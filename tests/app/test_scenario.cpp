#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "models/parameters.hpp"
#include "sim/input_error.hpp"
#include "app/scenario.hpp"
#include "tests/test_support.hpp"

using namespace lonesim;

namespace {
using test::data;

// The error --set gives, or "" if none.
std::string set_error(ScenarioSpec& s, const std::string& set) {
    try {
        apply_overrides(s, {set}, parameter_table());
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

std::string error_of(const std::string& file) {
    try {
        load_scenario(data(file), parameter_table());
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}
}  // namespace

TEST_CASE("a good scenario is read into a spec with its overrides") {
    const ScenarioSpec s = load_scenario(data("small.toml"), parameter_table());
    CHECK(s.name == "small");
    CHECK(s.days == 60);
    CHECK(s.seed == 7);
    CHECK(s.replicates == 2);
    CHECK(s.agents == 5000);
    CHECK(s.start_date == Date{2025, 1, 1});
    REQUIRE(s.parameters.size() == 1);
    CHECK(s.parameters[0].first == "outings.base_prob");
    CHECK(s.parameters[0].second == 0.8);
    CHECK(s.snapshot_days == std::vector<int>{0, 60});
    const auto values = s.resolved(parameter_table());
    Parameters p;
    CHECK(values.size() == parameter_table().size());
    // The resolved text lists every parameter and parses back to the same spec.
    const std::string text = s.to_toml(parameter_table());
    CHECK(text.find("base_prob = 0.8  # per day, overridden") != std::string::npos);
}

TEST_CASE("a typo in a key names the file, the line, the key and the nearest valid key") {
    const std::string e = error_of("typo_key.toml");
    CHECK(e.find("typo_key.toml:3: scenario.dayz: unknown key (did you mean 'scenario.days'?)") != std::string::npos);
}

TEST_CASE("a typo in a parameter suggests the parameter") {
    const std::string e = error_of("typo_parameter.toml");
    CHECK(e.find("typo_parameter.toml:9: parameters.outings.base_prb: unknown parameter (did you mean "
                 "'parameters.outings.base_prob'?)") != std::string::npos);
}

TEST_CASE("a wrong type names the expected type") {
    const std::string e = error_of("wrong_type.toml");
    CHECK(e.find("wrong_type.toml:2: scenario.days: must be an integer, got a string") != std::string::npos);
}

TEST_CASE("an out-of-range value gives the range and the unit") {
    const std::string e = error_of("out_of_range.toml");
    CHECK(e.find("out_of_range.toml:9: parameters.loneliness.threshold: 1.5 is out of range [0, 1]") != std::string::npos);
}

TEST_CASE("two shocks of one name are refused (--set shocks.<name>.<factor> must name one)") {
    CHECK(error_of("duplicate_shock.toml").find("duplicate_shock.toml:13: shocks.name: shock 'distancing' is named twice") != std::string::npos);
}

TEST_CASE("a syntax error and a missing file are one-line errors naming the file") {
    const std::string syntax = error_of("syntax_error.toml");
    CHECK(syntax.find("syntax_error.toml:3: syntax error") != std::string::npos);
    CHECK(syntax.find('\n') == std::string::npos);
    const std::string missing = error_of("no_such_file.toml");
    CHECK(missing.find("no_such_file.toml: no such file") != std::string::npos);
}

TEST_CASE("--set overrides parameters and scenario settings, and rejects bad ones") {
    ScenarioSpec s = load_scenario(data("small.toml"), parameter_table());
    apply_overrides(s, {"contacts.friend_rate=0.2", "scenario.days=10", "population.scale=0.01"}, parameter_table());
    CHECK(s.days == 10);
    CHECK(s.agents == 0);
    CHECK(s.scale == 0.01);
    CHECK(s.resolved(parameter_table())[static_cast<std::size_t>(
              std::find_if(parameter_table().begin(), parameter_table().end(),
                           [](const ParamSpec& p) { return p.name == "contacts.friend_rate"; }) -
              parameter_table().begin())] == 0.2);
    auto error = [&](const std::string& set) { return set_error(s, set); };
    CHECK(error("contacts.freind_rate=0.2") == "--set: contacts.freind_rate: unknown parameter (did you mean 'contacts.friend_rate'?)");
    CHECK(error("contacts.friend_rate=2") == "--set: contacts.friend_rate: 2.0 is out of range [0, 1] (per day)");
    CHECK(error("contacts.friend_rate=lots") == "--set: contacts.friend_rate: 'lots' is not a number");
    CHECK(error("scenario.days=2.5").find("must be a whole number") != std::string::npos);
    CHECK(error("nonsense").find("expected key=value") != std::string::npos);
}

TEST_CASE("--set changes a factor of one of the scenario's shocks, and names the ones it has") {
    ScenarioSpec s = load_scenario(data("small.toml"), parameter_table());
    s.shocks.push_back({"distancing", s.start_date, civil_from_days(days_from_civil(s.start_date) + 30), 0.8, 0.5, 0.9});
    apply_overrides(s, {"shocks.distancing.contacts=0.7", "shocks.distancing.venues=0.25"}, parameter_table());
    CHECK(s.shocks[0].contacts == 0.7);
    CHECK(s.shocks[0].venues == 0.25);
    CHECK(s.shocks[0].outings == 0.8);
    CHECK(s.set_lines.size() == 2);
    CHECK(s.to_toml(parameter_table()).find("contacts = 0.7") != std::string::npos);
    auto error = [&](const std::string& set) { return set_error(s, set); };
    CHECK(error("shocks.distancing.contact=0.7") ==
          "--set: shocks.distancing.contact: unknown parameter (did you mean 'shocks.distancing.contacts'?)");
    CHECK(error("shocks.distancing.contacts=11") == "--set: shocks.distancing.contacts: 11.0 is out of range [0, 10]");
    CHECK(error("shocks.lockdown.contacts=0.5").find("unknown parameter") != std::string::npos);
}

TEST_CASE("every parameter has a default inside its range, a unit, a description and a source") {
    for (const auto& p : parameter_table()) {
        CAPTURE(p.name);
        CHECK(p.default_value >= p.min);
        CHECK(p.default_value <= p.max);
        CHECK(!p.unit.empty());
        CHECK(!p.description.empty());
        CHECK(!p.source.empty());
        CHECK(p.name.find('.') != std::string_view::npos);
    }
}

TEST_CASE("nearest() finds close keys and nothing for distant ones") {
    CHECK(nearest("dayz", {"days", "seed", "replicates"}) == "days");
    CHECK(nearest("zzzzzzzzzz", {"days", "seed"}).empty());
    // District names without their suffix, in any case.
    const std::vector<std::string> districts = {"Gangnam-gu", "Gangseo-gu", "Gangbuk-gu", "Jung-gu", "Jongno-gu"};
    CHECK(nearest("Gangnam", districts) == "Gangnam-gu");
    CHECK(nearest("gangseo", districts) == "Gangseo-gu");
    CHECK(nearest("Jung", districts) == "Jung-gu");
    CHECK(nearest("Gangnamgu", districts) == "Gangnam-gu");
    CHECK(nearest("Busan", districts).empty());
}
