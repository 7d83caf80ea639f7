"""What the commands do, without a terminal: recording an entry, goals, therapists, queries.

The CLI calls these; they may import every layer below them but never ``therapylog.cli``.
"""
