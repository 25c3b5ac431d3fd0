package org.mucregistration.openfire;

import org.jivesoftware.openfire.muc.CannotBeInvitedException;
import org.jivesoftware.openfire.muc.ConflictException;
import org.jivesoftware.openfire.muc.ForbiddenException;
import org.jivesoftware.openfire.muc.NotAllowedException;
import org.mucregistration.protocol.Refusal;
import org.xmpp.packet.PacketError;

/** The one mapping of Openfire's refusals and of storage failures to XMPP errors. */
public final class Refusals {
    /** Why Openfire refuses a change that would leave a room without owners (its {@code ConflictException}). */
    public static final String LAST_OWNER = "The room must keep at least one owner";

    /** The reservations could not be read or written (the database): nothing changed, try again later. */
    public static final Refusal STORAGE_UNAVAILABLE =
        Refusal.of(PacketError.Condition.internal_server_error, PacketError.Type.wait);

    private Refusals() {
    }

    /** The error for a change Openfire's room refused, as Openfire itself answers it. */
    public static Refusal fromOpenfire(Exception refused) {
        if (refused instanceof ForbiddenException) {
            return Refusal.of(PacketError.Condition.forbidden, PacketError.Type.auth);
        }
        if (refused instanceof ConflictException) {
            return Refusal.conflict(LAST_OWNER);
        }
        if (refused instanceof NotAllowedException) {
            return Refusal.of(PacketError.Condition.not_allowed, PacketError.Type.cancel);
        }
        if (refused instanceof CannotBeInvitedException) {
            return Refusal.of(PacketError.Condition.not_acceptable, PacketError.Type.cancel);
        }
        return Refusal.of(PacketError.Condition.internal_server_error, PacketError.Type.cancel);
    }
}
