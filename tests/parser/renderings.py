"""Other renderings of the shipped plans, generated from the verbatim sources.

The same plans circulate as web-page text: half-width punctuation, pipe or
markdown tables, no markdown marks, a 专栏's items on one line, CRLF line ends,
spaces around numbers. Each function turns a source text into one such rendering.
"""

import re

FULL_TO_HALF = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":", "；": ";"})


def half_width(text: str) -> str:
    """Web-page punctuation: (一), 1.推动…, half-width commas, 〔2022〕3 号."""
    text = text.translate(FULL_TO_HALF)
    text = re.sub(r"(?m)^(\d{1,2})\. (?=\D)", r"\1.", text)
    return re.sub(r"〕(\d+)号", r"〕\1 号", text)


def pipe_tables(text: str) -> str:
    """`1 | 名称 | 约束性 | % | — | ≥10 |` rows instead of tabs."""
    return re.sub(r"(?m)^(.*\t.*)$", lambda m: " | ".join(m.group(1).split("\t")) + " |", text)


def markdown_tables(text: str) -> str:
    """| a | b | rows with a |---| separator after the header."""
    lines, out, in_table = text.split("\n"), [], False
    for line in lines:
        if "\t" in line:
            cells = line.split("\t")
            out.append("| " + " | ".join(cells) + " |")
            if not in_table:
                out.append("|" + "---|" * len(cells))
            in_table = True
        else:
            in_table = False
            out.append(line)
    return "\n".join(out)


def plain_text(text: str) -> str:
    """No markdown: no #, no **, no rules, no bookmarks."""
    text = re.sub(r"\[bookmark:[^\]]*\]", "", text)
    text = re.sub(r"(?m)^#{1,6} ", "", text)
    text = text.replace("**", "")
    return re.sub(r"(?m)^---$", "", text)


def one_line_boxes(text: str) -> str:
    """Each 专栏 with its numbered items run together on one line."""
    lines = text.split("\n")
    out, box = [], None
    for line in lines:
        s = re.sub(r"^#+ ", "", line.strip())
        if s.startswith("专栏"):
            box = [s]
            out.append(None)
            continue
        if box is not None:
            if not s:
                continue
            if re.match(r"^\d{1,2}[.．]", s) or len(box) > 1 and not re.match(r"^(#|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|专栏|表)", s) and "\t" not in s:
                box.append(s)
                continue
            out[out.index(None)] = " ".join(box)
            box = None
        out.append(line)
    if box is not None:
        out[out.index(None)] = " ".join(box)
    return "\n".join(out)


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def spaced_numbers(text: str) -> str:
    """PDF-style spaces between Chinese and numbers: 到 2025 年."""
    return re.sub(r"(?<=[\u4e00-\u9fff])(\d+)(?=[\u4e00-\u9fff])", r" \1 ", text)


RENDERINGS = {
    "half_width": half_width,
    "pipe_tables": pipe_tables,
    "markdown_tables": markdown_tables,
    "plain_text": plain_text,
    "one_line_boxes": one_line_boxes,
    "crlf": crlf,
    "spaced_numbers": spaced_numbers,
    "web_page": lambda t: one_line_boxes(half_width(pipe_tables(plain_text(t)))),
}
