"""Clean text → the plan's outline: front matter, numbered parts, 专栏 boxes, tables, glossary.

The numbering decides the level (一、 chapter, （一） section, 1. numbered task),
never markdown or layout. One pass over the lines, one open element at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planlink.scripts.normalise import BOX, CHAPTER, FIGURE, ITEM, SECTION, TABLE_CAPTION

CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
END_MATTER = re.compile(r"^(?:抄送|[^，。\s]{2,24}?(?:\d{4}-\d{1,2}-\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)(?:印发)?$)")
GLOSSARY = re.compile(r"^名词解释[：:]?$")
# A signature over two lines (国务院办公厅 / 2021-12-27), as a Word export writes it: end matter too.
SIGNATORY = re.compile(r"^[^，。、\s]{2,24}?(?:办公厅|委员会|局|厅|部|委|政府)$")
DATE_LINE = re.compile(r"^(?:\d{4}-\d{1,2}-\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)$")


def chinese_number(s: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 三十 → 30."""
    if "十" not in s:
        return CN_DIGITS[s]
    tens, _, units = s.partition("十")
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[units] if units else 0)


@dataclass
class Line:
    text: str
    start: int  # offsets into the clean text
    end: int


@dataclass
class Node:
    kind: str            # chapter | section | task | box | item | glossary_entry
    number: int
    printed: str         # the numbering as printed, e.g. "（一）", "1."
    title: str
    head: Line
    body: list[Line] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    tables: list["Table"] = field(default_factory=list)
    figures: list[Line] = field(default_factory=list)
    parent: "Node | None" = None

    @property
    def end(self) -> int:
        last = self.head.end
        for line in self.body:
            last = max(last, line.end)
        for child in self.children:
            last = max(last, child.end)
        for table in self.tables:
            last = max(last, table.rows[-1].end if table.rows else table.header.end)
        return last

    def text(self) -> str:
        """The body: its paragraphs, one per line."""
        return "\n".join(line.text for line in self.body)


@dataclass
class Table:
    caption: str
    header: Line
    rows: list[Line] = field(default_factory=list)


@dataclass
class Outline:
    front: list[Line]
    title: Line | None
    preamble: list[Line]
    chapters: list[Node]
    boxes: list[Node]
    glossary: list[Node]
    end_matter: list[Line]
    # table rows before the first chapter, either side of the title: a portal's metadata table
    # (文件编号 | 沪民社建发〔2022〕3号 | 发布机构 | …)
    metadata: list[Line] = field(default_factory=list)


def split_title(rest: str) -> tuple[str, str]:
    """`健全党建引领机制。压实…` → (title, body); a heading without a full stop is all title."""
    title, sep, body = rest.partition("。")
    if not sep:
        return rest.strip(), ""
    return title.strip(), body.strip()


def with_inline_body(node: Node, rest: str) -> Node:
    """A heading line that goes on after its title (`1. 标题。正文…`): the rest is the first paragraph."""
    if rest:
        node.body.append(Line(rest, node.head.end - len(rest), node.head.end))
    return node


def lines_of(text: str) -> list[Line]:
    out, offset = [], 0
    for raw in text.split("\n"):
        if raw.strip():
            out.append(Line(raw, offset, offset + len(raw)))
        offset += len(raw) + 1
    return out


def is_plan_title(line: str) -> bool:
    return (re.search(r"规划(?:[（(][^）)]*[）)])?$", line) is not None and len(line) <= 40 and not re.search(r"关于|通知|印发|《|》|。|，", line)
            and not CHAPTER.match(line))


