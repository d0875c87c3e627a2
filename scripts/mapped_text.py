"""Text with, for each character, its offset in the verbatim source: every normalisation keeps it, so
what is extracted from the clean text is located in the file it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable


@dataclass
class MappedText:
    """Text plus, for each character, its offset in the verbatim source (one extra entry for the end)."""

    text: str
    pos: list[int]

    @classmethod
    def verbatim(cls, text: str) -> "MappedText":
        return cls(text, list(range(len(text) + 1)))

    def sub(self, pattern: str, repl: str | Callable[[re.Match], str], flags: int = 0) -> "MappedText":
        """re.sub that keeps the offsets: same-length replacements map 1:1, others spread over the match."""
        out, pos, last = [], [], 0
        for m in re.finditer(pattern, self.text, flags):
            out.append(self.text[last:m.start()])
            pos.extend(self.pos[last:m.start()])
            r = repl(m) if callable(repl) else m.expand(repl)
            out.append(r)
            span = m.end() - m.start()
            if len(r) == span:
                pos.extend(self.pos[m.start():m.end()])
            elif r:  # spread the replacement over the match, its last char on the match's last
                pos.extend(self.pos[m.start() + i * span // len(r)] for i in range(len(r) - 1))
                pos.append(self.pos[max(m.start(), m.end() - 1)])
            last = m.end()
        out.append(self.text[last:])
        pos.extend(self.pos[last:])
        return MappedText("".join(out), pos)

    def splice(self, edits: list[tuple[int, int, "MappedText"]]) -> "MappedText":
        """Each (start, end, replacement) put in place of text[start:end]; the replacements carry their
        own offsets (pieces of this text, rearranged: scripts/layout.py). Edits do not overlap."""
        out, pos, last = [], [], 0
        for start, end, new in sorted(edits, key=lambda e: e[0]):
            out += [self.text[last:start], new.text]
            pos += self.pos[last:start] + new.pos[:len(new.text)]
            last = end
        out.append(self.text[last:])
        pos += self.pos[last:]
        return MappedText("".join(out), pos)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The verbatim offsets of clean text[start:end]."""
        if end <= start:
            return self.pos[start], self.pos[start]
        return self.pos[start], self.pos[end - 1] + 1
