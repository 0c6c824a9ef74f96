"""The recording browser's Qt-free half: the CDP recorder, WARC/WACZ writers, navigation log."""
