"""What can be checked of packaging/lonesim.def without Apptainer (not in Debian 12):
its sections are there, %post and the other scripts parse as shell (bash -n), it installs
with tools/install-deps.sh and cmake --install, and every -D option it gives CMake is one
of CMakeLists.txt's own options.

    /usr/bin/python3 packaging/check_def.py packaging/lonesim.def CMakeLists.txt
"""
import re
import subprocess
import sys

definition, cmakelists = open(sys.argv[1]).read(), open(sys.argv[2]).read()
header = definition.split("\n%", 1)[0]
assert re.search(r"^Bootstrap: docker$", header, re.M) and re.search(r"^From: debian:12$", header, re.M), "not built on Debian 12"
sections = {m.group(1): m.group(2) for m in re.finditer(r"^%(\w+)\n(.*?)(?=^%|\Z)", definition, re.M | re.S)}
for name in ("files", "post", "environment", "runscript", "test"):
    assert name in sections, f"no %{name} section"
for name in ("post", "environment", "runscript", "test"):
    subprocess.run(["bash", "-n"], input=sections[name], text=True, check=True)
post = sections["post"]
assert "tools/install-deps.sh" in post and "cmake --install" in post, "%post does not use the install script and cmake --install"
options = set(re.findall(r"^option\((\w+)", cmakelists, re.M))
for flag in re.findall(r"-D(LONESIM_\w+)=", post):
    assert flag in options, f"%post sets {flag}, which CMakeLists.txt does not have"
assert "/opt/lonesim/bin/lonesim" in sections["runscript"]
print(f"{sys.argv[1]}: sections, shell syntax, install steps and CMake options checked")
