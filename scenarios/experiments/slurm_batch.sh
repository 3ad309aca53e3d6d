#!/bin/bash
# A Slurm job for `lonesim batch`: MPI ranks x TBB threads. Submit from the repository:
#   sbatch scenarios/experiments/slurm_batch.sh scenarios/experiments/drivers_of_isolation.toml outputs/drivers
# A job that hits its time limit keeps every finished run; submit the same line again
# and it does only the missing runs.
#
# Memory: a rank running one run of the full city (1,660,813 agents) peaked at 0.87 GB,
# one of a hundredth of it at 29 MB (benchmarks/README.md); a rank holds --runs-at-once
# runs at a time. Output: a run file with a year of daily series is 47 kB.
#SBATCH --job-name=lonesim-batch
#SBATCH --ntasks=8                 # MPI ranks
#SBATCH --cpus-per-task=4          # TBB threads per rank
#SBATCH --mem-per-cpu=1G
#SBATCH --time=04:00:00
#SBATCH --signal=TERM@60           # stop cleanly a minute before the limit
#SBATCH --output=lonesim-batch-%j.out
set -euo pipefail
experiment=${1:?usage: slurm_batch.sh EXPERIMENT.toml OUT_DIR}
out=${2:?usage: slurm_batch.sh EXPERIMENT.toml OUT_DIR}
ranks=${SLURM_NTASKS:-2}
threads=${SLURM_CPUS_PER_TASK:-1}
lonesim=${LONESIM:-build/lonesim}
# Sites with Slurm's PMIx plugin can use: srun --mpi=pmix "$lonesim" batch ...
mpirun ${LONESIM_MPIRUN_FLAGS:-} -np "$ranks" "$lonesim" batch "$experiment" --out "$out" --threads "$threads"
