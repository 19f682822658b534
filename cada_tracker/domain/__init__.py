"""Pure domain types and the request state machine.

No database, no clock, no printing, no heavy imports: everything here is plain data and
functions over it, shared by the storage layer (which builds these objects from rows), the
deadline engine (`cada_tracker.law`) and the renderers.

- `vocabulary`: channels, event kinds, outcomes, states, deadline kinds, actors, confidence
  levels (the words, defined once, as StrEnums; the old tuples and sets derive from them);
- `model`: Event, RequestFacts, Deadline, Step, NextAction, Timeline (what the law reads/writes);
- `state`: the transitions and the derived state of a request;
- `records`: what the storage layer loads (RequestView, ...).

The state of a request is *derived* from its recorded events (and, for the two implicit
decisions, from today's date and the deadlines the engine computes); it is never stored.
"""

from cada_tracker.domain.model import Deadline, Event, NextAction, RequestFacts, Step, Timeline
from cada_tracker.domain.records import RequestView
from cada_tracker.domain.state import (
    ANY_OPEN,
    BEFORE_REFERRAL,
    CADA_PHASE,
    TRANSITIONS,
    Transition,
    TransitionError,
    apply_event,
    current_state,
    derive_state,
    ordered,
    transition_for,
    validate_outcome,
)
from cada_tracker.domain.vocabulary import (
    ANSWERING_OUTCOMES,
    CHANNELS,
    CONFIRMING_OUTCOMES,
    EVENT_KINDS,
    FINISHED_STATES,
    OUTCOMES,
    REFUSING_OUTCOMES,
    STATES,
    Actor,
    Channel,
    Confidence,
    DeadlineKind,
    EventKind,
    Outcome,
    State,
)

__all__ = [
    "ANSWERING_OUTCOMES",
    "ANY_OPEN",
    "Actor",
    "BEFORE_REFERRAL",
    "CADA_PHASE",
    "CHANNELS",
    "CONFIRMING_OUTCOMES",
    "Channel",
    "Confidence",
    "Deadline",
    "DeadlineKind",
    "EVENT_KINDS",
    "Event",
    "EventKind",
    "FINISHED_STATES",
    "NextAction",
    "OUTCOMES",
    "Outcome",
    "REFUSING_OUTCOMES",
    "RequestFacts",
    "RequestView",
    "STATES",
    "State",
    "Step",
    "TRANSITIONS",
    "Timeline",
    "Transition",
    "TransitionError",
    "apply_event",
    "current_state",
    "derive_state",
    "ordered",
    "transition_for",
    "validate_outcome",
]
