package org.mucregistration.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xmpp.packet.PacketError;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mucregistration.protocol.RoomAffiliation.admin;
import static org.mucregistration.protocol.RoomAffiliation.member;
import static org.mucregistration.protocol.RoomAffiliation.none;
import static org.mucregistration.protocol.RoomAffiliation.outcast;
import static org.mucregistration.protocol.RoomAffiliation.owner;

/** Who may change whose affiliation (XEP-0045 §9, §10). */
class AffiliationRulesTest {

    private static void allowed(RoomAffiliation actor, RoomAffiliation current, RoomAffiliation wanted) {
        final Optional<Refusal> r = AffiliationRules.mayChange(actor, current, wanted, false);
        assertTrue(r.isEmpty(), () -> actor + " " + current + "->" + wanted + ": " + r);
    }

    private static void refused(RoomAffiliation actor, RoomAffiliation current, RoomAffiliation wanted, boolean self,
                                PacketError.Condition condition, PacketError.Type type) {
        final Refusal r = AffiliationRules.mayChange(actor, current, wanted, self).orElseThrow(
            () -> new AssertionError(actor + " " + current + "->" + wanted + " allowed"));
        assertEquals(condition, r.condition(), actor + " " + current + "->" + wanted);
        assertEquals(type, r.type(), actor + " " + current + "->" + wanted);
    }

    @ParameterizedTest
    @EnumSource(RoomAffiliation.class)
    void ownersMayDoAnything(RoomAffiliation current) {
        for (RoomAffiliation wanted : RoomAffiliation.values()) {
            allowed(owner, current, wanted);
        }
    }

    @Test
    void ownersCannotBanThemselvesButMaySetTheirOwnAffiliation() {
        refused(owner, owner, outcast, true, PacketError.Condition.conflict, PacketError.Type.cancel);
        assertTrue(AffiliationRules.mayChange(owner, owner, owner, true).isEmpty(), "Prosody #1273");
    }

    @Test
    void adminsCannotBanThemselvesEither() {
        // XEP-0045 §9.1, and Openfire alone answers so too (XMPP Interop Testing: mucTestAdminCannotBanSelf).
        refused(admin, admin, outcast, true, PacketError.Condition.conflict, PacketError.Type.cancel);
    }

    @Test
    void adminsManageMembersAndOutcasts() {
        for (RoomAffiliation current : new RoomAffiliation[]{member, none, outcast}) {
            for (RoomAffiliation wanted : new RoomAffiliation[]{member, none, outcast}) {
                allowed(admin, current, wanted);
            }
        }
    }

    @Test
    void adminsDoNotTouchOwnersOrAdmins() {
        for (RoomAffiliation current : new RoomAffiliation[]{owner, admin}) {
            refused(admin, current, member, false, PacketError.Condition.forbidden, PacketError.Type.auth);
            refused(admin, current, none, false, PacketError.Condition.forbidden, PacketError.Type.auth);
            refused(admin, current, owner, false, PacketError.Condition.forbidden, PacketError.Type.auth);
            refused(admin, current, admin, false, PacketError.Condition.forbidden, PacketError.Type.auth);
            refused(admin, current, outcast, false, PacketError.Condition.not_allowed, PacketError.Type.cancel);
        }
    }

    @Test
    void adminsDoNotGrantOwnerOrAdmin() {
        for (RoomAffiliation current : new RoomAffiliation[]{member, none, outcast}) {
            refused(admin, current, owner, false, PacketError.Condition.forbidden, PacketError.Type.auth);
            refused(admin, current, admin, false, PacketError.Condition.forbidden, PacketError.Type.auth);
        }
    }

    @ParameterizedTest
    @EnumSource(value = RoomAffiliation.class, names = {"member", "none", "outcast"})
    void othersMayNotChangeAnything(RoomAffiliation actor) {
        for (RoomAffiliation current : RoomAffiliation.values()) {
            for (RoomAffiliation wanted : RoomAffiliation.values()) {
                refused(actor, current, wanted, false, PacketError.Condition.forbidden, PacketError.Type.auth);
            }
        }
        refused(actor, actor, actor, true, PacketError.Condition.forbidden, PacketError.Type.auth);
    }
}
