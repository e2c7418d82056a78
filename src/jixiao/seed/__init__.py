"""The seed document: the 2021 goals of a county federation of trade unions (昌黎县总工会),
as published with its department budget, flattened from Word. It ships with jixiao as
the demo's data, so that `jixiao demo` needs nothing outside the package."""

from pathlib import Path

SEED = Path(__file__).with_name("changli-union-2021.txt")
