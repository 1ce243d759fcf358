# The checks of scripts/check-scheduler that need a parser (crontab, systemd units,
# Kubernetes YAML): `check_scheduler.py KIND CHECK FILE…`, one error per line, exit 1 on errors.
import os, re, sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_container import container, colour_errors  # noqa: E402

FIELDS = [  # name, low, high, names
    ("minute", 0, 59, None),
    ("hour", 0, 23, None),
    ("day-of-month", 1, 31, None),
    ("month", 1, 12, "jan feb mar apr may jun jul aug sep oct nov dec".split()),
    ("day-of-week", 0, 7, "sun mon tue wed thu fri sat".split()),
]
ENV_LINE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")


def cron_field_errors(text, name, lo, hi, names):
    errs = []

    def value(v):
        if names and v.lower() in names:
            return names.index(v.lower()) + (1 if name == "month" else 0)
        if not v.isdigit():
            raise ValueError(v)
        return int(v)

    for part in text.split(","):
        m = re.fullmatch(r"(\*|[^/*-]+(?:-[^/*-]+)?)(?:/(\d+))?", part)
        if not m:
            errs.append(f"{name}: bad element {part!r}")
            continue
        rng, step = m.group(1), m.group(2)
        if step is not None and int(step) == 0:
            errs.append(f"{name}: step 0 in {part!r}")
        if rng == "*":
            continue
        try:
            bounds = [value(v) for v in rng.split("-")]
        except ValueError as e:
            errs.append(f"{name}: {e.args[0]!r} is not a number or name")
            continue
        for b in bounds:
            if not lo <= b <= hi:
                errs.append(f"{name}: {b} outside {lo}-{hi}")
        if len(bounds) == 2 and bounds[0] > bounds[1]:
            errs.append(f"{name}: range {rng} runs backwards")
    return errs


def schedule_errors(fields, where):
    errs = []
    for text, (name, lo, hi, names) in zip(fields, FIELDS):
        errs += [f"{where}: {e}" for e in cron_field_errors(text, name, lo, hi, names)]
    return errs


def monthly_on_first_errors(fields, where):
    """Day-of-month exactly 1, every month, any weekday (a restricted
    day-of-week would be OR-ed with the day of month by cron)."""
    errs = []
    if fields[2] != "1":
        errs.append(f"{where}: day-of-month is {fields[2]!r}, expected 1")
    if fields[3] != "*":
        errs.append(f"{where}: month is {fields[3]!r}, expected *")
    if fields[4] != "*":
        errs.append(f"{where}: day-of-week is {fields[4]!r}, expected * (cron ORs it with the day of month)")
    return errs


def zone_ok(zone):
    try:
        import zoneinfo
        zoneinfo.ZoneInfo(zone)
        return True
    except Exception:
        return os.path.exists(os.path.join("/usr/share/zoneinfo", zone))


def crontab(path, part):
    errs, entries, env = [], [], {}
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        m = ENV_LINE.match(s)
        if m:
            env[m.group(1)] = m.group(2).strip().strip("\"'")
            continue
        if s.startswith("@"):
            errs.append(f"line {n}: {s.split()[0]} shorthand; use five time fields")
            continue
        f = s.split(None, 5)
        if len(f) < 6:
            errs.append(f"line {n}: expected five time fields and a command: {s!r}")
            continue
        entries.append((n, f))
    if part == "syntax":
        for n, f in entries:
            errs += schedule_errors(f[:5], f"line {n}")
        if not entries:
            errs.append("no cron entry found")
    else:  # schedule
        runs = [(n, f) for n, f in entries if "payouts" in f[5]]
        if not runs:
            errs.append("no entry runs payouts")
        for n, f in runs:
            errs += monthly_on_first_errors(f[:5], f"line {n}")
        tz = env.get("CRON_TZ")
        if tz != "Europe/Zurich":
            errs.append(f"CRON_TZ is {tz!r}, expected Europe/Zurich")
        elif not zone_ok(tz):
            errs.append("time zone Europe/Zurich unknown on this machine (tzdata missing?)")
    return errs


