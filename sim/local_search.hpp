#pragma once
// Local searches over the unit cube, for the calibration's refinement (sim/calibration.cpp),
// and the Cholesky factor both it and the ABC's kernel use.
#include <functional>
#include <vector>

namespace lonesim {

// Lower-triangular Cholesky factor of a symmetric positive-definite matrix (pivots floored
// at 1e-12, so a nearly singular matrix still factors).
std::vector<std::vector<double>> cholesky(std::vector<std::vector<double>> a);

// The calibration's local searches, over the unit cube (points clamped into it). Each
// evaluates a batch of points at once where it can (run side by side), spends k + 1
// evaluations on its start whatever max_evals, and after that starts no step that would take
// the count past max_evals.
struct LocalSearch {
    std::vector<double> best;
    double value = 0;
    int evaluations = 0;
    bool converged = false;     // stopped on its own test, not on max_evals
    std::vector<double> trace;  // the best value after each step
};
using Batch = std::vector<std::vector<double>>;

// Nelder & Mead (1965), standard coefficients (reflection 1, expansion 2, contraction 1/2,
// shrink 1/2), minimising f. The first simplex is start and start + step along each axis
// (- step where that leaves the cube). Converged: the simplex spans under 1e-3 in every
// coordinate.
LocalSearch nelder_mead(const std::vector<double>& start, double step, int max_evals,
                        const std::function<std::vector<double>(const Batch&)>& f);

// Levenberg (1944) and Marquardt (1963): minimises the root mean square of the residuals r
// (value = sqrt(mean r^2), the calibration distance when r are the fitted targets'
// (model - observed) / tolerance). The Jacobian is by forward differences of `step` along
// each axis (- step where that leaves the cube), k evaluations side by side, renewed after
// each accepted step; a rejected step costs one evaluation and raises the damping (x4;
// accepted: / 3). Converged: a step moves under 1e-4 in every coordinate, or the damping
// passes 1e7 (no step downhill). Non-finite residuals count as worse than any finite ones.
LocalSearch levenberg_marquardt(const std::vector<double>& start, double step, int max_evals,
                                const std::function<Batch(const Batch&)>& residuals);

}  // namespace lonesim
