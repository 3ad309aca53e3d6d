"""Whether two lonesim result files hold the same results: every dataset equal (NaN equal
to NaN) and every attribute of every object equal, except at the root the wall time, the
thread count and from_state (where a start was read from). Exit 1 naming what differs."""
import sys

import h5py
import numpy as np

SKIP = ("wall_time_s", "threads", "from_state")


def objects(path):
    out = {}
    with h5py.File(path) as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                out[name] = obj[()]
            # Not HDF5's own references of the dimension scales (file addresses, which move
            # with the length of an earlier attribute): the scales are compared as datasets.
            out["@" + name] = {k: v for k, v in obj.attrs.items() if k not in ("DIMENSION_LIST", "REFERENCE_LIST")}
        f.visititems(visit)
        out["@/"] = {k: v for k, v in f.attrs.items() if k not in SKIP}
    return out


def equal(x, y):
    if isinstance(x, dict):
        # NaN equals NaN (the _FillValue of real arrays)
        return x.keys() == y.keys() and all(np.array_equal(np.asarray(x[k]), np.asarray(y[k]), equal_nan=np.asarray(x[k]).dtype.kind == "f")
                                            for k in x)
    if x.shape != y.shape or x.dtype != y.dtype:
        return False
    if x.dtype.names:  # a table: field by field, so that NaN equals NaN in its real columns
        return all(equal(x[n], y[n]) for n in x.dtype.names)
    return np.array_equal(x, y, equal_nan=x.dtype.kind == "f")


a, b = objects(sys.argv[1]), objects(sys.argv[2])
if a.keys() != b.keys():
    sys.exit(f"{sys.argv[2]}: other objects than {sys.argv[1]}: {sorted(set(a) ^ set(b))[:10]}")
bad = [k for k in a if not equal(a[k], b[k])]
if bad:
    sys.exit(f"{sys.argv[2]} differs from {sys.argv[1]} in {bad[:10]}")
print("the same:", len(a), "objects in", sys.argv[2], "and", sys.argv[1])