def read_unit(path):
    """-> list of (section, key, value, lineno); continuation lines joined."""
    out, section, pending = [], None, ""
    for n, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = pending + raw.rstrip("\n")
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        pending = ""
        s = line.strip()
        if not s or s[0] in "#;":
            continue
        if s.startswith("[") and s.endswith("]"):
            section = s[1:-1]
            out.append((section, None, None, n))
            continue
        if "=" not in s:
            out.append((section, s, None, n))
            continue
        k, v = s.split("=", 1)
        out.append((section, k.strip(), v.strip(), n))
    return out


UNIT_KEYS = {
    "Unit": "Description Documentation Wants Requires Requisite BindsTo PartOf Upholds Conflicts "
            "Before After OnFailure OnSuccess StartLimitIntervalSec StartLimitBurst StartLimitAction "
            "ConditionPathExists AssertPathExists DefaultDependencies",
    "Install": "WantedBy RequiredBy Also Alias DefaultInstance",
    "Timer": "OnCalendar OnActiveSec OnBootSec OnStartupSec OnUnitActiveSec OnUnitInactiveSec "
             "AccuracySec RandomizedDelaySec FixedRandomDelay Persistent WakeSystem "
             "RemainAfterElapse Unit OnClockChange OnTimezoneChange",
    "Service": "Type User Group DynamicUser SupplementaryGroups UMask Environment EnvironmentFile "
               "ExecStart ExecStartPre ExecStartPost ExecStop ExecStopPost WorkingDirectory "
               "StateDirectory StateDirectoryMode LogsDirectory RuntimeDirectory CacheDirectory "
               "Restart RestartSec RestartPreventExitStatus RestartForceExitStatus SuccessExitStatus "
               "TimeoutStartSec TimeoutStopSec RemainAfterExit SyslogIdentifier StandardOutput StandardError "
               "NoNewPrivileges ProtectSystem ProtectHome PrivateTmp PrivateDevices PrivateNetwork "
               "ProtectKernelTunables ProtectKernelModules ProtectKernelLogs ProtectControlGroups "
               "ProtectClock ProtectHostname ProtectProc ProcSubset RestrictNamespaces RestrictRealtime "
               "RestrictSUIDSGID LockPersonality RemoveIPC CapabilityBoundingSet AmbientCapabilities "
               "RestrictAddressFamilies SystemCallFilter SystemCallArchitectures MemoryDenyWriteExecute "
               "ReadWritePaths ReadOnlyPaths InaccessiblePaths Nice IOSchedulingClass",
}
UNIT_KEYS = {s: set(v.split()) for s, v in UNIT_KEYS.items()}
REQUIRED = {
    "payouts.service": {
        ("Unit", "OnFailure"): "payouts-failure@%n.service",
        ("Service", "Type"): "oneshot",
        ("Service", "UMask"): "0077",
        ("Service", "User"): None,
        ("Service", "EnvironmentFile"): None,
        ("Service", "ExecStart"): None,
        ("Service", "NoNewPrivileges"): "yes",
        ("Service", "ProtectSystem"): "strict",
        ("Service", "PrivateTmp"): "yes",
    },
    "payouts.timer": {
        ("Timer", "OnCalendar"): "*-*-01 05:30:00 Europe/Zurich",
        ("Timer", "Persistent"): "true",
        ("Timer", "Unit"): "payouts.service",
        ("Install", "WantedBy"): "timers.target",
    },
    "payouts-failure@.service": {
        ("Service", "Type"): "oneshot",
        ("Service", "ExecStart"): None,
    },
}


