#!/usr/bin/env python3
"""Runs every `oko` command line of the README's sh blocks, as written, in a folder holding the
files they name, and fails on the first that does not exit 0.

usage: test_readme_commands.py README OKO FIXTURES SHARED_DATA

The files: novi_sad.osm.pbf (the shared Novi Sad extract), cameras.csv (a fixture) and
opstine.geojson (the shared municipality polygons). Lines that open the window run under
xvfb-run for a few frames; without xvfb-run they are skipped and said so. Without the shared data
the test is skipped (exit 77), unless OKO_REQUIRE_SHARED_DATA=1.
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


def command_lines(readme):
    """The `oko` command lines of the sh blocks, continuation lines joined, comments removed."""
    lines, block, pending = [], False, ""
    with open(readme, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if line.startswith("```"):
                block = line.strip() == "```sh" if not block else False
                continue
            if not block:
                continue
            line = pending + line.strip()
            if line.endswith("\\"):
                pending = line[:-1] + " "
                continue
            pending = ""
            line = re.sub(r"\s+#.*$", "", line).strip()
            if line == "oko" or line.startswith("oko "):
                lines.append(line)
    return lines


def main():
    readme, oko, fixtures, shared = (os.path.abspath(a) for a in sys.argv[1:5])
    required = os.environ.get("OKO_REQUIRE_SHARED_DATA") == "1"
    pbf = os.path.join(shared, "osm", "novi_sad_center.osm.pbf")
    polygons = os.path.join(shared, "boundaries", "serbia_opstine.geojson")
    if not (os.path.exists(pbf) and os.path.exists(polygons)):
        print(f"shared data not found under {shared}", file=sys.stderr)
        return 1 if required else SKIP
    lines = command_lines(readme)
    if len(lines) < 10:
        print(f"found only {len(lines)} oko command lines in {readme}", file=sys.stderr)
        return 1
    xvfb = shutil.which("xvfb-run")
    with tempfile.TemporaryDirectory() as work:
        shutil.copy(pbf, os.path.join(work, "novi_sad.osm.pbf"))
        shutil.copy(os.path.join(fixtures, "points", "novi_sad_cameras.csv"), os.path.join(work, "cameras.csv"))
        shutil.copy(polygons, os.path.join(work, "opstine.geojson"))
        env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(work, "config"))
        ran = 0
        for line in lines:
            args = shlex.split(line)[1:]
            opens_window = not args or args[0].endswith(".oko")
            if opens_window:
                if not xvfb:
                    print(f"skipped (no xvfb-run to open a window): {line}")
                    continue
                argv = [xvfb, "-a", "-s", "-screen 0 1280x800x24", oko] + args + ["--frames", "3"]
            else:
                argv = [oko] + args
            r = subprocess.run(argv, cwd=work, env=env, capture_output=True, text=True, timeout=300)
            print(f"[{r.returncode}] {line}")
            if r.returncode != 0:
                print(r.stdout + r.stderr, file=sys.stderr)
                return 1
            ran += 1
        # The commands did what they say: the files they name exist.
        for name in ["novi_sad.oko", "map.png", "centre.png", "opstine.csv", "figure.json", "figure.png",
                     "cameras.gpkg", "huawei.csv", "cameras.osm"]:
            if not os.path.exists(os.path.join(work, name)):
                print(f"the README's commands ran but left no {name}", file=sys.stderr)
                return 1
        print(f"{ran} of {len(lines)} README command lines ran and exited 0")
    return 0


if __name__ == "__main__":
    sys.exit(main())
