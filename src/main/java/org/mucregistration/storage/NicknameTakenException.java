package org.mucregistration.storage;

/** Thrown when a nickname is already reserved in the room by another user. */
public class NicknameTakenException extends Exception {
    private final String holder;

    public NicknameTakenException(String holder) {
        super("Nickname already reserved by " + holder);
        this.holder = holder;
    }

    /** The bare JID that holds the nickname. */
    public String holder() {
        return holder;
    }
}
