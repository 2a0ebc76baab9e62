"""tools/bootstrap.py on a small stand-in for Odoo's source, without network.

The stand-in is a tiny ``odoo`` package with a setup.py and a
requirements.txt, built in a temporary directory. The virtualenv is real;
pip is replaced by a recorder that "installs" the editable source by
writing a .pth file, so the venv's python really imports the stand-in.
"""

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import bootstrap
import pytest
from bootstrap import Bootstrap, BootstrapError, Source

ODOO_REQUIREMENTS = """\
# a cut of Odoo 18.0's requirements.txt
Babel==2.10.3 ; python_version >= '3.11' and python_version < '3.13'
gevent==23.9.1 ; sys_platform != 'win32' and python_version > '3.10' and \
python_version < '3.12'
gevent==24.2.1 ; sys_platform != 'win32' and python_version >= '3.12' and \
python_version < '3.13'  # (Noble)
greenlet==2.0.2 ; sys_platform != 'win32' and python_version > '3.10' and \
python_version < '3.12'
greenlet==3.0.3 ; sys_platform != 'win32' and python_version >= '3.12'
lxml-html-clean; python_version >= '3.12'
pytz  # no version pinning
"""


def make_fake_odoo(parent, version="18.0", requirements=ODOO_REQUIREMENTS):
    root = parent / "odoo-src"
    (root / "odoo").mkdir(parents=True)
    (root / "odoo" / "__init__.py").write_text("")
    (root / "odoo" / "release.py").write_text(f"version = {version!r}\n")
    (root / "setup.py").write_text(
        "from setuptools import setup\nsetup(name='odoo', packages=['odoo'])\n"
    )
    if requirements is not None:
        (root / "requirements.txt").write_text(requirements)
    return root


def make_tarball(source, target):
    with tarfile.open(target, "w:gz") as archive:
        archive.add(source, arcname="odoo-18.0.post20250702")
    return target


class RecordingBootstrap(Bootstrap):
    """Real venv, recorded pip; ``-e SRC`` puts SRC on the venv's path."""

    venv_options = ("--without-pip",)

    def __init__(self, venv_dir):
        super().__init__(venv_dir=venv_dir, python=sys.executable, out=self.log)
        self.lines = []
        self.pip_calls = []
        self.apt_calls = []

    def log(self, text):
        self.lines.append(text)

    def install_system_packages(self):
        self.apt_calls.append("checked")

    def pip(self, args, env):
        self.pip_calls.append((args, env["PIP_CONSTRAINT"]))
        if "-e" in args:
            src = args[args.index("-e") + 1]
            site = self.venv_site_packages()
            (site / "odoo-editable.pth").write_text(src + "\n")

    def venv_site_packages(self):
        version = "{}.{}".format(*self.venv_python_version())
        return self.venv_dir / "lib" / f"python{version}" / "site-packages"

    def requirements_written(self):
        path = self.venv_dir / "bootstrap" / "odoo-requirements.txt"
        return path.read_text().splitlines()


@pytest.fixture
def no_system_odoo(monkeypatch):
    """The test's own python3 may import Odoo: pretend it does not."""
    real = bootstrap.odoo_version
    monkeypatch.setattr(
        bootstrap,
        "odoo_version",
        lambda python: None if str(python) == sys.executable else real(python),
    )


# -- source detection ---------------------------------------------------


def test_no_source_means_the_nightly_tarball():
    assert bootstrap.classify_source(None) == Source("url", bootstrap.NIGHTLY_TARBALL)
    assert bootstrap.NIGHTLY_TARBALL.startswith("https://nightly.odoo.com/18.0/")


def test_a_directory_with_setup_py_is_used_in_place(tmp_path):
    root = make_fake_odoo(tmp_path)
    assert bootstrap.classify_source(str(root)) == Source("dir", str(root))


def test_a_tarball_is_recognised(tmp_path):
    tarball = make_tarball(make_fake_odoo(tmp_path), tmp_path / "odoo.tar.gz")
    assert bootstrap.classify_source(str(tarball)) == Source("tarball", str(tarball))


def test_urls_are_a_tarball_download_or_a_git_clone():
    url = "https://example.invalid/odoo.tar.gz"
    assert bootstrap.classify_source(url) == Source("url", url)
    git = "https://github.com/odoo/odoo.git"
    assert bootstrap.classify_source(git) == Source("git", git)


