"""core.charts: server-drawn charts as inline SVG (pages) and vectors (PDF)."""

from __future__ import annotations

import re
from io import BytesIO

from pypdf import PdfReader

from mujigae.core import charts


def test_a_chart_is_an_accessible_svg_with_its_korean_labels():
    drawing = charts.bars([("로봇 제어", 12), ("용접", -3)], title="부족 인원", unit="명")
    svg = str(charts.svg(drawing, title="부족 인원"))
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-label="부족 인원"' in svg
    assert "<?xml" not in svg and "<script" not in svg
    assert "로봇 제어" in svg and "-3명" in svg and "12명" in svg


def test_two_charts_on_one_page_do_not_share_a_clip_path():
    first = str(charts.svg(charts.lines({"안산": [(2024, 1), (2025, 2)]})))
    second = str(charts.svg(charts.lines({"안산": [(2024, 1), (2025, 2)]})))
    ids = re.findall(r'id="(chart-clip-\d+)"', first + second)
    assert len(ids) == 2 and ids[0] != ids[1]


def test_a_label_cannot_inject_markup():
    svg = str(charts.svg(charts.bars([("<script>x</script>", 1)]), title='"><b>'))
    assert "<script>" not in svg and "<b>" not in svg


def test_the_same_drawing_goes_into_a_pdf_with_the_korean_font_embedded():
    from reportlab.graphics import renderPDF

    out = BytesIO()
    renderPDF.drawToFile(charts.lines({"안산": [(2023, 61.2), (2024, 64.0)]}, title="취업률"), out)
    page = PdfReader(BytesIO(out.getvalue())).pages[0]
    assert "취업률" in page.extract_text()
    fonts = [str(font.get_object()["/BaseFont"]) for font in page["/Resources"]["/Font"].values()]
    assert any("NanumGothic" in name for name in fonts)


def test_a_sparkline_skips_missing_years_and_names_itself():
    svg = str(charts.sparkline([55.0, None, 58.1, 61.2], label="취업률 추이"))
    assert 'aria-label="취업률 추이"' in svg and svg.count(",") == 3  # three points
    assert "<polyline" not in str(charts.sparkline([None, 3]))  # one point: no line
