"""NF Z67-147 environment report: every checklist point a program can read, with how it was read."""