def build_outline(text: str) -> Outline:
    lines = lines_of(text)
    # The plan's title is the last title line before the first chapter: a portal heads the page with
    # the notice's name for the plan (…“十四五”规划 ( 2022-10-11 )) and prints the plan's own title below.
    first_chapter = next((i for i, l in enumerate(lines) if CHAPTER.match(l.text)), len(lines))
    titles = [i for i, l in enumerate(lines[:first_chapter]) if is_plan_title(l.text)]
    title_index = titles[-1] if titles else next((i for i, l in enumerate(lines) if is_plan_title(l.text)), None)
    front = lines[:title_index] if title_index is not None else lines
    plan_title = lines[title_index] if title_index is not None else None
    body = lines[title_index + 1:] if title_index is not None else []

    preamble: list[Line] = []
    chapters: list[Node] = []
    boxes: list[Node] = []
    glossary: list[Node] = []
    end_matter: list[Line] = []
    metadata = [line for line in front if "\t" in line.text]
    chapter = section = task = box = None
    table: Table | None = None
    caption = ""
    in_glossary = False

    def container() -> Node | None:
        return task or section or chapter

    for index, line in enumerate(body):
        s = line.text
        if END_MATTER.match(s) or (SIGNATORY.match(s) and index + 1 < len(body) and DATE_LINE.match(body[index + 1].text)):
            end_matter = body[index:]
            break
        if "\t" in s and chapter is None and box is None:
            metadata.append(line)
            continue
        if "\t" in s:
            if table is None:
                table = Table(caption or (box.title if box else ""), line)
                owner = box or section or chapter
                if owner is not None:
                    owner.tables.append(table)
            else:
                table.rows.append(line)
            continue
        table = None
        if TABLE_CAPTION.match(s):
            caption = s
            continue
        caption = ""
        if GLOSSARY.match(s):
            in_glossary, box, task = True, None, None
            continue
        if m := CHAPTER.match(s):
            title, rest = split_title(m.group(2))
            chapter = with_inline_body(
                Node("chapter", chinese_number(m.group(1)), m.group(1) + "、", title, line), rest)
            chapters.append(chapter)
            section = task = box = None
            in_glossary = False
            continue
        if (m := SECTION.match(s)) and chapter is not None:
            title, rest = split_title(m.group(2))
            section = with_inline_body(
                Node("section", chinese_number(m.group(1)), f"（{m.group(1)}）", title, line, parent=chapter), rest)
            chapter.children.append(section)
            task = box = None
            in_glossary = False
            continue
        if m := BOX.match(s):
            box = Node("box", int(m.group(1)), f"专栏{m.group(1)}", m.group(2).strip("：: "), line,
                       parent=section or chapter)
            boxes.append(box)
            task = None
            continue
        if m := ITEM.match(s):
            number = int(m.group(1))
            title, rest = split_title(m.group(2))
            if in_glossary:
                entry = with_inline_body(Node("glossary_entry", number, f"{number}.", title, line), rest)
                glossary.append(entry)
                continue
            if box is not None and number == len(box.children) + 1:
                item = with_inline_body(Node("item", number, f"{number}.", title, line, parent=box), rest)
                box.children.append(item)
                continue
            box = None
            if section is not None:
                task = with_inline_body(Node("task", number, f"{number}.", title, line, parent=section), rest)
                section.children.append(task)
                continue
        if m := FIGURE.match(s):
            (section or chapter or Node("chapter", 0, "", "", line)).figures.append(line)
            continue
        # A paragraph: it continues whatever element is open.
        if in_glossary and glossary:
            glossary[-1].body.append(line)
        elif box is not None:
            (box.children[-1] if box.children else box).body.append(line)
        elif container() is not None:
            container().body.append(line)
        else:
            preamble.append(line)
    return Outline(front, plan_title, preamble, chapters, boxes, glossary, end_matter, metadata)


def walk_nodes(chapters: list[Node]):
    for chapter in chapters:
        yield chapter
        for section in chapter.children:
            yield section
            yield from section.children


def own_lines(node: Node) -> list[Line]:
    """The heading line and the paragraphs of a node, the heading's inline body counted once."""
    return [node.head] + [line for line in node.body if line.end != node.head.end]
