#!/usr/bin/env python3
# report_screens.py - the checks of test_report_screens.sh on a report as
# Chromium lays it out. Standard library only.
#
#   report_screens.py wrap REPORT.html OUT.html
#       Write a test-only copy of the report that measures itself: the
#       Content-Security-Policy line is dropped and a script is appended that
#       finds, for every table cell, the characters on each rendered line
#       (Range.getClientRects() per character, grouped by line top) and every
#       table wider than its section. It writes its findings into
#       <pre id="yosan-check"> which `chromium --dump-dom` prints. The report
#       itself stays script-free; only this copy in the test's temp dir runs.
#   report_screens.py layout DUMPED.dom
#       Print one line per problem found by the script and exit 1 if any:
#       WRAP  a cell broken per character: a line other than its last holds
#             one character, or the cell takes 3 lines or more and one of
#             them (not the last) holds at most two (a 局 name or an action
#             in a column too narrow for it; "増減" over "（円）" is fine);
#       WIDE  a table wider than the page column (cut off when printed).
#       Prints "height N" (the page's height in px) for the screenshot.
#   report_screens.py english DUMPED.dom
#       Print every English sentence in the visible text of a Japanese
#       report and exit 1 if any (see english_runs() for the rule).
import html
import html.parser
import re
import sys

SCRIPT = r"""
<script>
(function () {
  var out = [];
  function lines(el) {
    var res = [], top = null, r = document.createRange();
    var w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), n;
    while ((n = w.nextNode())) {
      var s = n.data;
      for (var i = 0; i < s.length; i++) {
        var code = s.charCodeAt(i);
        if (code >= 0xdc00 && code <= 0xdfff) continue; /* second half of a pair */
        if (/\s/.test(s[i])) continue;
        var end = code >= 0xd800 && code <= 0xdbff ? i + 2 : i + 1;
        r.setStart(n, i); r.setEnd(n, end);
        var rects = r.getClientRects();
        if (!rects.length) continue;
        var t = Math.round(rects[0].top);
        if (top === null || Math.abs(t - top) > 2) { res.push(''); top = t; }
        res[res.length - 1] += s.substring(i, end);
      }
    }
    return res;
  }
  function where(el) {
    var s = el.closest('section');
    return s ? s.id : 'header';
  }
  document.querySelectorAll('td, th').forEach(function (c) {
    var ls = lines(c), shortest = Infinity;
    for (var i = 0; i + 1 < ls.length; i++)
      shortest = Math.min(shortest, Array.from(ls[i]).length);
    if (shortest <= 1 || (ls.length >= 3 && shortest <= 2))
      out.push('WRAP ' + where(c) + ' ' + c.tagName + ' ' + JSON.stringify(ls));
  });
  document.querySelectorAll('table').forEach(function (t) {
    var tw = t.getBoundingClientRect().width, pw = t.parentElement.getBoundingClientRect().width;
    if (tw > pw + 1) out.push('WIDE ' + where(t) + ' table ' + Math.round(tw) + 'px in ' +
                              Math.round(pw) + 'px');
  });
  out.push('height ' + document.documentElement.scrollHeight);
  var pre = document.createElement('pre');
  pre.id = 'yosan-check';
  pre.textContent = out.join('\n');
  document.body.appendChild(pre);
})();
</script>
"""


def wrap(src, dst):
    text = open(src, encoding="utf-8").read()
    text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?', "", text)
    if "</body>" not in text:
        sys.exit("no </body> in " + src)
    text = text.replace("</body>", SCRIPT + "</body>")
    open(dst, "w", encoding="utf-8").write(text)


def layout(dom):
    text = open(dom, encoding="utf-8").read()
    m = re.search(r'<pre id="yosan-check">(.*?)</pre>', text, re.S)
    if not m:
        print("no measurement in the dumped DOM (the script did not run)")
        return 1
    bad = 0
    for line in html.unescape(m.group(1)).splitlines():
        print(line)
        bad += not line.startswith("height ")
    return 1 if bad else 0


class Visible(html.parser.HTMLParser):
    """Text nodes people see: not <head>, <style>, <script>, <title> (SVG's
    title is a tooltip), nor the test's own <pre id="yosan-check">.
    Attributes (title="..." tooltips with full ARM ids) are not text."""

    HIDDEN = {"head", "style", "script", "title", "pre"}

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.texts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth == 0 and data.strip():
            self.texts.append(data.strip())


# The rule for "an English sentence" in a Japanese report:
#  1. Tokens that are not prose are removed first (each becomes a break
#     between words): anything with a digit, '_', '/', '.', '@' or ':' inside
#     (ARM ids, URLs, SKUs such as Standard_D4s_v5, disk tiers P30/E30,
#     series such as Dsv5/Dasv5, dates, amounts, percentages), command lines
#     (`yosan schedule`, `--cost amortized`: a word after "yosan" or after an
#     option), and words in capitals or capitalised (CPU, IOPS, VM, JST, JPY,
#     and product and service names as Microsoft bills and documents them:
#     "Virtual Machines", "Azure Advisor", "Premium SSD", "SQL Server", place
#     names of Azure regions such as "Virginia").
#  2. What is left are lower-case English words. A run of two or more of them
#     separated by spaces, with or without ASCII punctuation (no Japanese
#     between), is
#     an English sentence or phrase ("retirement announced", "idle outside
#     the window"): that fails. A lone lower-case word between Japanese text
#     (a region id such as "eastus", a model name such as "ets") does not,
#     nor does a kebab-case name with no space in it: that is a resource's
#     name as the user gave it in Azure (asp-shimin-juki, sqldb-kenko-kansen),
#     user data like the department names, never a sentence of ours.
#  User-typed data are not ours to translate: the test's scenario and
#  department names are Japanese, so they need no exclusion.
NOT_PROSE = re.compile(r"\S*[0-9_/.@:+]\S*")
CMDLINE = re.compile(r"\byosan(\s+[a-z-]+)+|--[a-z-]+(\s+[a-z-]+)?")
CAPITALISED = re.compile(r"\b[A-Z][A-Za-z-]*\b")
RUN = re.compile(r"[a-z][a-z'-]+(?:[,;()\"&+-]*[ \t]+[ \t,;()\"&+-]*[a-z][a-z'-]+)+")


def english_runs(text):
    t = CMDLINE.sub(" | ", text)
    t = NOT_PROSE.sub(" | ", t)
    t = CAPITALISED.sub(" | ", t)
    return [m.group(0) for m in RUN.finditer(t)]


def english(dom):
    p = Visible()
    p.feed(open(dom, encoding="utf-8").read())
    bad = 0
    for text in p.texts:
        runs = english_runs(text)
        if runs:
            bad += 1
            print("ENGLISH %r in %r" % (runs, text[:160]))
    return 1 if bad else 0


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "wrap":
        wrap(sys.argv[2], sys.argv[3])
        return 0
    if len(sys.argv) == 3 and sys.argv[1] == "layout":
        return layout(sys.argv[2])
    if len(sys.argv) == 3 and sys.argv[1] == "english":
        return english(sys.argv[2])
    sys.exit(__doc__ if __doc__ else "usage: report_screens.py wrap|layout|english ...")


if __name__ == "__main__":
    sys.exit(main())
