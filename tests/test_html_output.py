"""The HTML page of ``tag --format html``, opened in headless Chromium."""

import shutil
import subprocess

import pytest
from click.testing import CliRunner

from themeclf.cli import cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it)")

DOC = ("Caseloads in the assessment team are too high for workers to visit children as often as plans require.\n\n"
       "Children in the east hub told inspectors they enjoy their activities and clubs.\n\n"
       "Most social workers in the court team are agency staff on short contracts.\n")


def _dom(url: str, tmp_path) -> str:
    out = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=2000", "--dump-dom", url],
        capture_output=True, text=True, timeout=90)
    assert out.returncode == 0, out.stderr[-500:]
    return out.stdout


@pytest.fixture(scope="module")
def page(trained, tmp_path_factory):
    d = tmp_path_factory.mktemp("html")
    src = d / "report.txt"
    src.write_text(DOC)
    out = d / "tags.html"
    res = CliRunner().invoke(cli, ["tag", str(src), "--model", str(trained[1]), "-f", "html", "-o", str(out), "--explain"])
    assert res.exit_code == 0, res.output
    return out


def test_page_is_self_contained(page):
    html = page.read_text()
    assert "<script src" not in html and "<link" not in html and "http://" not in html and "https://" not in html


def test_chromium_shows_every_paragraph_with_its_themes(page, tmp_path):
    dom = _dom(page.as_uri(), tmp_path)
    assert dom.count('class="para') == 3
    assert "3 paragraphs shown" in dom
    assert "Reliance on agency staff" in dom and "agency staff on short contracts" in dom
    assert "<mark>" in dom  # the evidence sentence is highlighted


def test_filter_by_theme_hides_other_paragraphs(page, tmp_path):
    dom = _dom(page.as_uri() + "#theme=agency_reliance", tmp_path)
    assert "1 paragraphs shown" in dom
    assert dom.count('class="para hidden"') + dom.count('class="para flagged hidden"') == 2


def test_evaluation_report_in_chromium(data_file, tmp_path):
    out = tmp_path / "report.html"
    res = CliRunner().invoke(cli, ["evaluate", str(data_file), "--folds", "3", "--report", str(out)])
    assert res.exit_code == 0, res.output
    dom = _dom(out.as_uri(), tmp_path)
    assert "themeclf evaluation" in dom and "<svg" in dom
    assert "excessive_caseloads</td>" in dom and "poor_recording_systems</td>" in dom  # a row per theme
    assert "Reliability of scores" in dom and "share true" in dom
    assert "Worst errors per theme" in dom
