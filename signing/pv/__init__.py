"""The procès-verbal: data model, PDF rendering, consistency rules, PAdES signing, validation."""
