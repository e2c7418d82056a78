"""jixiao (绩效): performance budgeting for Chinese public budget units."""

__version__ = "0.1.0"
