package org.mucregistration.openfire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mucregistration.openfire.MucFixture.JULIET;
import static org.mucregistration.openfire.MucFixture.NURSE;
import static org.mucregistration.openfire.MucFixture.ROMEO;
import static org.mucregistration.openfire.MucFixture.ROSALINE;
import static org.mucregistration.openfire.Stanzas.adminGet;
import static org.mucregistration.openfire.Stanzas.adminSet;
import static org.mucregistration.openfire.Stanzas.assertEmptyResult;
import static org.mucregistration.openfire.Stanzas.assertError;
import static org.mucregistration.openfire.Stanzas.join;
import static org.mucregistration.openfire.Stanzas.registerGet;
import static org.mucregistration.openfire.Stanzas.registerSet;
import static org.mucregistration.openfire.Stanzas.roomUserItem;
import static org.mucregistration.openfire.Stanzas.unregister;

import org.jivesoftware.openfire.muc.Affiliation;
import org.jivesoftware.openfire.muc.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Presence;

import java.util.List;
import java.util.Optional;

/**
 * One set of reserved nicknames with Openfire's own: a member's reservation is Openfire's member nickname (the
 * plugin's row keeps its case and PRECIS key), an owner's or admin's lives in the plugin's table, and what Openfire's
 * own paths set for a member is what the plugin reports and enforces.
 */
class OneTruthTest {
    private MucFixture f;
    private MucAdminHandler admin;
    private RegistrationHandler registration;
    private MucPacketInterceptor interceptor;

    @BeforeEach
    void setUp() {
        f = MucFixture.withRomeo();
        admin = Handlers.admin(f.service, f.changes);
        registration = Handlers.registration(f.changes, () -> true);
        interceptor = new MucPacketInterceptor(new MucServices("localhost",
            name -> "conference".equals(name) ? f.service : null), registration, f.changes, f.router, () -> false);
    }

    private static String item(String affiliation, JID jid, String nick) {
        return "<item affiliation='" + affiliation + "' jid='" + jid.toBareJID() + "'"
            + (nick == null ? "" : " nick='" + nick + "'") + "/>";
    }

    private String reportedNick(JID user) {
        final IQ reply = registration.reservedNick(f.service, roomUserItem(user));
        return reply.getChildElement().element("identity") == null ? null
            : reply.getChildElement().element("identity").attributeValue("name");
    }

    /** A member whose nickname Openfire reserved before the plugin knew (its own paths; no row). */
    private void nativeMember(JID user, String openfireNick) {
        f.setAffiliation(user, Affiliation.member);
        f.memberNicks.put(user.toBareJID(), openfireNick.toLowerCase());
    }

    @Test
    void aNicknameOpenfireReservedIsReportedAndEnforced() throws Exception {
        nativeMember(JULIET, "Juliet");

        assertEquals("juliet", reportedNick(JULIET), "as Openfire keeps it");
        final IQ get = registerGet(JULIET);
        final IQ form = registration.register(f.service, get);
        assertEquals("juliet", form.getChildElement().elementText("username"));
        final IQ list = admin.handleIQ(adminGet(ROMEO, "member"));
        assertEquals("juliet", list.getChildElement().element("item").attributeValue("nick"));

        // Refused in any PRECIS-equal form, by the plugin's own conflict (with by=): not only Openfire's own case check.
        final Presence impostor = join(ROSALINE, "JULIET");
        interceptor.interceptPacket(impostor, null, true, false);
        assertEquals(1, f.routed.size());
        assertEquals(PacketError.Condition.conflict, ((Presence) f.routed.get(0)).getError().getCondition());
        assertTrue(f.allReservations().isEmpty(), "reads never write");
    }

