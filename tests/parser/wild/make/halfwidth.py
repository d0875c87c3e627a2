"""<plan>_halfwidth.txt: the reference text, byte for byte, with the full-width
punctuation that has an ASCII counterpart made half-width:
，；：（）！？ -> , ; : ( ) ! ?   and the curly quotes “ ” ‘ ’ -> " '.
Everything else (。、《》〔〕—, blank lines, the reference's own markup and
page-break cuts) is unchanged."""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from blocks import SOURCES  # noqa: E402

TABLE = str.maketrans({
    "，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "！": "!", "？": "?",
    "“": '"', "”": '"', "‘": "'", "’": "'",
})


def render(plan):
    return (SOURCES / f"{plan}.txt").read_text(encoding="utf-8").translate(TABLE)


if __name__ == "__main__":
    out = HERE.parent
    for plan in ("national", "shanghai", "jiangsu"):
        (out / f"{plan}_halfwidth.txt").write_text(render(plan), encoding="utf-8")
