"""What the text-layout tests share: a real fixture read by one layout, as its grid and paragraphs."""

from jixiao.formats.blocks import Paragraph, Table

from ..conftest import REAL_CORPUS


def reader(module):
    """read(name) → Blocks, grid(name) → the one table's cell texts, paragraphs(name) → their texts."""

    def read(name: str) -> list:
        return module.blocks((REAL_CORPUS / name).read_text("utf-8"))

    def grid(name: str) -> list[list[str]]:
        tables = [b for b in read(name) if isinstance(b, Table)]
        assert len(tables) == 1
        return [[c.text for c in row] for row in tables[0].rows]

    def paragraphs(name: str) -> list[str]:
        return [b.text for b in read(name) if isinstance(b, Paragraph)]

    return read, grid, paragraphs
