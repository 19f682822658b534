"""cada: track French freedom-of-information requests (demandes CADA).

This module must stay import-free: `cada --version` reads __version__ from it.
"""

__version__ = "0.1.0"
