#pragma once
// The layout of the file `lonesim run` writes (README, "Outputs"): root attributes, the
// reference tables, /timeseries, /network, /programmes, /policy_changes and /snapshots.
// Running the days is elsewhere (app/run.cpp); this only lays out and writes.
#include <string>
#include <vector>

#include "app/scenario.hpp"
#include "models/recorders.hpp"
#include "models/seoul.hpp"
#include "sim/hdf5_writer.hpp"

namespace lonesim {

struct World;

// /districts and /age_bands.
void write_reference_tables(h5::File& f, const SeoulData& seoul);
// The date coordinate: day numbers with CF units "days since START".
void write_date_coordinate(h5::File& f, int days, Date start);
// The coordinates of a run's arrays: replicate, date (days since start), district, age band.
void write_coordinates(h5::File& f, int replicates, int days, Date start, const SeoulData& seoul);

class RunFile {
public:
    // Writes the root attributes and reference tables and creates every dataset.
    RunFile(h5::File& f, const ScenarioSpec& spec, const SimulationSetup& setup, const SeoulData& seoul, int threads);
    // What replicate r's recorders kept, and its policy log.
    void write_replicate(int r, const CellSeriesRecorder& cells, const ProgrammeSeriesRecorder& programmes,
                         const std::vector<PolicyChange>& policy_log);
    // /network/* of replicate r: when 0 before the first day, 1 after the last.
    void write_network(int r, const NetworkStats& ns, hsize_t when);
    // The policy changes of every replicate, and the wall time.
    void finish(double wall_seconds);
    void mark_interrupted(const std::string& where);

private:
    void create_timeseries(hsize_t replicates, hsize_t days);
    void create_network(hsize_t replicates, hsize_t max_degree);
    void create_programmes(const ScenarioSpec& spec, hsize_t replicates, hsize_t days);

    h5::File& f_;
    hsize_t days_, degrees_;
    std::vector<h5::Dataset> series_;
    std::vector<h5::Dataset> network_;  // clustering, mean_degree, ties, degree_histogram
    std::vector<std::vector<h5::Dataset>> programmes_;
    h5::File::Column log_rep_{"replicate", {}, {}, {}}, log_day_{"day", {}, {}, {}}, log_name_{"programme", {}, {}, {}},
        log_on_{"enabled", {}, {}, {}}, log_year_{"capacity_per_year", {}, {}, {}}, log_conc_{"capacity_concurrent", {}, {}, {}};
};

// Writes what a NetworkRecorder took (placed after it in the day loop), as it is taken:
// an interrupted run keeps day 0's.
class NetworkFileRecorder : public SimRecorder {
public:
    NetworkFileRecorder(RunFile& file, int replicate, const NetworkRecorder& network) : file_(file), replicate_(replicate), network_(network) {}
    void begin(const Simulation&) override { file_.write_network(replicate_, network_.at_start(), 0); }
    void record(const Simulation&, int) override {}
    void end(const Simulation&) override { file_.write_network(replicate_, network_.at_end(), 1); }

private:
    RunFile& file_;
    int replicate_;
    const NetworkRecorder& network_;
};

// /snapshots/day_N: agent columns and the edge list of a world after day N (0: day 0).
void write_snapshot(h5::File& f, const World& w, int day);

// Snapshots after the given days (0: before the first day).
class SnapshotRecorder : public SimRecorder {
public:
    SnapshotRecorder(h5::File& f, std::vector<int> days) : f_(f), days_(std::move(days)) {}
    void begin(const Simulation& sim) override;
    void record(const Simulation& sim, int day) override;

private:
    h5::File& f_;
    std::vector<int> days_;
};

}  // namespace lonesim
