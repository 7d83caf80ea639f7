"""The data: what an entry, goal, setting and therapist is, and the rules that decide what is valid.

The bottom layer. It imports nothing else from therapylog and does no I/O.
"""
