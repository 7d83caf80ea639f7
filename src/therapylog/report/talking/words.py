"""How the client says what happened, in their own voice: the words of the talking points.

Kept apart from the code that builds the points (:mod:`therapylog.report.talking`) so that the
wording can be read and revised in one place. Warm and plain; about what happened, not about
blame.
"""

from __future__ import annotations

from therapylog.data.catalogue import Status

# What the therapist did, as the end of a sentence whose subject is "you" or their name.
# ``{their}`` becomes "your" or "their".
DEEDS: dict[str, str] = {
    "forgot-details": "forgot important details of my life",
    "confused-history": "mixed up my history with someone else's",
    "forgot-last-session": "forgot what we had talked about the time before",
    "distracted": "seemed distracted: the clock, the phone, somewhere else",
    "fell-asleep": "fell asleep while I was talking",
    "self-focus": "talked about {their} own life more than listening to mine",
    "projected": "put {their} own needs or problems onto me",
    "dismissive": "brushed aside something that mattered to me",
    "mislabeled-emotion": "named a feeling I did not have",
    "judgmental": "said something that left me feeling judged",
    "no-accountability": "did not own a mistake",
    "cultural-insensitivity": "missed or dismissed something about my culture or background",
    "inappropriate-disclosure": "shared personal things that were not about helping me",
    "inappropriate-touch": "touched me in a way that was not appropriate",
    "dual-relationship": "mixed therapy with another kind of relationship",
    "romantic-or-sexual": "showed romantic or sexual interest in me",
    "confidentiality-breach": "passed on something I had said in confidence",
    "pushed-technique": "pushed a technique on me without explaining it",
    "ignored-feedback": "went past what I said about what is not working",
    "no-explanation": "did not explain the approach or answer my questions",
    "imposed-goals": "set goals for me without asking me",
    "jargon": "used words I did not understand",
    "defensive": "became defensive when I raised a concern",
    "pressure-to-commit": "pressed me to commit to more treatment",
    "only-one-way": "said {their} way is the only one that works",
    "unrealistic-promises": "promised results that seemed unrealistic",
    "no-check-in": "did not ask whether the work was helping me",
    "asked-secrecy": "asked me to keep things between us",
    "felt-unsafe": "was with me in a session where I felt uncomfortable or unsafe",
    "seemed-unsure": "seemed unsure how to help me",
    "wrong-approach": "used a method that did not fit my problem",
    "forced-confrontation": "pushed me into painful material before I felt safe",
    "no-referral": "did not refer me on when I needed a specialist",
    "billing-error": "made a mistake on my bill",
    "no-crisis-support": "could not be reached when I was in crisis",
    "poor-coordination": "did not coordinate with my other care",
    Status.THERAPIST_NO_SHOW: "did not turn up for an appointment",
    Status.DOUBLE_BOOKED: "double-booked my time and turned me away",
    Status.THERAPIST_CANCELLED: "cancelled a session",
    Status.THERAPIST_RESCHEDULED: "moved a session at short notice",
}

BOUNDARY_ASIDE = (
    "A note for me: I do not owe this therapist a conversation about it, and I can stop seeing "
    "them. I can talk it over with someone I trust or with another professional, and reporting "
    "it to the therapist's licensing board is an option. If I am in danger, I call my local "
    "emergency number."
)
UNSAFE_ASIDE = (
    "A note for me: I can trust that feeling; it is a reason to stop, and I do not have to "
    "raise it in the room. I can talk it over with someone I trust or with another "
    "professional. If I am in danger, I call my local emergency number."
)
SELF_HARM_ASIDE = (
    "A note for me: these thoughts are not a failure of mine or of anyone's. If I am in danger "
    "now, I call my local emergency number. I can call or text 988 (US and Canada), call "
    "Samaritans on 116 123 (UK and Ireland), or find a line at findahelpline.com."
)

