"""tingjian (听见): turn a Chinese article into a finished, chaptered audio feature."""

__version__ = "0.2.0"
