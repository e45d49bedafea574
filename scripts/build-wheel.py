#!/usr/bin/env python3
"""Builds a Python wheel that carries the strata binary, as ruff and uv ship theirs: `pip install
strata-….whl` puts a `strata` command on PATH that runs the bundled binary.

The binary and every shared library it needs beyond the C and C++ runtimes (DuckDB, yaml-cpp, fmt,
libpq and what libpq needs, …) go into the wheel's `strata_cli/bin` and `strata_cli/lib`; patchelf
points each at `$ORIGIN` so that they are found wherever pip unpacks them. The tag is the manylinux
level of this machine's glibc.

Usage: build-wheel.py BINARY VERSION OUT_DIR
"""

import base64
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

# Provided by every Linux system (glibc and the compiler runtime): never bundled.
SYSTEM = re.compile(r"^(linux-vdso|ld-linux|libc|libm|libdl|libpthread|librt|libgcc_s|libstdc\+\+|"
                    r"libresolv)\.so")

LAUNCHER = '''"""The strata command: runs the strata binary this package carries."""

import os
import stat
import sys


def binary():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", "strata")
    mode = os.stat(path).st_mode
    if not mode & stat.S_IXUSR:
        os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def main():
    path = binary()
    os.execv(path, [path] + sys.argv[1:])
'''


def shared_libraries(binary):
    """The resolved shared libraries `binary` loads (ldd), except the system's."""
    out = subprocess.run(["ldd", binary], check=True, capture_output=True, text=True).stdout
    libraries = []
    for line in out.splitlines():
        match = re.match(r"\s*(\S+) => (\S+)", line)
        if match and not SYSTEM.match(match.group(1)):
            if match.group(2) == "not":
                sys.exit(f"build-wheel: {binary} needs {match.group(1)}, which is not found")
            libraries.append(os.path.realpath(match.group(2)))
    return libraries


def glibc_tag():
    major, minor = platform.libc_ver()[1].split(".")[:2]
    return f"manylinux_{major}_{minor}_{platform.machine()}"


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def main():
    binary, version, out_dir = sys.argv[1:4]
    tag = f"py3-none-{glibc_tag()}"
    dist = f"strata-{version}.dist-info"
    with tempfile.TemporaryDirectory() as stage:
        package = os.path.join(stage, "strata_cli")
        os.makedirs(os.path.join(package, "bin"))
        os.makedirs(os.path.join(package, "lib"))
        shutil.copy2(binary, os.path.join(package, "bin", "strata"))
        subprocess.run(["patchelf", "--set-rpath", "$ORIGIN/../lib",
                        os.path.join(package, "bin", "strata")], check=True)
        for library in shared_libraries(binary):
            # Named as the binary asks for it (its soname), not as the file is called.
            soname = subprocess.run(["patchelf", "--print-soname", library], check=True,
                                    capture_output=True, text=True).stdout.strip()
            target = os.path.join(package, "lib", soname or os.path.basename(library))
            shutil.copy2(library, target)
            os.chmod(target, 0o755)
            subprocess.run(["patchelf", "--set-rpath", "$ORIGIN", target], check=True)
        with open(os.path.join(package, "__init__.py"), "w") as f:
            f.write(LAUNCHER)
        files = {}
        for folder, _, names in os.walk(package):
            for name in sorted(names):
                path = os.path.join(folder, name)
                files[os.path.relpath(path, stage)] = path
        metadata = {
            f"{dist}/METADATA": (
                "Metadata-Version: 2.1\nName: strata\nVersion: " + version + "\n"
                "Summary: Keeps warehouse tables up to date by running SQL models, processing "
                "only what changed\nRequires-Python: >=3.8\n"),
            f"{dist}/WHEEL": ("Wheel-Version: 1.0\nGenerator: strata build-wheel.py\n"
                              "Root-Is-Purelib: false\nTag: " + tag + "\n"),
            f"{dist}/entry_points.txt": "[console_scripts]\nstrata = strata_cli:main\n",
        }
        os.makedirs(out_dir, exist_ok=True)
        wheel = os.path.join(out_dir, f"strata-{version}-{tag}.whl")
        records = []
        with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as z:
            for name, path in sorted(files.items()):
                data = open(path, "rb").read()
                info = zipfile.ZipInfo(name)
                executable = os.access(path, os.X_OK)
                info.external_attr = (0o755 if executable else 0o644) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, data)
                records.append(record_line(name, data))
            for name, text in metadata.items():
                z.writestr(name, text)
                records.append(record_line(name, text.encode()))
            records.append(f"{dist}/RECORD,,")
            z.writestr(f"{dist}/RECORD", "\n".join(records) + "\n")
    print(wheel)


if __name__ == "__main__":
    main()
