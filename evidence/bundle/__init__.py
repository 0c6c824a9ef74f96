"""The evidence bundle: what goes in it, how it is written, how it is checked."""
