#!/usr/bin/env bash
# Installs the Debian packages lonesim needs that are not installed yet (Debian 12).
# Uses sudo when not run as root. Does nothing when everything is there.
set -eu
packages=(
    build-essential cmake pkg-config git
    libboost-dev libtbb-dev libhdf5-dev libcli11-dev libtoml11-dev doctest-dev
    python3-h5py python3-numpy python3-matplotlib
    python3-xarray python3-h5netcdf  # the outputs opened as xarray datasets (tests/cli/check_xarray.py)
    pybind11-dev python3-dev  # import lonesim (python/)
    python3-openpyxl fonts-nanum chromium  # the report's Excel workbook, Korean charts, and its test in a real browser
    libopenmpi-dev openmpi-bin
    libimgui-dev libglfw3-dev libgl-dev libgl1-mesa-dri xvfb xauth fonts-dejavu-core
    ffmpeg xdotool  # lonesim-viz --record (H.264 through ffmpeg, checked with ffprobe) and its key test
    clang libfuzzer-14-dev  # the sanitized builds and the fuzz targets (cmake/sanitized_builds.cmake)
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
