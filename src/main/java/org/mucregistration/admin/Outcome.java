package org.mucregistration.admin;

import java.util.List;

/** What a form sent to the page did: whether anything changed, and the messages to show. */
public final class Outcome {
    private final boolean changed;
    private final List<Message> messages;

    private Outcome(boolean changed, List<Message> messages) {
        this.changed = changed;
        this.messages = List.copyOf(messages);
    }

    static Outcome changed(Message... messages) {
        return new Outcome(true, List.of(messages));
    }

    static Outcome changed(List<Message> messages) {
        return new Outcome(true, messages);
    }

    static Outcome unchanged(Message... messages) {
        return new Outcome(false, List.of(messages));
    }

    /** Whether the reservation or the affiliation changed (and so was written to the audit log). */
    public boolean isChanged() {
        return changed;
    }

    public List<Message> getMessages() {
        return messages;
    }

    /** Whether the request was refused (invalid input, unknown room, a conflict, ...): nothing changed then. */
    public boolean isRefused() {
        return messages.stream().anyMatch(Message::isError);
    }

    @Override
    public String toString() {
        return (changed ? "changed " : "unchanged ") + messages;
    }
}
