"""Realistic plans of the family for regions that have none here, derived from the real ones.

Each generated plan is the Shanghai or the Jiangsu plan (graph_data/sources/) rewritten for another
real region of the GB/T 2260 table (scripts/regions.py): its names in title, issuers and text, a
document number and an issue date of its own; indicator values perturbed and a row or two dropped;
a numbered task and sometimes a whole section dropped, tasks reordered, wording changed; about one in
three names places of other regions, as real plans do (the Yangtze delta demonstration zone, a
neighbouring province's new towns or street); and the whole rendered in one of the renderings the
parser accepts (tests/parser/renderings.py). The same seed gives the same plans. The other 28
provinces come first, then prefecture-level cities.

    python benchmarks/generate.py 30 --out /tmp/plans --with-real   # then: planlink build --sources /tmp/plans
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planlink.scripts.regions import CITIES, PROVINCES, Region  # noqa: E402
from tests.parser.renderings import RENDERINGS  # noqa: E402

SOURCES = ROOT / "graph_data" / "sources"
REAL = {"shanghai", "jiangsu"}
# template file → (full name, short name, document-number prefix): what names the template's region
TEMPLATES = {"shanghai.txt": ("上海市", "上海", "沪民社建发"), "jiangsu.txt": ("江苏省", "江苏", "苏政办发")}
NUMERALS = "一二三四五六七八九十"
CHAPTER = re.compile(r"^(?:#+ )?(?:\*\*)?[一二三四五六七八九十]+、")
SECTION = re.compile(r"^((?:#+ )?(?:\*\*)?[（(])([一二三四五六七八九十]+)([）)])")
ITEM = re.compile(r"^(\d{1,2})([.．、] ?)(?=\D)")
BOX = re.compile(r"^(?:#+ )?(?:\*\*)?(?:专栏|表\d)")
DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
# sentences naming places of other regions, as real plans do: a zone that spans three provinces, new
# towns of Shanghai (嘉定新城, 南汇新城 in 浦东新区), a street of Nanjing (graph_data/links/places.csv)
OTHER_REGIONS = ("积极参与长三角生态绿色一体化发展示范区社区服务共建共享。",
                 "学习借鉴嘉定、松江、南汇等三个新城“未来社区”建设经验。",
                 "推广南京市仙林街道新时代“枫桥经验”城市版做法。")
# wording a drafting office might choose instead (applied to prose, never to headers or tables)
REWORDINGS = {"加强": "强化", "推进": "推动", "完善": "健全", "提升": "提高", "鼓励": "支持", "积极": "主动",
              "进一步": "持续", "深化": "深入推进", "构建": "建立", "促进": "推动"}


@dataclass
class Generated:
    name: str       # file name, e.g. "hebei.txt"
    text: str
    region: Region
    template: str   # the real plan it was derived from
    rendering: str


def targets() -> list[Region]:
    """The regions plans are generated for, in order: provinces without a real plan, then cities."""
    return [p for p in PROVINCES if p.id not in REAL] + list(CITIES)


def generate(n: int, seed: int = 0) -> list[Generated]:
    regions = targets()
    if n > len(regions):
        raise ValueError(f"at most {len(regions)} plans can be generated (one per region), not {n}")
    texts = {name: (SOURCES / name).read_text(encoding="utf-8") for name in TEMPLATES}
    result = []
    for i, region in enumerate(regions[:n]):
        rng = random.Random(f"{seed}:{region.code}")
        template = sorted(TEMPLATES)[rng.randrange(len(TEMPLATES))]
        first = rng.randrange(len(RENDERINGS))
        text = derive(texts[template], TEMPLATES[template], region, rng)
        rendering, rendered = _render(text, first)
        result.append(Generated(f"{region.id}.txt", rendered, region, template, rendering))
    return result


def _render(text: str, first: int) -> tuple[str, str]:
    """The first of the renderings, from the drawn one on, in which the plan still parses whole (a
    one-line 专栏 swallows a **bold** chapter heading that follows it when a dropped section leaves
    the box last in its chapter)."""
    from planlink.scripts.errors import InputError
    from planlink.scripts.extract import extract_text

    names = sorted(RENDERINGS)
    for k in range(len(names)):
        name = names[(first + k) % len(names)]
        rendered = RENDERINGS[name](text)
        try:
            extract_text(rendered)
        except InputError:
            continue
        return name, rendered
    raise ValueError("no rendering of the generated plan parses")


def derive(text: str, names: tuple[str, str, str], region: Region, rng: random.Random) -> str:
    full, short, doc_prefix = names
    year = rng.choice([2021, 2022, 2022, 2023])
    doc_number = f"{region.short[0]}{doc_prefix[1:]}〔{year}〕{rng.randint(1, 120)}号"
    text = re.sub(re.escape(doc_prefix) + r"〔\d{4}〕\d+号", doc_number, text)
    text = text.replace(full, region.name).replace(short, region.short)
    text = _local_places(text, TEMPLATE_CODES[full], region)
    lines = text.split("\n")
    lines = [_date(line, year, rng) for line in lines]
    lines = _tables(lines, rng)
    lines = _items(lines, rng)
    lines = _drop_a_section(lines, rng)
    lines = [_reword(line, rng) for line in lines]
    lines = _other_regions(lines, rng)
    return "\n".join(lines)


TEMPLATE_CODES = {"上海市": "310000", "江苏省": "320000"}
KIND = re.compile(r"(?:新区|区|县|市)$")


def _divisions(prefix: str) -> list[tuple[str, str]]:
    """(full name, short name) of the GB/T 2260 divisions under a code prefix (below its own level)."""
    from planlink.scripts.places import gb2260

    _, table = gb2260()
    level = {2: "0000", 4: "00"}[len(prefix)]
    found = []
    for code, name in sorted(table.items()):
        if code.startswith(prefix) and not code.endswith(level) and name not in ("市辖区", "县"):
            prefecture = table.get(code[:4] + "00")
            if len(prefix) == 2 and not code.endswith("00") and prefecture not in (None, "市辖区", "县"):
                continue  # a province's prefectures, not their counties (a municipality's districts, yes)
            found.append((name, KIND.sub("", name) if len(KIND.sub("", name)) >= 2 else name))
    return found


def _local_places(text: str, template_code: str, region: Region) -> str:
    """The template's own districts and cities (嘉定, 苏州…) replaced by the region's (its prefectures,
    a municipality's districts, a city's counties), so a plan names only places of its own region."""
    own = _divisions(region.code[:2] if region.level == "provincial" else region.code[:4])
    own = own or _divisions(region.code[:2])  # a city without districts (儋州): its province's cities
    if not own:
        return text
    theirs = _divisions(template_code[:2]) + [("南汇区", "南汇")]  # 南汇: a district until 2009, still named
    mapping: dict[str, str] = {}
    for full, short in theirs:
        for name in (full, short):
            if name in text and name not in mapping and name not in region.name:  # the region's own name stays
                pick = own[len(mapping) % len(own)]
                mapping[name] = pick[0] if name == full else pick[1]
    for name in sorted(mapping, key=len, reverse=True):
        text = text.replace(name, mapping[name])
    return text


def _date(line: str, year: int, rng: random.Random) -> str:
    m = DATE.match(line.strip().strip("*"))
    return f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日" if m else line


def _perturb(cell: str, rng: random.Random) -> str:
    """A number in an indicator cell moved by up to ±15 % (percentages stay ≤ 100), text kept."""
    def moved(m: re.Match) -> str:
        value = float(m.group(0))
        new = value * rng.uniform(0.85, 1.15)
        if "%" in cell and value <= 100:
            new = min(new, 100.0)
        return f"{new:.1f}" if "." in m.group(0) else str(max(1, round(new)))
    return re.sub(r"\d+(?:\.\d+)?", moved, cell, count=1)


def _tables(lines: list[str], rng: random.Random) -> list[str]:
    """Indicator rows (tab-separated, numbered): values perturbed, one row in six dropped, renumbered."""
    out, number = [], 0
    for line in lines:
        cells = line.split("\t")
        if len(cells) < 4 or not cells[0].strip().isdigit():
            number = 0 if "\t" not in line else number
            out.append(line)
            continue
        if number >= 4 and rng.random() < 1 / 6:
            continue
        number += 1
        year_columns = {i for i, c in enumerate(cells) if re.fullmatch(r"\d{4}", c.strip())}
        cells = [cells[0].replace(cells[0].strip(), str(number))] + [
            c if i in year_columns or rng.random() < 0.5 else _perturb(c, rng)
            for i, c in enumerate(cells[1:], 1)]
        out.append("\t".join(cells))
    return out


def _runs(lines: list[str]) -> list[list[int]]:
    """Line indexes of each run of numbered items between two headers."""
    runs, current = [], []
    for i, line in enumerate(lines):
        if ITEM.match(line.strip()):
            current.append(i)
        elif CHAPTER.match(line.strip()) or SECTION.match(line.strip()) or BOX.match(line.strip()):
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _items(lines: list[str], rng: random.Random) -> list[str]:
    """In some runs of numbered tasks: two tasks swap places, or one (of three or more) is dropped;
    the numbers stay 1, 2, 3… in order."""
    lines = list(lines)
    drop = set()
    for run in _runs(lines):
        bodies = [ITEM.sub("", lines[i].strip()) for i in run]
        if len(run) >= 2 and rng.random() < 0.3:
            a = rng.randrange(len(run) - 1)
            bodies[a], bodies[a + 1] = bodies[a + 1], bodies[a]
        if len(run) >= 3 and rng.random() < 0.3:
            gone = rng.randrange(len(run))
            drop.add(run[gone])
            del bodies[gone]
            run = run[:gone] + run[gone + 1:]
        for number, (i, body) in enumerate(zip(run, bodies), 1):
            sep = ITEM.match(lines[i].strip()).group(2)
            lines[i] = f"{number}{sep}{body}"
    return [line for i, line in enumerate(lines) if i not in drop]


def _drop_a_section(lines: list[str], rng: random.Random) -> list[str]:
    """Half the time, one section (（二）…) of a middle chapter goes, when it holds no table or 专栏;
    the sections after it in its chapter are renumbered."""
    chapters = [i for i, line in enumerate(lines) if CHAPTER.match(line.strip())]
    if len(chapters) < 4 or rng.random() < 0.5:
        return lines
    c = rng.randrange(2, len(chapters) - 1)
    start, end = chapters[c], chapters[c + 1]
    heads = [i for i in range(start, end) if SECTION.match(lines[i].strip())]
    candidates = []
    for k, head in enumerate(heads[1:], 1):
        stop = heads[k + 1] if k + 1 < len(heads) else end
        if not any(BOX.match(lines[j].strip()) or "\t" in lines[j] for j in range(head, stop)):
            candidates.append((head, stop))
    if not candidates:
        return lines
    head, stop = rng.choice(candidates)
    kept = lines[:head] + lines[stop:]
    number = 0
    for i in range(start, end - (stop - head)):
        if SECTION.match(kept[i].strip()):
            number += 1
            kept[i] = SECTION.sub(lambda m: m.group(1) + NUMERALS[number - 1] + m.group(3), kept[i].strip(), count=1)
    return kept


def _other_regions(lines: list[str], rng: random.Random) -> list[str]:
    """About one plan in three: a sentence naming places of other regions, appended to a paragraph of
    a chapter after the first."""
    if rng.random() >= 0.35:
        return lines
    chapters = [i for i, line in enumerate(lines) if CHAPTER.match(line.strip())]
    paragraphs = [i for i in range(chapters[1] if len(chapters) > 1 else 0, len(lines))
                  if lines[i].strip().endswith("。") and "\t" not in lines[i] and len(lines[i].strip()) > 30
                  and not (CHAPTER.match(lines[i].strip()) or SECTION.match(lines[i].strip())
                           or ITEM.match(lines[i].strip()) or BOX.match(lines[i].strip()))]
    if not paragraphs:
        return lines
    lines = list(lines)
    at = rng.choice(paragraphs)
    lines[at] = lines[at].rstrip() + rng.choice(OTHER_REGIONS)
    return lines


def _reword(line: str, rng: random.Random) -> str:
    stripped = line.strip()
    if not stripped or "\t" in line or CHAPTER.match(stripped) or SECTION.match(stripped) or BOX.match(stripped):
        return line
    for word, other in REWORDINGS.items():
        if word in line and rng.random() < 0.3:
            line = line.replace(word, other, 1)
    return line


def write(plans: list[Generated], out: Path, with_real: bool = False) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for plan in plans:
        (out / plan.name).write_text(plan.text, encoding="utf-8")
    if with_real:
        for path in SOURCES.glob("*.txt"):
            shutil.copy(path, out / path.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="how many plans")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--with-real", action="store_true", help="copy the three real plans beside them")
    args = parser.parse_args(argv)
    plans = generate(args.n, args.seed)
    write(plans, args.out, args.with_real)
    for plan in plans:
        print(f"{plan.name:24s} {plan.region.name:12s} from {plan.template:13s} as {plan.rendering}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
