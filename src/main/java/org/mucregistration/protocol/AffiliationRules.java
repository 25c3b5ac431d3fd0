package org.mucregistration.protocol;

import org.xmpp.packet.PacketError;

import java.util.Optional;

/**
 * Who may change whose affiliation (XEP-0045 §9 and §10): admins and owners manage members and outcasts; only owners
 * grant or revoke owner and admin status; nobody below owner touches an owner or an admin.
 */
public final class AffiliationRules {

    private AffiliationRules() {
    }

    /**
     * Whether the actor may change the target's affiliation from {@code current} to {@code wanted}; empty when allowed.
     *
     * @param self whether the actor changes their own affiliation
     */
    public static Optional<Refusal> mayChange(RoomAffiliation actor, RoomAffiliation current, RoomAffiliation wanted,
                                              boolean self) {
        if (actor != RoomAffiliation.owner && actor != RoomAffiliation.admin) {
            return Optional.of(Refusal.of(PacketError.Condition.forbidden, PacketError.Type.auth));
        }
        if (self && wanted == RoomAffiliation.outcast) {
            // XEP-0045 §9.1: an admin (or owner) who tries to ban themselves gets conflict.
            return Optional.of(Refusal.conflict("You cannot ban yourself"));
        }
        if (actor == RoomAffiliation.owner) {
            return Optional.empty();
        }
        // The actor is an admin.
        if (current == RoomAffiliation.owner || current == RoomAffiliation.admin) {
            return Optional.of(wanted == RoomAffiliation.outcast
                ? Refusal.of(PacketError.Condition.not_allowed, PacketError.Type.cancel)
                : Refusal.of(PacketError.Condition.forbidden, PacketError.Type.auth));
        }
        if (wanted == RoomAffiliation.owner || wanted == RoomAffiliation.admin) {
            return Optional.of(Refusal.of(PacketError.Condition.forbidden, PacketError.Type.auth));
        }
        return Optional.empty();
    }
}
