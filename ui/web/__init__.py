"""Qt half of the recording browser: the clean profile, the page, the capture session."""