def units(paths, part):
    errs = []
    for path in paths:
        base = os.path.basename(path)
        kv = {}
        for section, k, v, n in read_unit(path):
            where = f"{base}:{n}"
            if k is None:
                if section not in UNIT_KEYS:
                    errs.append(f"{where}: unknown section [{section}]")
                continue
            if section is None:
                errs.append(f"{where}: {k} outside any section")
            elif v is None:
                errs.append(f"{where}: not a key=value line: {k!r}")
            elif part == "keys" and section in UNIT_KEYS and k not in UNIT_KEYS[section]:
                errs.append(f"{where}: key {k}= not known in [{section}] (to this check)")
            else:
                kv[(section, k)] = v
        for (section, k), want in REQUIRED.get(base, {}).items():
            got = kv.get((section, k))
            if got is None:
                errs.append(f"{base}: [{section}] {k}= missing")
            elif want is not None and got != want:
                errs.append(f"{base}: [{section}] {k}={got}, expected {want}")
        if part == "keys" and base.endswith(".timer"):
            cal = kv.get(("Timer", "OnCalendar"), "")
            if not re.fullmatch(r"\*-\*-0?1 \d\d:\d\d(:\d\d)? Europe/Zurich", cal):
                errs.append(f"{base}: OnCalendar={cal!r} is not the 1st of every month, Europe/Zurich")
            elif not zone_ok("Europe/Zurich"):
                errs.append("time zone Europe/Zurich unknown on this machine (tzdata missing?)")
    return errs


