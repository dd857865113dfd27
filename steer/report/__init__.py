"""Reports over run directories: the paper's tables (rich, Markdown, CSV, datasets) and plots."""

from steer.report.tables import Row, load_records, normalized_average, summarize, summary_table

__all__ = ["Row", "load_records", "normalized_average", "summarize", "summary_table"]
