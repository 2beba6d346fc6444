#!/usr/bin/python3
"""check-report.py: reads a TCP Assistant HTML report with html.parser.

Usage: check-report.py REPORT.html ROWS [EXPECTED-TEXT...]

Fails (exit 1, with the reason) when the log tables do not hold exactly
ROWS rows in all (ROWS "-": any number), when a log table's rows differ
from the count it declares (data-entries), when an EXPECTED-TEXT is not the text of some cell (after
entity decoding), or when anything could run or load: a <script>,
<iframe>, <object>, <embed>, <img>, <link>, <a>, an on* attribute, any
src/href, or the raw bytes "<script" anywhere in the file.
"""
import sys
from html.parser import HTMLParser

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

    def handle_starttag(self, tag, attrs):
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
    path, rows, expected = sys.argv[1], sys.argv[2], sys.argv[3:]
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
    if problems:
        print("FAIL: " + "; ".join(problems))
        return 1
    print("ok: %d log rows, %d cells, %d expected texts found, nothing active"
          % (report.log_rows, len(report.cells), len(expected)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