#: The heading of each talking point, in the client's own voice: the finding's title speaks to
#: the client ("your last 8 appointments"), and would be misread in a summary the therapist
#: reads. Different from the handout's ``readers.handout_words.TOPICS`` on purpose: the client
#: reads these in the private review; the therapist reads the handout's calmer topics.
HEADINGS: dict[str, str] = {
    "recurring-empathic-failure": "Things that keep happening",
    "rupture-repaired": "A mistake that was put right",
    "therapist-unreliable": "Appointments that did not go ahead as planned",
    "boundary-violation": "Something that crossed a line",
    "felt-unsafe": "Feeling unsafe",
    "early-warning": "Things early on that did not sit right",
    "feeling-worse": "How sessions have been leaving me",
    "goal-stagnation": "My goals have not moved",
    "progress-unrecorded": "Keeping track of my goals",
    "mood-decline": "My mood going into sessions",
    "no-improvement": "Whether this is working for me",
    "reliable-deterioration": "My questionnaire scores have gone up",
    "reliable-improvement": "My questionnaire scores have come down",
    "recovery": "My scores are below the clinical cut-off",
    "alliance-low": "My ratings of our sessions",
    "alliance-dip": "My ratings of our sessions",
    "thoughts-of-self-harm": "Thoughts of self-harm",
}

#: Each alliance scale as the client names it, in their own voice.
SCALE_WORDS: dict[str, str] = {
    "heard": "feeling heard",
    "goals": "working on what I wanted",
    "approach": "the way we work",
    "overall": "the session overall",
}

#: What the client asks for when the finding is about an earlier therapist.
FORMER_THERAPIST_ASK = {
    False: "I'd like you to know about it, because it still shapes how I feel about therapy.",
    True: "It helps me to know what has worked for me before.",
}

GENERAL_QUESTIONS = (
    "How do you think things are going, and what should we focus on next?",
    "Is there anything in this summary that you see differently?",
)
#: The same two for a closing session, with a therapist the client has stopped seeing.
CLOSING_QUESTIONS = (
    "Looking back, what would you suggest I look for in a next therapist?",
    "Is there anything in this summary that you see differently?",
)


#: Questions worth asking, per rule: open, and about what could change.
QUESTIONS: dict[str, tuple[str, ...]] = {
    "recurring-empathic-failure": (
        "How do you keep track of what I tell you from one session to the next?",
        "How would you like me to tell you, in the moment, when something like this happens?",
        "What can we change so that this stops happening?",
    ),
    "therapist-unreliable": (
        "Can we agree on a regular time that you are able to keep?",
        "How much notice can I expect if a session has to move?",
    ),
    "early-warning": (
        "How would you like me to tell you when something in a session does not work for me?",
        "Can you tell me more about how you work, and why you chose this approach for me?",
    ),
    "feeling-worse": (
        "Is feeling worse after sessions expected at this stage, and for how long?",
        "What could we change so that I leave sessions steadier?",
        "Is there support I could have between sessions?",
    ),
    "goal-stagnation": (
        "Are we still working on the goals that matter most to me?",
        "What would progress look like over the next month or so?",
        "Would a different approach help us get unstuck?",
    ),
    "mood-decline": (
        "What do you make of the dip in my mood?",
        "Should we change anything in our plan, or add support between sessions?",
    ),
    "no-improvement": (
        "How will we know whether this is working?",
        "How do you see my progress so far?",
        "What would we do differently if nothing has changed in a month or two?",
    ),
    "reliable-deterioration": (
        "What do you make of the rise in my scores?",
        "Should we change the plan, or bring in other support?",
    ),
    "reliable-improvement": ("What do you think has made the difference?",),
    "recovery": ("How will we know when I am ready to start ending therapy?",),
    "progress-unrecorded": ("How would you describe my progress on my goals so far?",),
    "alliance-dip": ("How do you see our recent sessions?",),
    "thoughts-of-self-harm": (
        "Can we make a plan together for the times when these thoughts come?",
    ),
    "alliance-low": (
        "Could we take a minute at the end of each session to check how it went for me?",
        "Are we working on what I want to work on, in a way that suits me?",
    ),
}
