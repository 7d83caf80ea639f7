"""The journal folder: the only layer that reads and writes files.

It may import ``therapylog.data`` and nothing higher.
"""
