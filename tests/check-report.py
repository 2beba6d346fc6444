#!/usr/bin/python3
"""check-report.py: reads a TCP Assistant HTML report with html.parser.

Usage: check-report.py [--pictures=N] [--picture-text=TEXT...]
                       [--each-picture=TEXT...] REPORT.html ROWS [EXPECTED-TEXT...]

Fails (exit 1, with the reason) when the log tables do not hold exactly
ROWS rows in all (ROWS "-": any number), when a log table's rows differ
from the count it declares (data-entries), when an EXPECTED-TEXT is not the text of some cell (after
entity decoding), or when anything could run or load: a <script>,
<iframe>, <object>, <embed>, <img>, <link>, <a>, an on* attribute, any
src/href, or the raw bytes "<script" anywhere in the file.

The one exception is a picture: an <img> whose only attributes are alt
and a src "data:image/svg+xml;base64,...". Its SVG is decoded and parsed
with xml.etree: it must be well-formed, hold no <script>, <foreignObject>,
on* attribute or reference outside itself (only "#id"), and its words
(<title> and <desc>) are what --picture-text (some picture) and
--each-picture (every picture) look for. --pictures=N: exactly N pictures.
"""
import base64
import binascii
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

SVG_URI = "data:image/svg+xml;base64,"
SVG_FORBIDDEN = {"script", "foreignObject", "iframe", "object", "embed", "image", "a", "animate", "set"}


def check_svg(data, problems):
    """Returns the picture's words, or None (with the reason in problems)."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        problems.append("a picture is not well-formed SVG: %s" % e)
        return None
    words = []
    for element in root.iter():
        local = element.tag.split("}")[-1]
        if local in SVG_FORBIDDEN:
            problems.append("a <%s> element in a picture" % local)
        if local in ("title", "desc"):
            words.append("".join(element.itertext()))
        for name, value in element.attrib.items():
            attr = name.split("}")[-1]
            if attr.startswith("on"):
                problems.append("attribute %s in a picture" % attr)
            if attr == "href" and not value.startswith("#"):
                problems.append("a picture refers to %r" % value)
    return "\n".join(words)

FORBIDDEN = {"script", "iframe", "object", "embed", "img", "link", "a", "form", "meta-refresh"}


class Report(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.cells = []
        self.log_rows = 0
        self.declared = 0
        self.in_log = 0
        self.in_tbody = False
        self.cell = None
        self.pictures = []

    def picture(self, attrs):
        names = sorted(name for name, _ in attrs)
        src = dict(attrs).get("src") or ""
        if names != ["alt", "src"] or not src.startswith(SVG_URI):
            return False
        try:
            data = base64.b64decode(src[len(SVG_URI):], validate=True)
        except (binascii.Error, ValueError) as e:
            self.problems.append("a picture's base64 does not decode: %s" % e)
            return True
        words = check_svg(data, self.problems)
        if words is not None:
            self.pictures.append(words)
        return True

    def handle_starttag(self, tag, attrs):
        if tag == "img" and self.picture(attrs):
            return
        if tag in FORBIDDEN:
            self.problems.append("a <%s> element" % tag)
        for name, value in attrs:
            if name.startswith("on") or name in ("src", "href"):
                self.problems.append("attribute %s=%r on <%s>" % (name, value, tag))
        if tag == "table" and ("class", "log") in attrs:
            self.in_log += 1
            self.declared += int(dict(attrs).get("data-entries", "-1"))
        if tag == "tbody" and self.in_log:
            self.in_tbody = True
        if tag == "tr" and self.in_tbody:
            self.log_rows += 1
        if tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.cells.append("".join(self.cell))
            self.cell = None
        if tag == "tbody":
            self.in_tbody = False
        if tag == "table" and self.in_log:
            self.in_log -= 1

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def main():
    args = sys.argv[1:]
    n_pictures, picture_texts, each_texts = None, [], []
    while args and args[0].startswith("--"):
        option, _, value = args.pop(0).partition("=")
        if option == "--pictures":
            n_pictures = int(value)
        elif option == "--picture-text":
            picture_texts.append(value)
        elif option == "--each-picture":
            each_texts.append(value)
        else:
            print("unknown option " + option)
            return 2
    path, rows, expected = args[0], args[1], args[2:]
    raw = open(path, "rb").read()
    text = raw.decode("utf-8")
    report = Report()
    report.feed(text)
    report.close()
    problems = list(report.problems)
    if b"<script" in raw.lower():
        problems.append("the bytes <script appear unescaped")
    if rows != "-" and report.log_rows != int(rows):
        problems.append("%d log rows, expected %s" % (report.log_rows, rows))
    if report.log_rows != report.declared:
        problems.append("%d log rows, the report declares %d" % (report.log_rows, report.declared))
    for want in expected:
        if not any(want in cell for cell in report.cells):
            problems.append("no cell contains %r" % want)
    if n_pictures is not None and len(report.pictures) != n_pictures:
        problems.append("%d pictures, expected %d" % (len(report.pictures), n_pictures))
    for want in picture_texts:
        if not any(want in words for words in report.pictures):
            problems.append("no picture holds %r" % want)
    for want in each_texts:
        for i, words in enumerate(report.pictures):
            if want not in words:
                problems.append("picture %d does not hold %r" % (i + 1, want))
    if problems:
        print("FAIL: " + "; ".join(problems))
        return 1
    print("ok: %d log rows, %d cells, %d expected texts found, %d pictures (well-formed SVG), nothing active"
          % (report.log_rows, len(report.cells), len(expected), len(report.pictures)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
