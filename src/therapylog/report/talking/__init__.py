"""Talking points: each finding as the client can raise it in the session, in their own voice.

- :mod:`.points`: a finding turned into its talking point, said to the therapist the summary is
  for (or about another, by name), and the questions worth asking;
- :mod:`.review`: the same points as the client's private review tells them, and their order;
- :mod:`.therapist_deeds` and :mod:`.my_progress`: one builder per rule, about what the
  therapist did and about how therapy is going for the client;
- :mod:`.point`: the talking point itself and what each builder is given;
- :mod:`.words`: the client's words, kept together so that they can be read and revised.
"""