    @Test
    void whatOpenfireChangedForAMemberWinsOverTheRow() throws Exception {
        f.setAffiliation(JULIET, Affiliation.member);
        f.reserve(JULIET, "Juliet");
        f.memberNicks.put(JULIET.toBareJID(), "jules"); // Openfire's own console changed it since

        assertEquals("jules", reportedNick(JULIET));
        final Presence julietsOldNick = join(ROSALINE, "Juliet");
        final String xml = julietsOldNick.toXML();
        interceptor.interceptPacket(julietsOldNick, null, true, false);
        assertEquals(xml, julietsOldNick.toXML(), "the old nickname is free");
        final Presence newNick = join(ROSALINE, "JULES");
        interceptor.interceptPacket(newNick, null, true, false);
        assertEquals(PacketError.Condition.conflict, ((Presence) f.routed.get(0)).getError().getCondition());
    }

    @Test
    void registeringMakesTheNicknameOpenfiresMemberNicknameToo() throws Exception {
        f.setAffiliation(JULIET, Affiliation.member);
        assertEmptyResult(registerSet(JULIET, "Juliet"), registration.register(f.service, registerSet(JULIET, "Juliet")));
        assertEquals("juliet", f.memberNicks.get(JULIET.toBareJID()));
        assertEquals(Optional.of("Juliet"), f.reservedNick(JULIET), "the row keeps the case");
        assertEquals("Juliet", reportedNick(JULIET));
        verify(f.room, never()).addMember(any(), any(), any()); // an existing member: no affiliation change

        // Cancelling: Openfire drops the membership and its nickname with it.
        assertEmptyResult(unregister(JULIET), registration.register(f.service, unregister(JULIET)));
        assertNull(f.memberNicks.get(JULIET.toBareJID()));
        assertTrue(f.allReservations().isEmpty());
    }

    @Test
    void anAdminsReservationLivesInTheTableAndFollowsAChangeOfAffiliation() throws Exception {
        f.setAffiliation(NURSE, Affiliation.admin);
        assertEmptyResult(registerSet(NURSE, "Nurse"), registration.register(f.service, registerSet(NURSE, "Nurse")));
        assertEquals(Optional.of("Nurse"), f.reservedNick(NURSE));
        assertFalse(f.memberNicks.containsKey(NURSE.toBareJID()), "Openfire keeps none for an admin");

        // Made a member without a nickname: the reservation becomes Openfire's member nickname.
        final IQ demote = adminSet(ROMEO, item("member", NURSE, null));
        assertEmptyResult(demote, admin.handleIQ(demote));
        verify(f.room).addMember(NURSE.asBareJID(), "Nurse", Affiliation.owner);
        assertEquals("nurse", f.memberNicks.get(NURSE.toBareJID()));
        assertEquals("Nurse", reportedNick(NURSE));

        // Made an admin again: Openfire drops its member nickname, the table keeps the reservation.
        final IQ promote = adminSet(ROMEO, item("admin", NURSE, null));
        assertEmptyResult(promote, admin.handleIQ(promote));
        assertFalse(f.memberNicks.containsKey(NURSE.toBareJID()));
        assertEquals("Nurse", reportedNick(NURSE));
    }

    @Test
    void aMembersNativeNicknameIsCarriedOverWhenPromoted() throws Exception {
        nativeMember(JULIET, "Juliet");
        final IQ promote = adminSet(ROMEO, item("admin", JULIET, null));
        assertEmptyResult(promote, admin.handleIQ(promote));
        assertEquals("juliet", reportedNick(JULIET), "kept, now in the table");
        assertEquals(Optional.of("juliet"), f.reservedNick(JULIET));
    }

    @Test
    void changingAMembersNicknameLeavesTheAffiliationAsItIs() throws Exception {
        f.setAffiliation(JULIET, Affiliation.member);
        f.reserve(JULIET, "Juliet");
        final IQ set = adminSet(ROMEO, item("member", JULIET, "Jules"));
        assertEmptyResult(set, admin.handleIQ(set));
        verify(f.room, never()).addMember(any(), any(), any());
        verify(f.room, never()).addNone(any(), any());
        assertEquals("jules", f.memberNicks.get(JULIET.toBareJID()));
        assertEquals(Optional.of("Jules"), f.reservedNick(JULIET));
    }

