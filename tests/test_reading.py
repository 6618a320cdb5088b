import io
import random

import pytest

from pdfmaker import make_pdf
from themeclf.errors import ReadError
from themeclf.reading import expand, read, read_bytes, read_many, read_path, sniff

PAGES = [
    ["What needs to improve",
     "1. The timeliness of assessments for children in need of help and\nprotection, so that no child waits.",
     "2. Management oversight of plans, which is not yet consistent in\nall teams.",
     "The experiences and progress of children in care",
     "3. Too many care leavers and homeless 16-\nand 17-year-olds live in unsuitable accommodation, and their assess-\nments are",
     ],
    ["not updated when their circumstances change. Inspectors saw few\nexamples of good practice in assessments.",
     "4. Children are seen regularly and their wishes and feelings are\nrecorded well by their social workers."],
    ["5. Leaders know their services well and quality assurance is\neffective in driving improvement across the council."],
]


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory):
    return make_pdf(tmp_path_factory.mktemp("pdf") / "report.pdf", PAGES)


def test_pdf_paragraphs_as_the_inspector_wrote_them(report_pdf):
    doc = read_path(report_pdf)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "The timeliness of assessments for children in need of help and protection, so that no child waits."
    assert texts[1] == "Management oversight of plans, which is not yet consistent in all teams."
    # Joined across the page break, hyphenation undone only where the document spells the word whole,
    # and "16- and 17-year-olds" kept.
    assert texts[2] == ("Too many care leavers and homeless 16- and 17-year-olds live in unsuitable accommodation, "
                        "and their assessments are not updated when their circumstances change. "
                        "Inspectors saw few examples of good practice in assessments.")
    assert len(texts) == 5
    assert not any("Testshire County Council" in t for t in texts)  # running header dropped


def test_pdf_provenance_page_index_section(report_pdf):
    doc = read_path(report_pdf)
    p = doc.paragraphs
    assert [x.index for x in p] == list(range(5))
    assert [x.page for x in p] == [1, 1, 1, 2, 3]
    assert p[0].section == "What needs to improve"
    assert p[2].section == "The experiences and progress of children in care"


def test_format_is_decided_from_content_not_name(report_pdf, tmp_path):
    disguised = tmp_path / "report.txt"
    disguised.write_bytes(report_pdf.read_bytes())
    assert read_path(disguised).kind == "pdf"
    html_as_pdf = tmp_path / "saved.pdf"
    html_as_pdf.write_text("<!DOCTYPE html><html><head><title>Report not found</title></head><body>"
                           "<nav><a href='/'>Home</a></nav><main><h1>Sorry</h1><p>The document you requested no longer exists.</p>"
                           "</main><footer>Cookie settings</footer></body></html>")
    with pytest.raises(ReadError, match=r"saved.pdf: a web page saved with a .pdf name, not a PDF \(a failed download\?\)$"):
        read_path(html_as_pdf)


def test_docx_paragraphs_and_headings(tmp_path):
    import docx

    d = docx.Document()
    d.add_heading("Workforce report", 1)
    d.add_paragraph("Vacancy rates in the children in care teams remain above 20%.")
    d.add_paragraph("Agency workers cover most of the vacant posts.", style="List Bullet")
    path = tmp_path / "paper.docx"
    d.save(path)
    doc = read_path(path)
    assert doc.kind == "docx"
    assert [p.text for p in doc.paragraphs] == ["Vacancy rates in the children in care teams remain above 20%.",
                                                "Agency workers cover most of the vacant posts."]
    assert doc.paragraphs[0].section == "Workforce report"


def test_html_keeps_main_text_and_drops_navigation():
    page = b"""<html><body><header>Site menu</header><nav><ul><li>Home</li><li>News</li></ul></nav>
    <article><h1>Council children's services rated inadequate</h1>
    <p>Inspectors found that social workers carried <b>very high</b> caseloads.</p>
    <ul><li>Children waited months for plans.</li></ul></article>
    <aside>Most read</aside><script>var x = 1;</script></body></html>"""
    doc = read_bytes(page, "news.html")
    assert [p.text for p in doc.paragraphs] == ["Inspectors found that social workers carried very high caseloads.",
                                                "Children waited months for plans."]
    assert doc.paragraphs[0].section == "Council children's services rated inadequate"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_text_in_common_encodings(encoding):
    text = "Children\u2019s plans \u2013 too vague.\n\nCaf\u00e9 culture aside, visits are late."
    doc = read_bytes(text.encode(encoding), "t.txt")
    assert [p.text for p in doc.paragraphs] == ["Children's plans - too vague.", "Caf\u00e9 culture aside, visits are late."]


