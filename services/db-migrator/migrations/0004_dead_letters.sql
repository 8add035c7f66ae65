-- Messages a subscriber's sidecar gave up on and published to the dead-letter topic, stored by task-scheduler's
-- dead-letter subscription. event_id is the original CloudEvent's id, so a redelivered dead letter is a no-op.
-- raw_event is the message as the broker held it (the publisher's CloudEvent JSON); topic, pubsub, type and source are
-- read from it (topic is the original topic: the sidecar forwards the message unchanged) and are NULL when it lacks them.
CREATE TABLE growbin.dead_letters (
    event_id    text        PRIMARY KEY CHECK (char_length(event_id) BETWEEN 1 AND 200),
    topic       text        NULL,
    pubsub      text        NULL,
    type        text        NULL,
    source      text        NULL,
    raw_event   text        NOT NULL,
    received_at timestamptz NOT NULL
);
-- Operators read the newest first.
CREATE INDEX dead_letters_received ON growbin.dead_letters (received_at DESC, event_id DESC);
