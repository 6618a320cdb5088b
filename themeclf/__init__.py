"""themeclf: flag safeguarding risk themes in reports on children's social care, paragraph by paragraph."""

__version__ = "0.1.0"