    @Test
    void aBanEndsTheReservationAndALaterGrantStartsWithoutOne() throws Exception {
        f.setAffiliation(JULIET, Affiliation.member);
        f.reserve(JULIET, "Juliet");
        final IQ ban = adminSet(ROMEO, item("outcast", JULIET, null));
        assertEmptyResult(ban, admin.handleIQ(ban));
        assertTrue(f.allReservations().isEmpty(), "the ban removes the row");
        final IQ grant = adminSet(ROMEO, item("member", JULIET, null));
        assertEmptyResult(grant, admin.handleIQ(grant));
        assertNull(reportedNick(JULIET));
        assertEquals("", f.memberNicks.get(JULIET.toBareJID()));
    }

    @Test
    void inARoomRestrictedToReservedNicknamesAMemberNeedsOne() throws Exception {
        f.loginRestrictedToNickname = true;
        final IQ bare = adminSet(ROMEO, item("member", JULIET, null));
        assertError(bare, admin.handleIQ(bare), PacketError.Condition.not_acceptable, PacketError.Type.modify);
        assertEquals(Affiliation.none, f.affiliationOf(JULIET));

        final IQ withNick = adminSet(ROMEO, item("member", JULIET, "Juliet"));
        assertEmptyResult(withNick, admin.handleIQ(withNick));
        assertEquals("juliet", f.memberNicks.get(JULIET.toBareJID()));

        // Registration works there too: an unaffiliated user becomes a member under the nickname.
        assertEmptyResult(registerSet(ROSALINE, "Rosaline"),
            registration.register(f.service, registerSet(ROSALINE, "Rosaline")));
        assertEquals("rosaline", f.memberNicks.get(ROSALINE.toBareJID()));
    }

    @Test
    void takingOverWritesARowForEachOfOpenfiresMemberNicknamesOnce() throws Exception {
        nativeMember(JULIET, "Juliet");
        nativeMember(ROSALINE, "Rosaline");
        f.setAffiliation(MucFixture.TYBALT, Affiliation.member); // a member without a nickname

        assertEquals(2, f.reservations.takeOver(f.room));
        assertEquals(List.of("juliet", "rosaline"), f.allReservations().stream().map(r -> r.nickKey()).toList());
        assertEquals(0, f.reservations.takeOver(f.room), "idempotent");
    }

    @Test
    void takingOverLetsOpenfiresMemberWinOverAnotherUsersRow() throws Exception {
        f.setAffiliation(JULIET, Affiliation.admin);
        f.reserve(JULIET, "Rosaline"); // the plugin's row: the admin Juliet holds "Rosaline"
        nativeMember(ROSALINE, "rosaline"); // Openfire: the member Rosaline holds it too

        assertEquals(1, f.reservations.takeOver(f.room));
        assertEquals(Optional.of("rosaline"), f.reservedNick(ROSALINE));
        assertEquals(Optional.empty(), f.reservedNick(JULIET));
    }

    @Test
    void anOwnerIsStillRefusedAnotherUsersNickname() throws Exception {
        nativeMember(JULIET, "Juliet");
        final Presence owner = join(ROMEO, "juliet");
        f.occupants.clear(); // Romeo joins afresh
        interceptor.interceptPacket(owner, null, true, false);
        assertEquals(PacketError.Condition.conflict, ((Presence) f.routed.get(0)).getError().getCondition());
        verify(f.room, never()).getOccupantsByNickname(anyString());
    }

    @Test
    void anOccupantsOwnPresenceUpdateIsLeftAlone() throws Exception {
        nativeMember(JULIET, "Juliet");
        f.join(JULIET, "juliet", Role.participant);
        final Presence update = join(JULIET, "juliet");
        final String xml = update.toXML();
        interceptor.interceptPacket(update, null, true, false);
        assertEquals(xml, update.toXML());
    }
}
