#!/usr/bin/env python3
"""Find the Python that imports Odoo 18.0, installing it when there is none.

``python3 tools/bootstrap.py [SCRIPT [ARGS...]]`` is what ``make test`` and
``make demo`` run. It picks the interpreter, then runs SCRIPT with it:

1. the ``python3`` running this file, when it imports Odoo 18.0 (a machine
   set up for Odoo is used as it is);
2. otherwise the project's virtualenv ``.venv/``, when it imports Odoo 18.0
   (a second run does nothing more);
3. otherwise it creates ``.venv/`` and installs Odoo 18.0 Community there
   from Odoo's source, with Odoo's own pinned requirements (adjusted for
   Python 3.11 and 3.12), then the project's requirements. As root on Debian
   or Ubuntu it first installs the system packages the builds need.

The source is ``ODOO_SOURCE`` (or ``--source``): a directory (an unpacked
Odoo source, installed in place, in editable mode), a ``.tar.gz`` tarball, a
``https://`` URL of such a tarball, or a git URL (cloned shallow, branch
18.0). Without it, Odoo's 18.0 nightly source tarball is downloaded.

Only the standard library is used: a fresh machine has no pip yet.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_VENV = ROOT / ".venv"
NIGHTLY_TARBALL = "https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz"
ODOO_BRANCH = "18.0"
#: Used when the Odoo source has no requirements.txt of its own.
FALLBACK_REQUIREMENTS = Path(__file__).resolve().parent / "odoo-18.0-requirements.txt"
PROJECT_REQUIREMENTS = ("requirements.txt", "test-requirements.txt")
#: cbor2's sdist build breaks with setuptools 81 (given to every build
#: environment through PIP_CONSTRAINT).
BUILD_CONSTRAINTS = ("setuptools<81",)
#: Odoo's requirements.txt changed for one Python version: name -> pin.
#: On 3.11 its gevent 23.9.1 wants greenlet 3 while it pins greenlet 2.0.2.
PIN_OVERRIDES = {
    (3, 11): {"gevent": "gevent==22.10.2", "greenlet": "greenlet==2.0.2"},
    (3, 12): {},
}
#: Imported by Odoo (setup.py lists it) but missing from its requirements.txt.
ALWAYS_ADD = ("decorator",)
#: Odoo's setup/odoo: the server's time zone is UTC before anything imports time.
ODOO_LAUNCHER = """\
__import__("os").environ["TZ"] = "UTC"
import odoo

if __name__ == "__main__":
    odoo.cli.main()
"""
REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


class BootstrapError(Exception):
    """A problem the user must fix; its text is shown without a traceback."""


@dataclass(frozen=True)
class Source:
    """Where Odoo's source comes from: kind is dir, tarball, url or git."""

    kind: str
    location: str


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def odoo_version(python):
    """The version of the Odoo that ``python`` imports, or None."""
    try:
        probe = subprocess.run(
            [str(python), "-c", "import odoo.release as r; print(r.version)"],
            capture_output=True,
            text=True,
            cwd="/",
            check=False,
        )
    except OSError:
        return None
    return probe.stdout.strip() if probe.returncode == 0 else None


def is_odoo_18(version):
    return bool(version) and version.startswith("18.0")


def classify_source(value):
    """Tell what ``ODOO_SOURCE`` names; no value means the nightly tarball."""
    if not value:
        return Source("url", NIGHTLY_TARBALL)
    if value.startswith(("https://", "http://", "git@", "ssh://")):
        if value.endswith(".git") or value.startswith(("git@", "ssh://")):
            return Source("git", value)
        return Source("url", value)
    path = Path(value).expanduser().resolve()
    if path.is_dir():
        if not (path / "setup.py").is_file() or not (path / "odoo").is_dir():
            raise BootstrapError(
                f"ODOO_SOURCE={value} is a directory without Odoo's setup.py and "
                "odoo/ package at its root: give the root of an Odoo 18.0 source."
            )
        return Source("dir", str(path))
    if path.is_file():
        if not tarfile.is_tarfile(path):
            raise BootstrapError(f"ODOO_SOURCE={value} is a file but not a tarball.")
        return Source("tarball", str(path))
    raise BootstrapError(
        f"ODOO_SOURCE={value} is neither a directory, a tarball nor a URL."
    )


def source_root(directory):
    """The directory holding setup.py: the top folder of an unpacked tarball."""
    directory = Path(directory)
    if (directory / "setup.py").is_file():
        return directory
    candidates = [p.parent for p in directory.glob("*/setup.py")]
    candidates = [p for p in candidates if (p / "odoo").is_dir()]
    if len(candidates) != 1:
        raise BootstrapError(
            f"{directory} holds no single Odoo source (setup.py and odoo/)."
        )
    return candidates[0]


