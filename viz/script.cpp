#include "viz/script.hpp"

#include <algorithm>
#include <cstdio>

#include "sim/toml_reader.hpp"

namespace lonesim::viz {

namespace {

const std::vector<std::string> kMetricChoices = {"lonely", "isolated", "reclusive", "loneliness", "change"};

// The programme part of an action: a policy change of the named programme.
PolicyChange read_change(const TomlReader& r, const toml::value& a, int day, const std::vector<ProgrammeSpec>& programmes,
                         std::string& what) {
    std::vector<std::string> names;
    for (const auto& p : programmes) names.push_back(p.name);
    if (names.empty()) r.fail(a.at("programme"), "action.programme", "the scenario has no programme to switch");
    PolicyChange c;
    c.day = day;
    c.programme = r.choice(a.at("programme"), "action.programme", names);
    what = c.programme;
    if (a.contains("enabled")) {
        if (!a.at("enabled").is_boolean()) r.fail(a.at("enabled"), "action.enabled", "must be true or false");
        c.enabled = a.at("enabled").as_boolean() ? 1 : 0;
        what += c.enabled ? " on" : " off";
    }
    if (a.contains("capacity")) {
        const double k = r.number(a.at("capacity"), "action.capacity");
        if (!(k >= 0 && k <= 100)) r.fail(a.at("capacity"), "action.capacity", "must be a multiple of the scenario's capacity in [0, 100]");
        const auto& p = *std::find_if(programmes.begin(), programmes.end(), [&](const auto& q) { return q.name == c.programme; });
        if (p.capacity.per_year <= 0 && p.capacity.concurrent <= 0)
            r.fail(a.at("capacity"), "action.capacity", "'" + p.name + "' has no capacity to scale (its own parameters set what it can take)");
        c.capacity = {p.capacity.per_year * k, p.capacity.concurrent * k};
        char buf[48];
        std::snprintf(buf, sizeof buf, ", capacity x%g", k);
        what += buf;
    }
    if (c.enabled < 0 && !a.contains("capacity")) r.fail(a.at("programme"), "action.programme", "needs enabled or capacity");
    return c;
}

ScriptAction read_action(const TomlReader& r, const toml::value& a, const std::vector<ProgrammeSpec>& programmes, const SeoulData& seoul,
                         int horizon_days) {
    r.table(a, "action");
    r.check_keys(a, "action.", {"day", "programme", "enabled", "capacity", "caption", "caption_ko", "seconds", "select", "metric", "lang",
                                "presentation"});
    if (!a.contains("day")) r.fail(a, "action", "needs day (the day it acts before, 0 for the start)");
    ScriptAction s;
    s.day = static_cast<int>(r.integer(a.at("day"), "action.day", 0, horizon_days));
    std::vector<std::string> parts;
    if (a.contains("programme")) {
        std::string what;
        s.change = read_change(r, a, s.day, programmes, what);
        parts.push_back(what);
    } else if (a.contains("enabled") || a.contains("capacity")) {
        r.fail(a.contains("enabled") ? a.at("enabled") : a.at("capacity"), a.contains("enabled") ? "action.enabled" : "action.capacity",
               "needs programme (which programme to change)");
    }
    if (a.contains("caption")) s.caption = r.string(a.at("caption"), "action.caption"), parts.push_back("caption \"" + s.caption + "\"");
    if (a.contains("caption_ko")) s.caption_ko = r.string(a.at("caption_ko"), "action.caption_ko");
    if (a.contains("caption_ko") && !a.contains("caption")) r.fail(a.at("caption_ko"), "action.caption_ko", "needs caption (the English one) too");
    if (a.contains("seconds")) {
        s.seconds = r.number(a.at("seconds"), "action.seconds");
        if (!(s.seconds > 0 && s.seconds <= 600)) r.fail(a.at("seconds"), "action.seconds", "must be in (0, 600] seconds");
    }
    if (a.contains("select")) {
        std::vector<std::string> names{"Seoul"};
        for (const auto& d : seoul.districts) names.push_back(d.name);
        const std::string name = r.choice(a.at("select"), "action.select", names);
        s.select = static_cast<int>(std::find(names.begin(), names.end(), name) - names.begin()) - 1;
        parts.push_back("select " + name);
    }
    if (a.contains("metric")) {
        const std::string m = r.choice(a.at("metric"), "action.metric", kMetricChoices);
        s.metric = static_cast<int>(std::find(kMetricChoices.begin(), kMetricChoices.end(), m) - kMetricChoices.begin());
        parts.push_back("map " + m);
    }
    if (a.contains("lang")) {
        s.lang = r.choice(a.at("lang"), "action.lang", {"en", "ko"}) == "ko" ? 1 : 0;
        parts.push_back(std::string("language ") + (*s.lang ? "ko" : "en"));
    }
    if (a.contains("presentation")) {
        if (!a.at("presentation").is_boolean()) r.fail(a.at("presentation"), "action.presentation", "must be true or false");
        s.presentation = a.at("presentation").as_boolean();
        parts.push_back(std::string("presentation ") + (*s.presentation ? "on" : "off"));
    }
    if (parts.empty()) r.fail(a, "action", "does nothing: give programme, caption, select, metric, lang or presentation");
    for (std::size_t k = 0; k < parts.size(); ++k) s.what += (k ? "; " : "") + parts[k];
    return s;
}

}  // namespace

std::vector<PolicyChange> Script::changes() const {
    std::vector<PolicyChange> out;
    for (const auto& a : actions)
        if (a.change) out.push_back(*a.change);
    return out;
}

Script load_script(const std::string& path, const std::vector<ProgrammeSpec>& programmes, const SeoulData& seoul, int horizon_days) {
    const toml::value root = parse_toml_file(path);
    const TomlReader r(path);
    r.check_keys(root, "", {"action"});
    if (!root.contains("action")) r.fail(root, "action", "a script needs at least one [[action]]");
    const auto& arr = root.at("action");
    if (!arr.is_array()) r.fail(arr, "action", "must be an array of tables ([[action]]), got " + type_name(arr));
    Script s;
    s.path = path;
    for (const auto& a : arr.as_array()) s.actions.push_back(read_action(r, a, programmes, seoul, horizon_days));
    std::stable_sort(s.actions.begin(), s.actions.end(), [](const auto& x, const auto& y) { return x.day < y.day; });
    return s;
}

}  // namespace lonesim::viz