def test_bad_sources_are_refused_with_a_sentence(tmp_path):
    with pytest.raises(BootstrapError, match="neither a directory, a tarball"):
        bootstrap.classify_source(str(tmp_path / "missing"))
    with pytest.raises(BootstrapError, match="without Odoo's setup.py"):
        bootstrap.classify_source(str(tmp_path))
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a tarball")
    with pytest.raises(BootstrapError, match="not a tarball"):
        bootstrap.classify_source(str(text_file))


def test_unpack_finds_the_source_under_the_tarballs_top_folder(tmp_path):
    tarball = make_tarball(make_fake_odoo(tmp_path), tmp_path / "odoo.tar.gz")
    root = bootstrap.unpack(tarball, tmp_path / "unpacked")
    assert root == tmp_path / "unpacked" / "odoo-18.0.post20250702"
    assert (root / "odoo" / "release.py").read_text() == "version = '18.0'\n"


# -- requirement pins ------------------------------------------------------


def test_python_311_gets_gevent_22_with_greenlet_2_and_decorator():
    lines = bootstrap.adjust_requirements(ODOO_REQUIREMENTS.splitlines(), (3, 11))
    assert "gevent==22.10.2" in lines
    assert "greenlet==2.0.2" in lines
    assert not [line for line in lines if "23.9.1" in line or "3.0.3" in line]
    assert lines.count("decorator") == 1
    assert "pytz" in lines
    assert [line for line in lines if line.startswith("Babel==2.10.3 ;")]


def test_python_312_keeps_odoos_pins_and_adds_decorator():
    lines = bootstrap.adjust_requirements(ODOO_REQUIREMENTS.splitlines(), (3, 12))
    gevent = [line for line in lines if line.startswith("gevent")]
    assert len(gevent) == 2, "both marker lines stay: pip picks the 3.12 one"
    assert any("gevent==24.2.1" in line for line in gevent)
    assert any(line.startswith("greenlet==3.0.3") for line in lines)
    assert "lxml-html-clean; python_version >= '3.12'" in lines
    assert lines.count("decorator") == 1


def test_decorator_is_not_added_twice():
    lines = bootstrap.adjust_requirements(["decorator==5.1.1", "pytz"], (3, 11))
    assert lines == ["decorator==5.1.1", "pytz", "gevent==22.10.2", "greenlet==2.0.2"]


def test_the_fallback_pins_cover_311_and_312():
    text = bootstrap.FALLBACK_REQUIREMENTS.read_text().splitlines()
    for version in ((3, 11), (3, 12)):
        names = {
            bootstrap.normalize(bootstrap.REQUIREMENT_NAME.match(line)[1])
            for line in bootstrap.adjust_requirements(text, version)
        }
        for needed in ("psycopg2", "werkzeug", "lxml", "gevent", "decorator"):
            assert needed in names


# -- the whole run on a stand-in ---------------------------------------------


def test_python3_with_odoo_18_is_used_as_it_is(tmp_path, monkeypatch):
    monkeypatch.setattr(bootstrap, "odoo_version", lambda python: "18.0-20250702")
    runner = RecordingBootstrap(tmp_path / "venv")
    assert runner.choose_python("/nonexistent") == sys.executable
    assert not (tmp_path / "venv").exists()
    assert runner.pip_calls == []


def test_install_from_a_tarball_then_a_second_run_does_nothing(
    tmp_path, no_system_odoo
):
    tarball = make_tarball(make_fake_odoo(tmp_path), tmp_path / "odoo.tar.gz")
    venv = tmp_path / "venv"
    runner = RecordingBootstrap(venv)

    python = runner.choose_python(str(tarball))

    assert python == str(venv / "bin" / "python")
    assert bootstrap.odoo_version(python) == "18.0"
    assert runner.apt_calls == ["checked"]
    unpacked = venv / "src" / "odoo" / "odoo-18.0.post20250702"
    steps = [args for args, _constraint in runner.pip_calls]
    assert steps == [
        ["install", "setuptools<81", "wheel"],
        ["install", "-r", str(venv / "bootstrap" / "odoo-requirements.txt")],
        ["install", "--no-build-isolation", "-e", str(unpacked)],
        ["install", "-r", "requirements.txt", "-r", "test-requirements.txt"],
    ]
    constraint = Path(runner.pip_calls[0][1])
    assert constraint.read_text() == "setuptools<81\n"
    expected = bootstrap.adjust_requirements(
        ODOO_REQUIREMENTS.splitlines(), runner.venv_python_version()
    )
    assert runner.requirements_written() == expected

    second = RecordingBootstrap(venv)
    assert second.choose_python(str(tarball)) == python
    assert second.pip_calls == []
    assert second.apt_calls == []
    assert second.lines == [f"Odoo 18.0 is installed in {venv}: using it."]