def unpack(tarball, destination):
    """Unpack an Odoo source tarball into an empty ``destination``."""
    if destination.exists():
        shutil.rmtree(destination)
    destination.mkdir(parents=True)
    with tarfile.open(tarball) as archive:
        if hasattr(tarfile, "data_filter"):
            archive.extractall(destination, filter="data")
        else:  # Python < 3.10.12 has no extraction filters
            archive.extractall(destination)  # noqa: S202
    return source_root(destination)


def adjust_requirements(lines, python_version):
    """Odoo's requirement lines, made installable on ``python_version``.

    The file is written for one interpreter, so a pin overridden for this
    Python replaces every line of that package, whatever its marker.
    """
    overrides = PIN_OVERRIDES.get(tuple(python_version[:2]), {})
    result = []
    names = set()
    for line in lines:
        stripped = line.split("#", 1)[0].strip()
        match = REQUIREMENT_NAME.match(stripped)
        if not match:
            continue
        name = normalize(match[1])
        names.add(name)
        if name in overrides:
            continue
        result.append(stripped)
    result.extend(overrides.values())
    result.extend(name for name in ALWAYS_ADD if normalize(name) not in names)
    return result


def system_packages_missing():
    """Debian packages that the builds of Odoo's requirements need."""
    if not shutil.which("dpkg-query"):
        return []
    needed = ["libpq-dev", "libldap2-dev", "libsasl2-dev"]
    missing = [pkg for pkg in needed if not dpkg_installed(pkg)]
    if not shutil.which("cc"):
        missing.append("build-essential")
    if not python_headers_present():
        missing.append("python3-dev")
    try:
        import ensurepip  # noqa: F401, PLC0415 (Debian ships it apart)
    except ImportError:
        missing.append("python3-venv")
    return missing


def python_headers_present():
    return (Path(sysconfig.get_paths()["include"]) / "Python.h").is_file()


def dpkg_installed(package):
    status = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return "install ok installed" in status


def say(text):
    """Print at once: the commands it runs write to the same stdout, and in a
    CI log (a pipe, block-buffered) our lines would come after theirs."""
    print(text, flush=True)