def test_markdown_headings_and_list_items():
    doc = read_bytes(b"# Findings\n\n- Caseloads are high.\n- Visits are late.\n\nA closing line\nwrapped here.\n", "n.md")
    assert [p.text for p in doc.paragraphs] == ["Caseloads are high.", "Visits are late.", "A closing line wrapped here."]
    assert {p.section for p in doc.paragraphs} == {"Findings"}


def test_read_from_a_file_object():
    doc = read(io.BytesIO(b"One paragraph.\n\nTwo paragraphs."), "stream")
    assert doc.source == "stream" and len(doc.paragraphs) == 2


# --- bad input: one clear message each ------------------------------------------------------


def test_empty_file(tmp_path):
    (tmp_path / "e.txt").write_bytes(b"")
    with pytest.raises(ReadError, match=r"e.txt: the file is empty$"):
        read_path(tmp_path / "e.txt")


def test_random_bytes_named_pdf(tmp_path):
    (tmp_path / "r.pdf").write_bytes(random.Random(1).randbytes(5000))
    with pytest.raises(ReadError, match=r"r.pdf: not a PDF"):
        read_path(tmp_path / "r.pdf")


def test_truncated_pdf(report_pdf, tmp_path):
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(report_pdf.read_bytes()[:1500])
    with pytest.raises(ReadError, match="cut.pdf: .*(damaged|truncated|no text)"):
        read_path(cut)


def test_encrypted_pdf(report_pdf, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    w = pypdf.PdfWriter(clone_from=str(report_pdf))
    w.encrypt(user_password="secret", algorithm="RC4-128")
    enc = tmp_path / "enc.pdf"
    with open(enc, "wb") as fh:
        w.write(fh)
    with pytest.raises(ReadError, match="enc.pdf: the PDF is encrypted"):
        read_path(enc)


def test_scanned_pdf_without_text_layer(tmp_path):
    scan = make_pdf(tmp_path / "scan.pdf", [[""]], text=False)
    with pytest.raises(ReadError, match="scan.pdf: no text found; it may be a scan and need OCR"):
        read_path(scan)


def test_huge_single_line_text_file(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (10 * 1024 * 1024))  # 50 MB, one line
    with pytest.raises(ReadError, match="big.txt: .*one line"):
        read_path(big)


def test_missing_path_and_directory_without_documents(tmp_path):
    with pytest.raises(ReadError, match="no such file"):
        read_path(tmp_path / "nope.pdf")
    (tmp_path / "empty_dir").mkdir()
    (tmp_path / "empty_dir" / "notes.bin").write_bytes(b"\x00\x01")
    files, errors = expand([str(tmp_path / "empty_dir"), str(tmp_path / "nope")])
    assert files == []
    assert [str(e) for e in errors] == [f"{tmp_path / 'empty_dir'}: no readable files in this directory (PDF, Word, HTML, text)",
                                        f"{tmp_path / 'nope'}: no such file or directory"]


def test_file_that_disappears_during_a_batch(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("Alpha paragraph.")
    b.write_text("Beta paragraph.")
    files, _ = expand([str(tmp_path)])
    b.unlink()
    results = dict(read_many(files, jobs=2))
    assert results[str(a)].paragraphs[0].text == "Alpha paragraph."
    assert isinstance(results[str(b)], ReadError) and "no such file" in str(results[str(b)])


def test_sniff():
    assert sniff(b"%PDF-1.7 ...") == "pdf"
    assert sniff(b"  <!DOCTYPE html><html>") == "html"
    assert sniff(b"plain words") == "text"
    assert sniff(bytes(range(256)) * 4) == "binary"
