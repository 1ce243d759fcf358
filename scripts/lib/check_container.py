"""Checks of the Containerfile against the built binary's libraries, and of the scripts'
colours; called through check_scheduler.py by scripts/check-scheduler."""
import os, re, subprocess


def containerfile_stages(path):
    """[(base image, stage name, [RUN command, ...])] of a Containerfile, in order."""
    text = re.sub(r"\\\n", " ", open(path).read())  # join continued lines
    stages = []
    for line in text.splitlines():
        words = line.strip().split()
        if not words or words[0].startswith("#"):
            continue
        if words[0].upper() == "FROM":
            name = words[3] if len(words) >= 4 and words[2].upper() == "AS" else None
            stages.append((words[1], name, []))
        elif words[0].upper() == "RUN" and stages:
            stages[-1][2].append(" ".join(words[1:]))
    return stages


def apt_installed(commands):
    """Package names that `apt-get install` commands of one stage install."""
    packages = []
    for command in commands:
        for part in re.split(r"&&|;|\|\|", command):
            words = part.split()
            if len(words) >= 2 and words[0] in ("apt-get", "apt") and "install" in words:
                packages += [w for w in words[words.index("install") + 1:] if not w.startswith("-")]
    return packages


def run(*args):
    return subprocess.run(args, capture_output=True, text=True)


def debian_closure(packages):
    """The packages and everything they depend on, from this machine's dpkg database (no
    apt lists needed); alternatives count when installed, virtual packages are skipped."""
    out = run("dpkg-query", "-W", "-f", "${Package}\t${Pre-Depends}, ${Depends}\n").stdout
    depends = {}
    for line in out.splitlines():
        name, _, deps = line.partition("\t")
        depends[name] = [re.split(r"[\s:(]", alt.strip())[0] for d in deps.split(",") for alt in d.split("|") if alt.strip()]
    seen, todo = set(), list(packages)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo += [d for d in depends.get(name, []) if d in depends]
    return seen


def container(path, binary):
    """The runtime (last) stage of the Containerfile installs every shared library that ldd
    lists for the built binary: each library's Debian package (dpkg -S) must be installed
    by that stage, depended on by what it installs, or part of the slim base image
    (Essential packages and apt, with their dependencies). Libraries of no Debian package
    (the Swift toolchain's runtime) are allowed only when the build links it statically."""
    errs = []
    stages = containerfile_stages(path)
    if len(stages) < 2:
        return [f"{path}: want a multi-stage build (build, then runtime), found {len(stages)} stage(s)"]
    build_image, runtime_image = stages[0][0], stages[-1][0]
    if not re.search(r"(^|/)swift:", build_image):
        errs.append(f"build stage image {build_image!r} is not the Swift toolchain image")
    if not re.search(r"(^|/)debian:[a-z]+-slim$", runtime_image):
        errs.append(f"runtime stage image {runtime_image!r} is not a slim Debian")
    installed = apt_installed(stages[-1][2])
    for wanted in ("libpq5", "tzdata", "ca-certificates"):
        if wanted not in installed:
            errs.append(f"runtime stage does not install {wanted}")
    static = any("--static-swift-stdlib" in c for c in stages[0][2])
    ldd = run("ldd", binary)
    if ldd.returncode != 0:
        return errs + [f"ldd {binary} failed: {ldd.stderr.strip()}"]
    essential = run("dpkg-query", "-W", "-f", "${Package} ${Essential}\n").stdout
    base = [line.split()[0] for line in essential.splitlines() if line.endswith(" yes")] + ["apt"]
    provided = debian_closure(base) | debian_closure(installed) | set(installed)
    for line in ldd.stdout.splitlines():
        m = re.match(r"\s*(\S+) => (/\S+)", line) or re.match(r"\s*(/\S+) \(0x", line)
        if not m:
            if "not found" in line:
                errs.append(f"ldd: {line.strip()}")
            continue
        library = m.group(m.lastindex)
        owner = run("dpkg", "-S", library)
        if owner.returncode != 0:
            owner = run("dpkg", "-S", os.path.realpath(library))
        if owner.returncode != 0:
            if not (static and re.search(r"/(usr/)?(share/)?swift|libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime", library)):
                errs.append(f"{library}: no Debian package provides it, and it is not the Swift runtime linked statically")
            continue
        package = owner.stdout.split(":")[0].strip()
        if package not in provided:
            errs.append(f"{library} comes from {package}, which the runtime stage does not install")
    return errs


def colour_errors(paths):
    """Scripts colour their output only on a terminal: an escape sequence needs a `-t` test."""
    errs = []
    for path in paths:
        text = open(path, errors="replace").read()
        if re.search(r"\\033\[|\\e\[|\x1b\[|\btput\b", text) and not re.search(r"\[ -t [012] \]|test -t [012]", text):
            errs.append(f"{path}: colours its output without checking for a terminal ([ -t 1 ])")
    return errs
