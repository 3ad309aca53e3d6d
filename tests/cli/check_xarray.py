"""Every group of lonesim's result files opens in xarray (h5netcdf) with named dimensions.

Usage: check_xarray.py VERSION FILE[::GROUP:VARIABLE:DIM,DIM...] ...

For each FILE: the root and every group open with xarray.open_dataset(engine="h5netcdf")
and no phony dimensions; no dimension is an unnamed axis (ARRAY_dimK); every variable has
a long_name and every numeric one units; a `date` dimension holds real dates
(datetime64) that start on the file's start_date; real arrays declare NaN as their fill
value; the root says `version` = VERSION. Each ::GROUP:VARIABLE:DIMS asks that the variable
in that group has exactly those dimensions, in that order.
"""
import re
import sys

import h5py
import numpy as np
import xarray as xr


def groups(path):
    found = ["/"]
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            # External links (a batch's /runs/series) point into other files, checked on their own.
            if isinstance(obj, h5py.Group):
                link = f.get("/" + name, getlink=True)
                if not isinstance(link, h5py.ExternalLink):
                    found.append("/" + name)
        f.visititems(visit)
        version = f.attrs.get("version")
        start = f.attrs.get("start_date")
    return found, version, start


def check_file(path, version, expected):
    names, file_version, start = groups(path)
    assert file_version == version, f"{path}: version {file_version!r}, not {version!r}"
    opened = 0
    for g in names:
        if g.startswith("/runs/series"):
            continue
        ds = xr.open_dataset(path, engine="h5netcdf", group=g)
        opened += 1
        for dim in ds.dims:
            assert not str(dim).startswith("phony_dim"), f"{path}{g}: phony dimension {dim}"
            assert not re.search(r"_dim\d+$", str(dim)), f"{path}{g}: unnamed axis {dim}"
        for name, var in ds.variables.items():
            assert var.attrs.get("long_name"), f"{path}{g}/{name}: no long_name"
            numeric = var.dtype.kind in "iufcM" and var.dtype.names is None
            if numeric and name != "date":
                assert "units" in var.attrs, f"{path}{g}/{name}: no units"
            if var.dtype.kind == "f" and name not in ds.dims:
                assert np.isnan(var.encoding.get("_FillValue", 0.0)), f"{path}{g}/{name}: no NaN fill value declared"
        if "date" in ds.dims:
            dates = ds["date"].values
            assert np.issubdtype(dates.dtype, np.datetime64), f"{path}{g}: date is {dates.dtype}, not dates"
            if start is not None and len(dates):
                assert str(dates[0])[:10] == start, f"{path}{g}: first date {dates[0]}, start_date {start}"
        ds.close()
    for spec in expected:
        g, var, dims = spec.split(":")
        ds = xr.open_dataset(path, engine="h5netcdf", group=g)
        got = tuple(ds[var].dims)
        assert got == tuple(dims.split(",")), f"{path}{g}/{var}: dimensions {got}, expected {dims}"
        ds.close()
    return opened


def main():
    version = sys.argv[1]
    by_file = {}
    for arg in sys.argv[2:]:
        path, _, spec = arg.partition("::")
        by_file.setdefault(path, [])
        if spec:
            by_file[path].append(spec)
    for path, expected in by_file.items():
        n = check_file(path, version, expected)
        print(f"{path}: {n} group(s) open in xarray with named dimensions")


if __name__ == "__main__":
    main()
