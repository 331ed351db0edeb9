"""The deck's frame: a 16:9 presentation in the brand colours, and the slide helpers every
part of the deck uses (title band, text, native tables, pictures, chart styling, paging)."""

from __future__ import annotations

import io
import math
import re

from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from workbench.deliver.deck.text import clean
from workbench.present import palette

WIDE, HIGH = Emu(12192000), Emu(6858000)  # 16:9, as PowerPoint makes it
MARGIN, BAND = Inches(0.5), Inches(1.15)  # side margin; height of the title band
TOP = BAND + Inches(0.75)  # where a slide's content starts, under the takeaway line
FONT = "Arial"
TITLE_PT, LEAD_PT, BODY_PT = 28, 16, 14
SUPPRESSED = "suppressed"  # a table cell hidden to protect anonymity
_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#"))


class _Deck:
    """A presentation being built: brand colours and the slide helpers that use them."""

    def __init__(self, branding: dict[str, str]):
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDE, HIGH
        primary, accent = branding.get("primary_color", ""), branding.get("accent_color", "")
        self.primary = primary if _HEX.fullmatch(str(primary)) else palette.INK
        self.accent = accent if _HEX.fullmatch(str(accent)) else palette.HIGHLIGHT

    def _band(self, slide, height: int, strip: int) -> None:
        shapes = []
        for top, tall, color in ((0, height, self.primary), (height, strip, self.accent)):
            shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, top, WIDE, tall)
            shape.fill.solid()
            shape.fill.fore_color.rgb = _rgb(color)
            shape.line.fill.background()
            shapes.append(shape)
        tree = slide.shapes._spTree  # behind the placeholders
        for shape in reversed(shapes):
            tree.remove(shape._element)
            tree.insert(2, shape._element)

    def title_slide(self, lines: list[str], small: list[str]) -> None:
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[0])
        self._band(slide, Inches(4.4), Inches(0.12))
        ink = palette.text_on(self.primary)
        heading, sub = slide.placeholders[0], slide.placeholders[1]
        for shape, text, size, top in ((heading, lines[0], 40, 1.3), (sub, lines[1], 28, 2.7)):
            shape.left, shape.top, shape.width = MARGIN, Inches(top), WIDE - 2 * MARGIN
            shape.height = Inches(1.3)
            write(shape.text_frame, [text], size, ink, bold=size == 40)
        box = slide.shapes.add_textbox(MARGIN, Inches(4.9), WIDE - 2 * MARGIN, Inches(1.5))
        write(box.text_frame, small, 18)

    def slide(self, title: str, lead: str = ""):
        """A slide with ``title`` in the brand band and an optional ``lead`` line under it."""
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[5])
        self._band(slide, BAND, Inches(0.06))
        heading = slide.shapes.title
        heading.left, heading.top = MARGIN, Inches(0.1)
        heading.width, heading.height = WIDE - 2 * MARGIN, BAND - Inches(0.2)
        write(heading.text_frame, [title], TITLE_PT, palette.text_on(self.primary), bold=True)
        heading.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
        heading.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        if lead:
            box = slide.shapes.add_textbox(MARGIN, BAND + Inches(0.12), WIDE - 2 * MARGIN, Pt(40))
            write(box.text_frame, [lead], LEAD_PT, palette.MUTED)
        return slide

    def message(self, title: str, lines: list[str]) -> None:
        """A slide that says what is missing and what happens next."""
        slide = self.slide(title)
        box = slide.shapes.add_textbox(MARGIN, TOP, Inches(9), Inches(3))
        write(box.text_frame, lines, 20)

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return buffer.getvalue()


def write(frame, lines: list[str], size: int = BODY_PT, color: str = palette.INK, bold=False):
    """Fill a text frame with one paragraph per line, every line :func:`clean`."""
    frame.clear()
    frame.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = clean(line)
        run.font.size, run.font.name, run.font.bold = Pt(size), FONT, bold
        run.font.color.rgb = _rgb(color)
        paragraph.space_after = Pt(6)


def table(slide, rows: list[list[str]], widths: list[float], fills=None) -> None:
    """A native table of text, ``rows[0]`` the header, ``widths`` in inches; ``fills`` maps
    (row, column) to the colour of a cell, whose text is then centred."""
    fills = fills or {}
    left = int((WIDE - Inches(sum(widths))) / 2)
    shape = slide.shapes.add_table(
        len(rows), len(widths), left, TOP, Inches(sum(widths)), Inches(0.42) * len(rows)
    )
    grid = shape.table
    grid.horz_banding = False
    for column, width in enumerate(widths):
        grid.columns[column].width = Inches(width)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = grid.cell(r, c)
            fill = fills.get((r, c), palette.HEADER_FILL if r == 0 else palette.PAPER)
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(fill)
            cell.margin_left = cell.margin_right = Inches(0.08)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            suppressed = text == SUPPRESSED
            ink = palette.MUTED if suppressed else palette.text_on(fill)
            write(cell.text_frame, [text], BODY_PT, ink, bold=r == 0)
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.space_after = Pt(0)
            paragraph.runs[0].font.italic = suppressed
            if r > 0 and (r, c) in fills:
                paragraph.alignment = PP_ALIGN.CENTER


def _picture(slide, png: bytes, left: int, top: int, box_w: int, box_h: int) -> None:
    """A PNG as large as fits in the box at (``left``, ``top``), its proportions kept."""
    w, h = Image.open(io.BytesIO(png)).size
    scale = min(box_w / w, box_h / h)
    slide.shapes.add_picture(io.BytesIO(png), left, top, int(w * scale), int(h * scale))


def _style_chart(chart) -> None:
    chart.font.size, chart.font.name = Pt(BODY_PT), FONT
    chart.font.color.rgb = _rgb(palette.INK)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False


def _first_on_top(chart) -> None:
    """Bars in category order from the top, with the value scale still at the bottom."""
    chart.category_axis.reverse_order = True
    # The value axis crosses the (now reversed) category axis at its last category.
    chart.value_axis._element.find(qn("c:crosses")).set("val", "max")


def _pages(items: list, size: int) -> list[list]:
    """``items`` in as few pages of at most ``size`` as fit, the pages as even as can be.

    Examples
    --------
    >>> [len(page) for page in _pages(list(range(10)), 9)], _pages([], 9)
    ([5, 5], [[]])
    """
    count = max(1, math.ceil(len(items) / size))
    step = math.ceil(len(items) / count) if items else 1
    return [items[i : i + step] for i in range(0, max(len(items), 1), step)]


def _paged(title: str, index: int, total: int) -> str:
    return title if total == 1 else f"{title} ({index + 1} of {total})"