def test_install_from_a_directory_uses_it_in_place_with_fallback_pins(
    tmp_path, no_system_odoo
):
    source = make_fake_odoo(tmp_path, requirements=None)
    runner = RecordingBootstrap(tmp_path / "venv")
    runner.choose_python(str(source))
    assert ["install", "--no-build-isolation", "-e", str(source)] in [
        args for args, _ in runner.pip_calls
    ]
    assert not (tmp_path / "venv" / "src").exists()
    written = runner.requirements_written()
    assert any(line.startswith("psycopg2==") for line in written)
    assert "using the project's pins" in " ".join(runner.lines)


def test_a_source_that_is_not_odoo_18_fails_clearly(tmp_path, no_system_odoo):
    source = make_fake_odoo(tmp_path, version="17.0")
    with pytest.raises(BootstrapError, match="does not import Odoo 18.0.*Odoo 17.0"):
        RecordingBootstrap(tmp_path / "venv").choose_python(str(source))


def test_missing_system_packages_stop_a_non_root_user(tmp_path, monkeypatch):
    monkeypatch.setattr(
        bootstrap, "system_packages_missing", lambda: ["libpq-dev", "libldap2-dev"]
    )
    monkeypatch.setattr(bootstrap.os, "geteuid", lambda: 1000)
    runner = Bootstrap(venv_dir=tmp_path / "venv", out=lambda text: None)
    with pytest.raises(BootstrapError, match="apt-get install libpq-dev libldap2-dev"):
        runner.install_system_packages()


def test_root_installs_the_missing_system_packages(tmp_path, monkeypatch):
    monkeypatch.setattr(bootstrap, "system_packages_missing", lambda: ["libpq-dev"])
    monkeypatch.setattr(bootstrap.os, "geteuid", lambda: 0)
    commands = []
    runner = Bootstrap(venv_dir=tmp_path / "venv", out=lambda text: None)
    runner.run = lambda cmd, env=None: commands.append(cmd)
    runner.install_system_packages()
    assert commands == [
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "libpq-dev"],
    ]


def test_system_packages_missing_checks_headers_and_compiler(monkeypatch):
    monkeypatch.setattr(bootstrap.shutil, "which", lambda name: None)
    assert bootstrap.system_packages_missing() == [], "no dpkg: not Debian"
    monkeypatch.setattr(bootstrap.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(bootstrap, "dpkg_installed", lambda pkg: pkg != "libpq-dev")
    monkeypatch.setattr(bootstrap, "python_headers_present", lambda: False)
    assert bootstrap.system_packages_missing() == ["libpq-dev", "python3-dev"]


def test_its_lines_come_before_the_output_of_the_commands_it_runs(tmp_path):
    """In a CI log (stdout a pipe, so block-buffered) each "$ command" line
    and each step must come before what that command prints, not after."""
    script = (
        "import bootstrap\n"
        "b = bootstrap.Bootstrap(venv_dir='unused')\n"
        "b.out('Installing Debian packages: x')\n"
        "b.run(['echo', 'from the command'])\n"
    )
    tools = Path(bootstrap.__file__).resolve().parent
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    proc = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tools,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert proc.stdout.splitlines() == [
        "Installing Debian packages: x",
        "$ echo from the command",
        "from the command",
    ]


def test_the_odoo_command_of_the_venv_runs_odoo(tmp_path, no_system_odoo):
    """``.venv/bin/odoo`` is Odoo's own launcher on the venv's python, not
    the editable install's wrapper that checks every requirement through
    pkg_resources (and failed with ``DistributionNotFound: zope.interface``)."""
    source = make_fake_odoo(tmp_path)
    (source / "odoo" / "__init__.py").write_text("from . import cli\n")
    (source / "odoo" / "cli.py").write_text(
        "import os, sys\n"
        "def main():\n"
        "    print('odoo cli', os.environ['TZ'], *sys.argv[1:])\n"
    )
    venv = tmp_path / "venv"
    RecordingBootstrap(venv).choose_python(str(source))
    ran = subprocess.run(
        [str(venv / "bin" / "odoo"), "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert ran.stdout == "odoo cli UTC --version\n"
