"""What report notebooks import: the run context, tables, figures, prose helpers and output writers."""