class Bootstrap:
    """Install Odoo 18.0 into a virtualenv; each step is a small method."""

    #: Extra options of ``python -m venv`` (the tests use ``--without-pip``).
    venv_options = ()

    def __init__(self, venv_dir=DEFAULT_VENV, python=sys.executable, out=say):
        self.venv_dir = Path(venv_dir)
        self.python = python
        self.out = out

    @property
    def venv_python(self):
        return self.venv_dir / "bin" / "python"

    # -- the decision ---------------------------------------------------

    def choose_python(self, source_value=None, force_venv=False):
        """Return the interpreter to use, installing Odoo when needed."""
        if not force_venv:
            version = odoo_version(self.python)
            if is_odoo_18(version):
                self.out(f"Odoo {version} is importable by {self.python}: using it.")
                return str(self.python)
            if version:
                self.out(f"{self.python} imports Odoo {version}, not 18.0.")
        version = odoo_version(self.venv_python)
        if is_odoo_18(version):
            self.out(f"Odoo {version} is installed in {self.venv_dir}: using it.")
            return str(self.venv_python)
        self.install(classify_source(source_value))
        version = odoo_version(self.venv_python)
        if not is_odoo_18(version):
            found = f"Odoo {version}" if version else "no Odoo"
            raise BootstrapError(
                f"after the installation, {self.venv_python} still does not "
                f"import Odoo 18.0 (it finds {found})."
            )
        self.out(f"Odoo {version} installed in {self.venv_dir}.")
        return str(self.venv_python)

    # -- the installation -----------------------------------------------

    def install(self, source):
        self.out(f"Installing Odoo 18.0 into {self.venv_dir} from {source.location}")
        self.install_system_packages()
        self.create_venv()
        src = self.fetch(source)
        work = self.venv_dir / "bootstrap"
        work.mkdir(exist_ok=True)
        constraints = work / "build-constraints.txt"
        constraints.write_text("\n".join(BUILD_CONSTRAINTS) + "\n")
        env = dict(os.environ, PIP_CONSTRAINT=str(constraints))
        requirements = work / "odoo-requirements.txt"
        requirements.write_text(
            "\n".join(self.odoo_requirements(src, self.venv_python_version())) + "\n"
        )
        self.pip(["install", *BUILD_CONSTRAINTS, "wheel"], env)
        self.pip(["install", "-r", str(requirements)], env)
        self.pip(["install", "--no-build-isolation", "-e", str(src)], env)
        self.write_odoo_command()
        project = [arg for name in PROJECT_REQUIREMENTS for arg in ("-r", name)]
        self.pip(["install", *project], env)

    def write_odoo_command(self):
        """``bin/odoo``: Odoo's own launcher (``setup/odoo``) on the venv's
        python. The one the editable install writes goes through
        pkg_resources, which checks every requirement of the distribution
        first and stops on one pip did not record (``DistributionNotFound:
        zope.interface``) before Odoo even starts."""
        command = self.venv_dir / "bin" / "odoo"
        command.unlink(missing_ok=True)
        command.write_text(f"#!{self.venv_python}\n{ODOO_LAUNCHER}")
        command.chmod(0o755)

    def install_system_packages(self):
        missing = system_packages_missing()
        if not missing:
            return
        if os.geteuid() != 0:
            raise BootstrapError(
                "the build of Odoo's requirements needs these Debian packages: "
                f"{' '.join(missing)}. Install them (sudo apt-get install "
                f"{' '.join(missing)}) or run as root."
            )
        self.out(f"Installing Debian packages: {' '.join(missing)}")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        self.run(["apt-get", "update", "-qq"], env=env)
        self.run(["apt-get", "install", "-y", "-qq", *missing], env=env)

    def create_venv(self):
        if self.venv_python.exists():
            return
        self.out(f"Creating the virtualenv {self.venv_dir}")
        self.run(
            [str(self.python), "-m", "venv", *self.venv_options, str(self.venv_dir)]
        )

    def venv_python_version(self):
        probe = subprocess.run(
            [str(self.venv_python), "-c", "import sys; print(*sys.version_info[:2])"],
            capture_output=True,
            text=True,
            check=True,
        )
        return tuple(int(part) for part in probe.stdout.split())

    def fetch(self, source):
        """The source directory to install from, unpacked or cloned if needed."""
        if source.kind == "dir":
            return Path(source.location)
        destination = self.venv_dir / "src" / "odoo"
        if source.kind == "git":
            if destination.exists():
                shutil.rmtree(destination)
            destination.parent.mkdir(parents=True, exist_ok=True)
            self.run(
                ["git", "clone", "--depth=1", f"--branch={ODOO_BRANCH}"]
                + [source.location, str(destination)]
            )
            return source_root(destination)
        tarball = Path(source.location)
        if source.kind == "url":
            tarball = self.venv_dir / "src" / "odoo-source.tar.gz"
            tarball.parent.mkdir(parents=True, exist_ok=True)
            self.out(f"Downloading {source.location}")
            self.download(source.location, tarball)
        self.out(f"Unpacking {tarball.name}")
        return unpack(tarball, destination)

    def download(self, url, target):
        with urllib.request.urlopen(url, timeout=60) as answer, open(target, "wb") as f:
            shutil.copyfileobj(answer, f)

    def odoo_requirements(self, src, python_version):
        own = Path(src) / "requirements.txt"
        if own.is_file():
            lines = own.read_text().splitlines()
        else:
            self.out("The source has no requirements.txt: using the project's pins.")
            lines = FALLBACK_REQUIREMENTS.read_text().splitlines()
        return adjust_requirements(lines, python_version)

    def pip(self, args, env):
        self.run(
            [str(self.venv_python), "-m", "pip", "--disable-pip-version-check"] + args,
            env=env,
        )

    def run(self, cmd, env=None):
        self.out("$ " + " ".join(cmd))
        if subprocess.call(cmd, cwd=ROOT, env=env) != 0:
            raise BootstrapError(f"this command failed: {' '.join(cmd)}")


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        usage="%(prog)s [--venv] [--source SRC] [SCRIPT [ARGS...]]",
    )
    parser.add_argument(
        "--venv",
        action="store_true",
        help="use (or create) .venv even when python3 imports Odoo 18.0",
    )
    parser.add_argument(
        "--source",
        default=os.environ.get("ODOO_SOURCE"),
        help="Odoo source: directory, tarball or URL (default: $ODOO_SOURCE, "
        "else the 18.0 nightly tarball)",
    )
    parser.add_argument("script", nargs="?", help="run this script with that Python")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    force_venv = args.venv or os.environ.get("ODOO_VENV") == "1"
    try:
        python = Bootstrap().choose_python(args.source, force_venv=force_venv)
    except BootstrapError as err:
        print(f"bootstrap: {err}", file=sys.stderr)
        return 1
    if not args.script:
        print(python)
        return 0
    sys.stdout.flush()
    os.execv(python, [python, args.script, *args.args])


if __name__ == "__main__":
    sys.exit(main())
