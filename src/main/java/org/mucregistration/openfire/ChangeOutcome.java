package org.mucregistration.openfire;

import org.mucregistration.protocol.Refusal;
import org.mucregistration.protocol.RoomAffiliation;
import org.xmpp.packet.JID;

import java.util.List;
import java.util.Optional;

/**
 * What a change of a room ({@link RoomChanges}) did, or why it was refused: then nothing at all changed. The XMPP
 * handlers answer with {@link #refusal()} or a result; the admin page words the same outcome for the admin.
 *
 * @param cause   why the change was refused; null when it was made
 * @param refusal the XMPP error for a refusal; null when made
 * @param holder  for {@link Cause#NICKNAME_TAKEN}: who holds the nickname (a bare JID), if known
 * @param effects what changed, one per user, in the order asked
 */
public record ChangeOutcome(Cause cause, Refusal refusal, String holder, List<Effect> effects) {

    /** Why a change was refused. */
    public enum Cause {
        /** The nickname is reserved by, or in use by an occupant of, another user. */
        NICKNAME_TAKEN,
        /** PRECIS or the server's address preparation refuses the nickname. */
        NICKNAME_INVALID,
        /** The rules of XEP-0045 (who may change whose affiliation, a room that must keep an owner ...). */
        NOT_PERMITTED,
        /** A JID or nickname longer than the database in use stores (its columns): a refusal, not a failure. */
        TOO_LONG,
        /** The reservations could not be read or written (the database): try again later. */
        STORAGE_UNAVAILABLE,
        /** Openfire refused it where the plugin could not tell beforehand (nothing of the plugin's was kept). */
        OPENFIRE_REFUSED
    }

    /**
     * What changed for one user.
     *
     * @param nickBefore       the reserved nickname before; null when none
     * @param nickAfter        the reserved nickname after; null when none
     * @param occupantsRemoved occupants removed from the room because of it (others using the nickname; the user's
     *                         own under another nickname in a locked-down room), by nickname
     */
    public record Effect(JID user, RoomAffiliation before, RoomAffiliation after, String nickBefore, String nickAfter,
                         List<String> occupantsRemoved) {
        public boolean affiliationChanged() {
            return before != after;
        }

        public boolean nicknameChanged() {
            return nickBefore == null ? nickAfter != null : !nickBefore.equals(nickAfter);
        }
    }

    static ChangeOutcome made(List<Effect> effects) {
        return new ChangeOutcome(null, null, null, List.copyOf(effects));
    }

    static ChangeOutcome refused(Cause cause, Refusal refusal) {
        return new ChangeOutcome(cause, refusal, null, List.of());
    }

    static ChangeOutcome taken(Refusal refusal, String holder) {
        return new ChangeOutcome(Cause.NICKNAME_TAKEN, refusal, holder, List.of());
    }

    public boolean isRefused() {
        return cause != null;
    }

    /** The error to answer a request with; empty when the change was made. */
    public Optional<Refusal> asRefusal() {
        return Optional.ofNullable(refusal);
    }
}
