"""lc-report helpers: load, validate, summarise and present learning-collaborative data."""

from .dataset import Dataset, load_dataset
from .problems import DatasetError, Problem

__all__ = ["Dataset", "DatasetError", "Problem", "load_dataset"]
__version__ = "0.1.0"
