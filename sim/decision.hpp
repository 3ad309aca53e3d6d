#pragma once
// What a probabilistic sensitivity analysis reports (Briggs, Claxton & Sculpher 2006,
// Decision Modelling for Health Economic Evaluation, chapters 4-7): an outcome's spread
// over parameter draws and how much of it is simulation noise; which plan is worth its
// cost at a willingness to pay (the acceptability curve, the expected value of perfect
// information); the incremental cost-effectiveness of each plan against the next cheaper
// one that is not dominated; and rank correlations for what drives the answer.
#include <string>
#include <vector>

namespace lonesim {

// One outcome over D parameter draws, each run R times on common random numbers:
// values[d][r]. Every draw must have the same R.
struct VarianceSplit {
    double mean = 0;          // over every run
    double lo = 0, hi = 0;    // 2.5% and 97.5% quantiles of the draws' means
    double total = 0;         // variance of every run about the mean (divided by D R)
    double between = 0;       // variance of the draws' means (divided by D): total = between + within
    double within = 0;        // mean variance among a draw's runs (each divided by R)
    // The parameters' part, corrected for the noise the draws' means still carry
    // (E[between] = parameter + within / (R - 1)), at least 0; noise = total - parameter.
    // With R = 1 the two cannot be told apart: parameter = total, noise = 0. Like total,
    // between and within, the parameters' part is a population variance over the D draws,
    // so it is low by a factor (D - 1) / D (2.5% at 40 draws): kept, so that the parts add up.
    double parameter = 0, noise = 0;
};
VarianceSplit split_variance(const std::vector<std::vector<double>>& values);

// The q quantile (0-1) of values, linearly interpolated between order statistics (the
// "type 7" rule of R and NumPy). Values must not be empty.
double quantile(std::vector<double> values, double q);

// Spearman's rank correlation of x and y (average ranks for ties): NaN when either is
// constant or they have fewer than 3 values.
double spearman(const std::vector<double>& x, const std::vector<double>& y);

// Per plan and draw: cost and effect against a common comparator (the comparator itself
// can be one of the plans, with 0 and 0). cost[p][d], effect[p][d].
struct PlanDraws {
    std::vector<std::vector<double>> cost, effect;
};

// Net benefit at willingness to pay lambda (currency per unit of effect): lambda E - C.
// The acceptability curve: for each lambda, the share of draws in which each plan has the
// highest net benefit (ties go to the first plan, so the shares of a lambda sum to 1).
// probability[k][p] for lambdas[k].
struct Acceptability {
    std::vector<double> lambdas;
    std::vector<std::vector<double>> probability;
    std::vector<int> optimal;    // the plan of highest expected net benefit at each lambda
    std::vector<double> evpi;    // per decision: E[max_p NB] - max_p E[NB], at each lambda (>= 0)
};
Acceptability acceptability(const PlanDraws& plans, const std::vector<double>& lambdas);

// The share of draws in which plan a's effect exceeds plan b's.
double probability_more(const PlanDraws& plans, int a, int b);

// Each plan (in the order given) with its expected cost and effect; along expected cost,
// dominated ones are set aside: `strongly` (another costs no
// more and achieves no less, one of them strictly), `extendedly` (a mix of the plans
// either side would do better: its ICER exceeds the next plan's). The rest form the
// efficiency frontier, each with its ICER against the next cheaper frontier plan (the
// cheapest has none: NaN).
struct Icer {
    enum class Status { frontier, strongly_dominated, extendedly_dominated };
    Status status = Status::frontier;
    double cost = 0, effect = 0;  // expected
    int against = -1;             // the next cheaper plan on the frontier, or -1
    double icer = 0;              // (cost - its cost) / (effect - its effect), NaN if against < 0
};
std::vector<Icer> icers(const PlanDraws& plans);
std::string to_string(Icer::Status status);

}  // namespace lonesim