def k8s(directory, part):
    import yaml
    errs = []
    docs = {}
    for name in ("cronjob.yaml", "pvc.yaml", "secret.example.yaml"):
        path = os.path.join(directory, name)
        try:
            docs[name] = [d for d in yaml.safe_load_all(open(path, encoding="utf-8")) if d is not None]
        except Exception as e:
            errs.append(f"{name}: {e}")
    if part == "parse" or errs:
        return errs
    if len(docs["cronjob.yaml"]) != 1:
        return ["cronjob.yaml: expected exactly one document"]
    cj = docs["cronjob.yaml"][0]

    def get(obj, *path):
        for p in path:
            if isinstance(p, int):
                obj = obj[p] if isinstance(obj, list) and len(obj) > p else None
            else:
                obj = obj.get(p) if isinstance(obj, dict) else None
        return obj

    jspec = get(cj, "spec", "jobTemplate", "spec") or {}
    pod = get(jspec, "template", "spec") or {}
    containers = pod.get("containers") or []
    if part == "cronjob":
        def want(label, got, expected):
            if got != expected:
                errs.append(f"{label} is {got!r}, expected {expected!r}")
        want("apiVersion", cj.get("apiVersion"), "batch/v1")
        want("kind", cj.get("kind"), "CronJob")
        want("spec.timeZone", get(cj, "spec", "timeZone"), "Europe/Zurich")
        want("spec.concurrencyPolicy", get(cj, "spec", "concurrencyPolicy"), "Forbid")
        want("pod restartPolicy", pod.get("restartPolicy"), "Never")
        sched = get(cj, "spec", "schedule")
        f = str(sched).split()
        if len(f) != 5:
            errs.append(f"spec.schedule {sched!r}: expected five fields")
        else:
            errs += schedule_errors(f, "spec.schedule")
            errs += monthly_on_first_errors(f, "spec.schedule")
        sds = get(cj, "spec", "startingDeadlineSeconds")
        if not isinstance(sds, int) or sds < 3600:
            errs.append(f"spec.startingDeadlineSeconds is {sds!r}, expected hours or days")
        if not isinstance(jspec.get("backoffLimit"), int):
            errs.append("jobTemplate backoffLimit missing")
        for k in ("successfulJobsHistoryLimit", "failedJobsHistoryLimit"):
            if not isinstance(get(cj, "spec", k), int):
                errs.append(f"spec.{k} missing")
        if get(pod, "securityContext", "runAsNonRoot") is not True:
            errs.append("pod securityContext.runAsNonRoot is not true")
        if get(pod, "securityContext", "fsGroup") is None:
            errs.append("pod securityContext.fsGroup missing")
        if not containers:
            errs.append("no container")
        for c in containers:
            if get(c, "securityContext", "readOnlyRootFilesystem") is not True:
                errs.append(f"container {c.get('name')}: readOnlyRootFilesystem is not true")
        claims = [get(v, "persistentVolumeClaim", "claimName") for v in pod.get("volumes") or []]
        pvcs = [d.get("metadata", {}).get("name") for d in docs["pvc.yaml"]
                if d.get("kind") == "PersistentVolumeClaim"]
        if not any(c for c in claims):
            errs.append("no PersistentVolumeClaim volume for the output")
        for c in filter(None, claims):
            if c not in pvcs:
                errs.append(f"claim {c!r} not defined in pvc.yaml")
        rules = get(jspec, "podFailurePolicy", "rules") or []
        codes = {}
        for r in rules:
            for code in get(r, "onExitCodes", "values") or []:
                codes.setdefault(code, r.get("action"))
        if rules:
            want("podFailurePolicy action for exit 75", codes.get(75, "Count"), "Count")
            want("podFailurePolicy action for exit 2", codes.get(2), "FailJob")
            want("podFailurePolicy action for exit 4 (committed, files missing)", codes.get(4), "FailJob")
    elif part == "secrets":
        secret_words = re.compile(r"PASS|SECRET|TOKEN|KEY", re.I)
        url_password = re.compile(r"://[^/\s:@]+:[^/\s@]+@")
        conninfo_password = re.compile(r"password\s*=", re.I)
        for c in containers + (pod.get("initContainers") or []):
            for e in c.get("env") or []:
                name = str(e.get("name"))
                if "value" in e and secret_words.search(name):
                    errs.append(f"container {c.get('name')}: {name} has a plaintext value; use valueFrom.secretKeyRef")
                val = str(e.get("value", ""))
                if url_password.search(val) or conninfo_password.search(val):
                    errs.append(f"container {c.get('name')}: {name} carries a password")
            for a in (c.get("command") or []) + (c.get("args") or []):
                if url_password.search(str(a)) or conninfo_password.search(str(a)):
                    errs.append(f"container {c.get('name')}: a password in command/args")
        if not any(e.get("name") == "PGPASSWORD" and get(e, "valueFrom", "secretKeyRef")
                   for c in containers for e in c.get("env") or []):
            errs.append("PGPASSWORD does not come from a Secret")
        # every referenced Secret key exists in the example Secret
        secrets = {d["metadata"]["name"]: d for d in docs["secret.example.yaml"] if d.get("kind") == "Secret"}
        if not secrets:
            errs.append("secret.example.yaml: no Secret")
        refs = [(get(e, "valueFrom", "secretKeyRef", "name"), get(e, "valueFrom", "secretKeyRef", "key"))
                for c in containers for e in c.get("env") or []]
        refs += [(get(v, "secret", "secretName"), i.get("key"))
                 for v in pod.get("volumes") or [] for i in get(v, "secret", "items") or []]
        for name, key in refs:
            if name is None:
                continue
            s = secrets.get(name)
            if s is None:
                errs.append(f"Secret {name!r} referenced but not in secret.example.yaml")
            elif key not in (s.get("stringData") or {}) and key not in (s.get("data") or {}):
                errs.append(f"Secret {name!r}: key {key!r} referenced but not in secret.example.yaml")
        sslmode = [e.get("value") for c in containers for e in c.get("env") or [] if e.get("name") == "PGSSLMODE"]
        if sslmode != ["verify-full"]:
            errs.append(f"PGSSLMODE is {sslmode!r}, expected verify-full")
    return errs


if __name__ == "__main__":
    what, part, *paths = sys.argv[1:]
    errs = {"crontab": lambda: crontab(paths[0], part),
            "units": lambda: units(paths, part),
            "k8s": lambda: k8s(paths[0], part),
            "container": lambda: container(paths[0], paths[1]),
            "colour": lambda: colour_errors(paths)}[what]()
    for e in errs:
        print(e)
    sys.exit(1 if errs else 0)
