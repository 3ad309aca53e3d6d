#!/usr/bin/python3
"""A digest of every dataset and attribute of lonesim's HDF5 results, to show that a change
left results the same, bit for bit.

    /usr/bin/python3 tools/output_digest.py FILE.h5|FOLDER... [--root PREFIX]

One line per group, dataset (dtype, shape, SHA-1 of its values) and attribute (SHA-1 of its
value). Attributes that differ from run to run or build to build (wall time, commit, thread
count, the file's own path, run fingerprints) and HDF5's references between arrays and
their dimension scales (file addresses; the scales are digested as datasets) are left out, and PREFIX is taken out of
attribute values (an output folder named in them). A FOLDER is walked: its .h5 files are
digested, and its .md, .csv, .txt and .toml files too, with timings ("in 12.3 s") masked.
"""
import hashlib
import os
import re
import sys

import h5py
import numpy as np

VOLATILE = {"wall_seconds", "wall_time_s", "wall_time", "elapsed_s", "commit", "lonesim_commit", "fingerprint", "threads",
            "scenario_file", "file", "out", "build", "runs_at_once"}


def sha(b):
    return hashlib.sha1(b).hexdigest()[:16]


def attributes(obj, prefix):
    for k in sorted(obj.attrs.keys()):
        if k in VOLATILE or k in ("DIMENSION_LIST", "REFERENCE_LIST"):  # HDF5's references of the dimension scales: file addresses
            continue
        text = repr(obj.attrs[k])
        if prefix:
            text = text.replace(prefix, "ROOT")
        yield f"  @{k}={sha(text.encode())}"


def digest_h5(path, prefix):
    lines = []
    with h5py.File(path, "r") as f:
        lines.append("/")
        lines += attributes(f, prefix)

        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                d = obj[()]
                raw = (repr(d.tolist()).encode() if d.dtype == object else d.tobytes()) if isinstance(d, np.ndarray) else repr(d).encode()
                lines.append(f"{name} {obj.dtype} {obj.shape} {sha(raw)}")
            else:
                lines.append(f"{name}/")
            lines.extend(attributes(obj, prefix))

        f.visititems(visit)
    return lines


def main():
    args = sys.argv[1:]
    prefix = ""
    if "--root" in args:
        i = args.index("--root")
        prefix = args[i + 1]
        del args[i:i + 2]
    for p in args:
        if not os.path.isdir(p):
            print("FILE", os.path.basename(p))
            print("\n".join(digest_h5(p, prefix)))
            continue
        for root, _, files in sorted(os.walk(p)):
            for name in sorted(files):
                q = os.path.join(root, name)
                rel = os.path.relpath(q, p)
                if name.endswith(".h5"):
                    print("FILE", rel)
                    print("\n".join(digest_h5(q, prefix)))
                elif name.endswith((".md", ".csv", ".txt", ".toml")):
                    text = open(q, "rb").read()
                    if prefix:
                        text = text.replace(prefix.encode(), b"ROOT")
                    print("TEXT", rel, sha(re.sub(rb"in [0-9.]+ s", b"in T s", text)))


if __name__ == "__main__":
    main()
