#!/usr/bin/env python3
"""The layering check fails a build that breaks it: a two-module project (tests/fixtures/layering)
is configured and built with the project's cmake/oko_module.cmake, once with geo/low including
geo/high undeclared (the build must fail, naming the file and the module), once declared (it
must build). Then the check alone on a forbidden system header.

    test_layering.py <source dir> <scratch dir>
"""
import pathlib
import shutil
import subprocess
import sys

source = pathlib.Path(sys.argv[1])
scratch = pathlib.Path(sys.argv[2])
fixture = source / "tests" / "fixtures" / "layering"
module_cmake = source / "cmake" / "oko_module.cmake"
failures = []


def build(name, *options):
    folder = scratch / name
    shutil.rmtree(folder, ignore_errors=True)
    configure = subprocess.run(["cmake", "-S", str(fixture), "-B", str(folder), f"-DOKO_MODULE_CMAKE={module_cmake}", *options],
                               capture_output=True, text=True)
    if configure.returncode != 0:
        failures.append(f"{name}: configure failed:\n{configure.stdout}{configure.stderr}")
        return None
    return subprocess.run(["cmake", "--build", str(folder)], capture_output=True, text=True)


undeclared = build("undeclared")
if undeclared is not None:
    out = undeclared.stdout + undeclared.stderr
    if undeclared.returncode == 0:
        failures.append("an undeclared include of geo/high in geo/low built; the check must fail it")
    if "geo/low/low.cpp:1: geo/low includes geo/high, which it does not depend on" not in out:
        failures.append("the failed build does not name the file, line and module:\n" + out)

declared = build("declared", "-DLOW_DEPENDS_ON_HIGH=ON")
if declared is not None and declared.returncode != 0:
    failures.append("a declared dependency did not build:\n" + declared.stdout + declared.stderr)

checker = source / "cmake" / "check_layers.py"
header = fixture / "forbidden_gl.hpp"
gl = subprocess.run([sys.executable, str(checker), "--module", "geo/low", "--forbid", "glad/", "--", str(header)],
                    capture_output=True, text=True)
if gl.returncode != 1 or "geo/low may not include <glad/gl.h>" not in gl.stderr:
    failures.append(f"a forbidden system header passed the check (exit {gl.returncode}): {gl.stderr}")

for f in failures:
    print("FAILED:", f)

sys.exit(1 if failures else 0)
