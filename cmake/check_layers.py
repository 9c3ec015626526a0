#!/usr/bin/env python3
"""The layering check: a module's files include only their own module, the modules it declares
(oko_module(... DEPENDS ...) in its CMakeLists.txt) and no forbidden system header.

    check_layers.py --module geo/points --allow geo/base geo/text --forbid GL/ glad/ -- FILES...

Quoted includes of the form "top/module/file" (top: geo, render, app) name a module; any other
quoted include (a generated header, tests' support files) is not a module's and passes. Angle
includes are checked against the --forbid prefixes (e.g. `glad/` keeps OpenGL out of geo/).
Prints each violation as FILE:LINE: what, and exits 1 when there is one.
"""
import argparse
import re
import sys

MODULE_INCLUDE = re.compile(r'^\s*#\s*include\s+"((?:geo|render|app)/[A-Za-z0-9_]+)/[^"]+"')
SYSTEM_INCLUDE = re.compile(r'^\s*#\s*include\s+<([^>]+)>')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--module", required=True)
    parser.add_argument("--allow", nargs="*", default=[])
    parser.add_argument("--forbid", nargs="*", default=[])
    parser.add_argument("--stamp")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    allowed = set(args.allow) | {args.module}
    errors = []
    for path in args.files:
        with open(path, encoding="utf-8", errors="replace") as f:
            for number, line in enumerate(f, 1):
                m = MODULE_INCLUDE.match(line)
                if m and m.group(1) not in allowed:
                    errors.append(f"{path}:{number}: {args.module} includes {m.group(1)}, which it does not depend on "
                                  f"(it may include: {', '.join(sorted(allowed))})")
                m = SYSTEM_INCLUDE.match(line)
                if m:
                    for prefix in args.forbid:
                        if m.group(1).startswith(prefix):
                            errors.append(f"{path}:{number}: {args.module} may not include <{m.group(1)}>")
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        return 1
    if args.stamp:
        open(args.stamp, "w").close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
