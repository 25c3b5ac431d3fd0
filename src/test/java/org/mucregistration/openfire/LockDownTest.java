package org.mucregistration.openfire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mucregistration.openfire.MucFixture.JULIET;
import static org.mucregistration.openfire.MucFixture.ROMEO;
import static org.mucregistration.openfire.MucFixture.ROSALINE;
import static org.mucregistration.openfire.Stanzas.assertEmptyResult;
import static org.mucregistration.openfire.Stanzas.join;
import static org.mucregistration.openfire.Stanzas.registerSet;
import static org.mucregistration.protocol.Xml.assertXml;

import org.jivesoftware.openfire.muc.Affiliation;
import org.jivesoftware.openfire.muc.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mucregistration.protocol.Xml;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Presence;

/**
 * Lock-down (XEP-0045 §7.2.9, Prosody's enforce_registered_nickname): in a room that admits users only under their
 * reserved nickname, a holder joining under another one enters under the reserved one with status 210, a nickname change
 * away from it is refused, and registering another nickname while in the room under another one leaves the room.
 */
class LockDownTest {
    private MucFixture f;
    private MucPacketInterceptor interceptor;
    private RegistrationHandler registration;
    private boolean everyRoom;

    @BeforeEach
    void setUp() throws Exception {
        f = MucFixture.withRomeo();
        f.loginRestrictedToNickname = true;
        registration = Handlers.registration(f.changes, () -> true);
        interceptor = new MucPacketInterceptor(new MucServices("localhost",
            name -> "conference".equals(name) ? f.service : null), registration, f.changes, f.router,
            () -> everyRoom);
        f.setAffiliation(JULIET, Affiliation.member);
        f.reserve(JULIET, "Juliet");
    }

    private void incoming(Presence presence) {
        interceptor.interceptPacket(presence, null, true, false);
    }

    /** The room's self-presence to the user as Openfire sends it (item, then 110). */
    private static Presence selfPresence(JID user, String nick) {
        return Xml.presence("<presence from='room@conference.localhost/" + nick + "' to='" + user + "'>"
            + "<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='member' jid='" + user
            + "' role='participant'/><status code='110'/></x></presence>");
    }

    @Test
    void aHolderJoiningUnderAnotherNicknameEntersUnderTheReservedOneWithStatus210() {
        final Presence joinAsJules = join(JULIET, "Jules");
        incoming(joinAsJules);
        assertEquals(new JID("room@conference.localhost/Juliet"), joinAsJules.getTo(), "sent on as Juliet");
        assertEquals(0, f.routed.size(), "no error");

        final Presence self = selfPresence(JULIET, "Juliet");
        interceptor.interceptPacket(self, null, false, false);
        assertXml("<presence from='room@conference.localhost/Juliet' to='" + JULIET + "'>"
            + "<x xmlns='http://jabber.org/protocol/muc#user'><status code='210'/><item affiliation='member' jid='"
            + JULIET + "' role='participant'/><status code='110'/></x></presence>", self);

        // Only that self-presence: a later one (or another user's) gets no 210.
        final Presence later = selfPresence(JULIET, "Juliet");
        interceptor.interceptPacket(later, null, false, false);
        assertTrue(!later.toXML().contains("210"), later.toXML());
    }

    @Test
    void aJoinUnderTheReservedNicknameIsLeftAsItIs() {
        final Presence joinAsJuliet = join(JULIET, "Juliet");
        final String xml = joinAsJuliet.toXML();
        incoming(joinAsJuliet);
        assertXml(xml, joinAsJuliet);
        final Presence self = selfPresence(JULIET, "Juliet");
        interceptor.interceptPacket(self, null, false, false);
        assertTrue(!self.toXML().contains("210"), self.toXML());
    }

    @Test
    void aNicknameChangeAwayFromTheReservedOneIsRefused() {
        f.join(JULIET, "Juliet", Role.participant);
        final Presence change = Xml.presence("<presence to='room@conference.localhost/Jules' from='" + JULIET + "'/>");
        incoming(change);
        assertEquals(1, f.routed.size());
        final Presence refusal = (Presence) f.routed.get(0);
        assertEquals(PacketError.Condition.not_acceptable, refusal.getError().getCondition());
        assertEquals(PacketError.Type.cancel, refusal.getError().getType());
        assertEquals("room@conference.localhost", refusal.getError().getElement().attributeValue("by"));
        assertEquals(new JID("conference.localhost"), change.getTo(), "neutralised");
    }

    @Test
    void someoneWithoutAReservationGetsWhatOpenfireGives() {
        final Presence rosaline = join(ROSALINE, "Rosie");
        final String xml = rosaline.toXML();
        incoming(rosaline);
        assertXml(xml, rosaline);
        assertEquals(0, f.routed.size());
    }

    @Test
    void anOwnersReservationFromTheTableCountsToo() throws Exception {
        f.reserve(ROMEO, "Romeo");
        f.occupants.clear(); // Romeo comes back
        final Presence joinAsMontague = join(ROMEO, "Montague");
        incoming(joinAsMontague);
        assertEquals(new JID("room@conference.localhost/Romeo"), joinAsMontague.getTo());
    }

    @Test
    void theServerWideSettingLocksDownARoomWithoutTheOption() {
        f.loginRestrictedToNickname = false;
        final Presence unlocked = join(JULIET, "Jules");
        incoming(unlocked);
        assertEquals(new JID("room@conference.localhost/Jules"), unlocked.getTo(), "the room's option is off");

        everyRoom = true;
        final Presence locked = join(JULIET, "Jules");
        incoming(locked);
        assertEquals(new JID("room@conference.localhost/Juliet"), locked.getTo());
    }

    @Test
    void registeringAnotherNicknameWhileInTheRoomUnderAnotherOneLeavesTheRoom() {
        f.join(ROSALINE, "Rosie", Role.participant);
        assertEmptyResult(registerSet(ROSALINE, "Rosaline"),
            registration.register(f.service, registerSet(ROSALINE, "Rosaline")));
        assertEquals(1, f.kicks.size());
        assertEquals(ROSALINE.toString(), f.kicks.get(0)[0]);
        assertEquals(RoomChanges.LOCK_DOWN_REASON + "Rosaline", f.kicks.get(0)[1]);
        assertEquals("rosaline", f.memberNicks.get(ROSALINE.toBareJID()));
    }
}
