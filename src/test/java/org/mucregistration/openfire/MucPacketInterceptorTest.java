package org.mucregistration.openfire;

import org.jivesoftware.openfire.muc.Affiliation;
import org.jivesoftware.openfire.muc.MultiUserChatService;
import org.jivesoftware.openfire.muc.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mucregistration.storage.ReservationStoreException;
import org.mucregistration.protocol.Xml;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mucregistration.openfire.MucFixture.JULIET;
import static org.mucregistration.openfire.MucFixture.NURSE;
import static org.mucregistration.openfire.MucFixture.ROMEO;
import static org.mucregistration.openfire.MucFixture.ROSALINE;
import static org.mucregistration.openfire.Stanzas.join;
import static org.mucregistration.openfire.Stanzas.registerGet;
import static org.mucregistration.openfire.Stanzas.registerSet;
import static org.mucregistration.openfire.Stanzas.roomUserItem;
import static org.mucregistration.openfire.Stanzas.unregister;
import static org.mucregistration.protocol.Xml.assertXml;

/** The interceptor: what it takes over from Openfire, what it refuses, what it leaves alone. */
class MucPacketInterceptorTest {
    private MucFixture f;
    private final List<String> lookups = new ArrayList<>();
    private MucPacketInterceptor interceptor;
    private boolean lockDownEveryRoom;

    @BeforeEach
    void setUp() throws Exception {
        f = MucFixture.withRomeo();
        final MucServices services = new MucServices("localhost", subdomain -> {
            lookups.add(subdomain);
            return "conference".equals(subdomain) ? f.service : null;
        });
        interceptor = new MucPacketInterceptor(services, Handlers.registration(f.changes, () -> false), f.changes,
            f.router, () -> lockDownEveryRoom);
    }

    private void incoming(Packet packet) throws Exception {
        interceptor.interceptPacket(packet, null, true, false);
    }

    /** The stanza was answered here: Openfire gets a harmless copy addressed to the service. */
    private static void assertNeutralisedIq(IQ iq) {
        assertXml("<iq type='result' id='" + iq.getID() + "' from='" + iq.getFrom() + "' to='conference.localhost'/>", iq);
    }

    private static void assertUntouched(String xml, Packet packet) {
        assertXml(xml, packet);
    }

    // --- IQs taken over ---------------------------------------------------------------------------------------------

    @Test
    void registrationGetIsAnsweredAndNeutralised() throws Exception {
        f.setAffiliation(JULIET, Affiliation.member);
        final IQ get = registerGet(JULIET);
        incoming(get);
        assertEquals(1, f.routed.size());
        assertXml("<iq type='result' from='room@conference.localhost' to='" + JULIET + "' id='jw81b36f'>"
            + "<query xmlns='jabber:iq:register'><x type='form' xmlns='jabber:x:data'>"
            + "<field type='hidden' var='FORM_TYPE'><value>http://jabber.org/protocol/muc#register</value></field>"
            + "<field type='text-single' label='Nickname' var='muc#register_roomnick'><required/></field>"
            + "</x></query></iq>", f.routed.get(0));
        assertNeutralisedIq(get);
        assertEquals(List.of("conference"), lookups);
    }

    @Test
    void registrationSetPresencesAreSentBeforeTheResultIsRouted() throws Exception {
        f.setAffiliation(JULIET, Affiliation.member);
        final var juliet = f.join(JULIET, "Juliet", Role.participant);
        final IQ set = registerSet(JULIET, "Juliet");
        incoming(set);
        final var order = org.mockito.Mockito.inOrder(juliet, f.router);
        order.verify(juliet).send(any());
        order.verify(f.router).route(any(IQ.class));
        assertXml("<iq type='result' from='room@conference.localhost' to='" + JULIET + "' id='nv71va54'/>",
            f.routed.get(0));
        assertNeutralisedIq(set);
    }

    @Test
    void refusalsAreRoutedToo() throws Exception {
        final IQ set = registerSet(ROSALINE, "Romeo");
        incoming(set);
        assertXml("<iq type='error' from='room@conference.localhost' to='" + ROSALINE + "' id='nv71va54'>"
            + "<error type='auth'><registration-required xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
            f.routed.get(0));
        assertNeutralisedIq(set);
    }

    @Test
    void unregisterIsAnsweredAfterTheNotice() throws Exception {
        f.setAffiliation(JULIET, Affiliation.member);
        f.reserve(JULIET, "Juliet");
        final IQ remove = unregister(JULIET);
        incoming(remove);
        assertXml("<message from='room@conference.localhost' to='" + ROMEO + "'>"
            + "<x xmlns='http://jabber.org/protocol/muc#user'><item jid='user2@localhost' affiliation='none'/></x>"
            + "</message>", f.sent.get(0));
        assertXml("<iq type='result' from='room@conference.localhost' to='" + JULIET + "' id='unreg1'/>",
            f.routed.get(0));
        final var order = org.mockito.Mockito.inOrder(f.occupants.get(0), f.router);
        order.verify(f.occupants.get(0)).send(any());
        order.verify(f.router).route(any(IQ.class));
    }

    @Test
    void anOccupantsPresenceUpdateUnderItsOwnNicknameIsNotLookedUp() throws Exception {
        f.join(ROSALINE, "Rosaline", Role.participant);
        final Presence update = join(ROSALINE, "Rosaline");
        final String xml = update.toXML();
        incoming(update);
        org.mockito.Mockito.verify(f.store, org.mockito.Mockito.never()).findByNickKey(any(), any());
        assertEquals(xml, update.toXML(), "passed to Openfire untouched");
        assertEquals(List.of(), f.routed);
    }

    @Test
    void roomUserItemIsAnsweredAndNeutralised() throws Exception {
        f.setAffiliation(JULIET, Affiliation.member);
        f.reserve(JULIET, "Juliet");
        final IQ query = roomUserItem(JULIET);
        incoming(query);
        assertXml("<iq type='result' from='room@conference.localhost' to='" + JULIET + "' id='getnick1'>"
            + "<query xmlns='http://jabber.org/protocol/disco#info' node='x-roomuser-item'>"
            + "<identity category='conference' name='Juliet' type='text'/></query></iq>", f.routed.get(0));
        assertNeutralisedIq(query);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bogus", "GET", ""})
    void registrationOfAnUnknownTypeIsBadRequest(String type) throws Exception {
        final IQ get = registerGet(JULIET);
        get.getElement().addAttribute("type", type);
        incoming(get);
        assertEquals(1, f.routed.size());
        assertXml("<iq type='error' from='room@conference.localhost' to='" + JULIET + "' id='jw81b36f'>"
            + "<error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
            + "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' xml:lang='en'>"
            + "The type of an IQ is get, set, result or error</text></error></iq>", f.routed.get(0));
        assertNeutralisedIq(get);
    }

    @Test
    void roomUserItemOfAnUnknownTypeIsBadRequest() throws Exception {
        final IQ query = roomUserItem(JULIET);
        query.getElement().remove(query.getElement().attribute("type"));
        incoming(query);
        assertEquals(1, f.routed.size());
        assertXml("<iq type='error' from='room@conference.localhost' to='" + JULIET + "' id='getnick1'>"
            + "<error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
            + "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' xml:lang='en'>"
            + "The type of an IQ is get, set, result or error</text></error></iq>", f.routed.get(0));
        assertNeutralisedIq(query);
    }

    @Test
    void otherIqsOfAnUnknownTypeAreLeftToOpenfire() throws Exception {
        final IQ ping = new IQ(IQ.Type.get, "p1");
        ping.setFrom(JULIET);
        ping.setTo(new JID("room@conference.localhost"));
        ping.setChildElement("ping", "urn:xmpp:ping");
        ping.getElement().addAttribute("type", "bogus");
        final String xml = ping.toXML();
        incoming(ping);
        assertEquals(xml, ping.toXML());
        assertEquals(List.of(), f.routed);
    }

    @Test
    void roomUserItemWithoutReservationIsAnEmptyQuery() throws Exception {
        final IQ query = roomUserItem(ROMEO);
        incoming(query);
        assertXml("<iq type='result' from='room@conference.localhost' to='" + ROMEO + "' id='getnick1'>"
            + "<query xmlns='http://jabber.org/protocol/disco#info' node='x-roomuser-item'/></iq>", f.routed.get(0));
        assertNeutralisedIq(query);
    }

    @Test
    void otherIqsToTheRoomAreLeftToOpenfire() throws Exception {
        for (String xml : new String[]{
            "<iq type='get' id='d' from='" + ROMEO + "' to='room@conference.localhost'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>",
            "<iq type='get' id='o' from='" + ROMEO + "' to='room@conference.localhost'>"
                + "<query xmlns='http://jabber.org/protocol/muc#owner'/></iq>",
            "<iq type='get' id='r' from='" + ROMEO + "' to='room@conference.localhost/Juliet'>"
                + "<query xmlns='jabber:iq:register'/></iq>",
            "<iq type='result' id='r2' from='" + ROMEO + "' to='room@conference.localhost'>"
                + "<query xmlns='jabber:iq:register'/></iq>",
            "<iq type='get' id='r3' from='" + ROMEO + "' to='conference.localhost'>"
                + "<query xmlns='jabber:iq:register'/></iq>",
            "<iq type='get' id='r4' from='" + ROMEO + "' to='room@other.localhost'>"
                + "<query xmlns='jabber:iq:register'/></iq>"}) {
            final IQ iq = Xml.iq(xml);
            incoming(iq);
            assertUntouched(xml, iq);
        }
        assertEquals(List.of(), f.routed);
    }

    @Test
    void processedAndOutgoingRequestsAreLeftAlone() throws Exception {
        final IQ get = registerGet(ROSALINE);
        final String xml = get.toXML();
        interceptor.interceptPacket(get, null, true, true);
        interceptor.interceptPacket(get, null, false, false);
        interceptor.interceptPacket(get, null, false, true);
        assertUntouched(xml, get);
        assertEquals(List.of(), f.routed);
    }

    @Test
    void stanzasNotForAMucServiceNeverLookUpAService() throws Exception {
        final String chat = "<message type='chat' from='user@localhost/orchard' to='user2@localhost'><body>hi</body></message>";
        final Message message = Xml.message(chat);
        incoming(message);
        interceptor.interceptPacket(message, null, false, false);
        final String toServer = "<presence from='user@localhost/orchard' to='localhost'/>";
        final Presence presence = Xml.presence(toServer);
        incoming(presence);
        final String fromServer = "<presence from='localhost' to='user@localhost/orchard'/>";
        final Presence outgoing = Xml.presence(fromServer);
        interceptor.interceptPacket(outgoing, null, false, false);
        final String userPresence = "<presence from='user2@localhost/balcony' to='user@localhost/orchard'>"
            + "<x xmlns='http://jabber.org/protocol/muc#user'><status code='110'/><item affiliation='none'/></x></presence>";
        final Presence fromUser = Xml.presence(userPresence);
        interceptor.interceptPacket(fromUser, null, false, false);
        assertUntouched(chat, message);
        assertUntouched(toServer, presence);
        assertUntouched(fromServer, outgoing);
        assertUntouched(userPresence, fromUser);
        assertEquals(List.of(), lookups);
        verifyNoInteractions(f.router, f.service);
    }

    @Test
    void stanzasWithoutAddressesAreLeftAlone() throws Exception {
        final Presence noTo = Xml.presence("<presence from='user@localhost/orchard'/>");
        incoming(noTo);
        final IQ noFrom = Xml.iq("<iq type='get' id='x' to='room@conference.localhost'><query xmlns='jabber:iq:register'/></iq>");
        incoming(noFrom);
        assertEquals("room@conference.localhost", noFrom.getTo().toString());
        verifyNoInteractions(f.router);
    }

    // --- Reserved nicknames ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Affiliation.class)
    void joiningAsANickReservedByAnotherIsAConflictWhateverTheAffiliation(Affiliation senderAffiliation)
        throws Exception {
        f.setAffiliation(JULIET, Affiliation.member);
        f.reserve(JULIET, "Juliet");
        if (senderAffiliation != Affiliation.outcast) {
            f.setAffiliation(ROSALINE, senderAffiliation);
        } else {
            f.setAffiliation(ROSALINE, Affiliation.outcast);
        }
        final Presence join = join(ROSALINE, "Juliet");
        incoming(join);
        assertEquals(1, f.routed.size());
        assertXml("<presence type='error' from='room@conference.localhost/Juliet' to='" + ROSALINE + "'>"
            + "<x xmlns='http://jabber.org/protocol/muc'/>"
            + "<error type='cancel' by='room@conference.localhost'>"
            + "<conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>", f.routed.get(0));
        assertEquals("conference.localhost", join.getTo().toString(), "neutralised");
        assertEquals(ROSALINE, join.getFrom());
        assertEquals(Presence.Type.unavailable == join.getType(), false, "still an available presence");
        assertEquals(List.of(), f.sent);
    }

    @ParameterizedTest
    @ValueSource(strings = {"juliet", "JULIET", "\uFF2Auliet", "Juliet"})
    void precisEqualNicksAreConflictsToo(String nick) throws Exception {
        f.setAffiliation(JULIET, Affiliation.member);
        f.reserve(JULIET, "Juliet");
        final Presence join = join(ROSALINE, nick);
        incoming(join);
        assertEquals(1, f.routed.size());
        final Packet error = f.routed.get(0);
        assertEquals("error", error.getElement().attributeValue("type"));
        assertEquals(ROSALINE, error.getTo());
        assertEquals("room@conference.localhost", error.getElement().element("error").attributeValue("by"));
        assertEquals("conference.localhost", join.getTo().toString());
    }

    @Test
    void aNickChangeOfAnOccupantToAReservedNickIsAConflict() throws Exception {
        f.setAffiliation(JULIET, Affiliation.member);
        f.reserve(JULIET, "Juliet");
        f.join(ROSALINE, "Rosaline", Role.participant);
        final Presence change = Xml.presence("<presence id='nc1' from='" + ROSALINE
            + "' to='room@conference.localhost/Juliet'/>");
        incoming(change);
        assertXml("<presence id='nc1' type='error' from='room@conference.localhost/Juliet' to='" + ROSALINE + "'>"
            + "<error type='cancel' by='room@conference.localhost'>"
            + "<conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>", f.routed.get(0));
        assertEquals("conference.localhost", change.getTo().toString());
    }

    @Test
    void theHolderPassesUntouched() throws Exception {
        f.setAffiliation(JULIET, Affiliation.member);
        f.reserve(JULIET, "Juliet");
        for (String resource : new String[]{"balcony", "tomb"}) {
            final String xml = "<presence to='room@conference.localhost/Juliet' from='user2@localhost/" + resource + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc'/></presence>";
            final Presence join = Xml.presence(xml);
            incoming(join);
            assertUntouched(xml, join);
        }
        assertEquals(List.of(), f.routed);
    }

    @Test
    void unreservedNicksAndOtherPresencesPassUntouched() throws Exception {
        f.setAffiliation(JULIET, Affiliation.member);
        f.reserve(JULIET, "Juliet");
        for (String xml : new String[]{
            "<presence to='room@conference.localhost/Rosaline' from='" + ROSALINE + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>",
            "<presence type='unavailable' to='room@conference.localhost/Juliet' from='" + ROSALINE + "'/>",
            "<presence to='room@conference.localhost' from='" + ROSALINE + "'/>",
            "<presence to='nowhere@conference.localhost/Juliet' from='" + ROSALINE + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>",
            "<presence to='room@other.localhost/Juliet' from='" + ROSALINE + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>"}) {
            final Presence presence = Xml.presence(xml);
            incoming(presence);
            assertUntouched(xml, presence);
        }
        assertEquals(List.of(), f.routed);
    }

    @Test
    void aVoidReservationDoesNotBlockAndIsLeftAsItIs() throws Exception {
        f.reserve(JULIET, "Juliet"); // Juliet no longer holds an affiliation
        final Presence join = join(ROSALINE, "Juliet");
        final String xml = join.toXML();
        incoming(join);
        assertUntouched(xml, join);
        assertEquals(1, f.allReservations().size(), "reads never write");
    }

    // --- Leaves ------------------------------------------------------------------------------------------------------

    private static org.jivesoftware.openfire.session.ClientSession session(boolean available, boolean closed) {
        final org.jivesoftware.openfire.session.ClientSession session =
            org.mockito.Mockito.mock(org.jivesoftware.openfire.session.ClientSession.class);
        final Presence presence = new Presence();
        if (!available) {
            presence.setType(Presence.Type.unavailable);
        }
        org.mockito.Mockito.when(session.getPresence()).thenReturn(presence);
        org.mockito.Mockito.when(session.isClosed()).thenReturn(closed);
        return session;
    }

    private static Presence leave(JID from, String nick) {
        return Xml.presence("<presence type='unavailable' to='room@conference.localhost/" + nick + "' from='" + from
            + "'/>");
    }

    @Test
    void aLeaveOfSomeoneNoLongerInTheRoomRefreshesThisNodesCopyFirst() throws Exception {
        // Removed through another cluster node: Openfire here would act on a stale copy of the room.
        final Presence leave = leave(ROSALINE, "Juliet");
        final String xml = leave.toXML();
        interceptor.interceptPacket(leave, session(false, true), true, false);
        verify(f.service).syncChatRoom(f.room);
        verify(f.service, never()).processPacket(any());
        assertUntouched(xml, leave);
    }

    @Test
    void aLeaveOfAClientWithoutPresenceIsProcessedWhileItCanStillBeAnswered() throws Exception {
        f.join(JULIET, "Juliet", Role.participant);
        final Presence leave = leave(JULIET, "Juliet");
        interceptor.interceptPacket(leave, session(false, false), true, false);
        verify(f.service).processPacket(any(Presence.class));
        verify(f.service, never()).syncChatRoom(any());
    }

    @Test
    void aLeaveOfAClosingConnectionIsLeftToOpenfire() throws Exception {
        f.join(JULIET, "Juliet", Role.participant);
        interceptor.interceptPacket(leave(JULIET, "Juliet"), session(false, true), true, false);
        verify(f.service, never()).processPacket(any());
        verify(f.service, never()).syncChatRoom(any());
    }

    @Test
    void anOrdinaryLeaveIsLeftToOpenfire() throws Exception {
        f.join(JULIET, "Juliet", Role.participant);
        final Presence leave = leave(JULIET, "Juliet");
        final String xml = leave.toXML();
        interceptor.interceptPacket(leave, session(true, false), true, false);
        verify(f.service, never()).processPacket(any());
        verify(f.service, never()).syncChatRoom(any());
        assertUntouched(xml, leave);
    }

    // --- Outgoing ----------------------------------------------------------------------------------------------------

    @Test
    void outgoingRoomPresencesAreReordered() throws Exception {
        final Presence created = Xml.presence("<presence from='room@conference.localhost/Romeo' to='" + ROMEO + "'>"
            + "<x xmlns='http://jabber.org/protocol/muc#user'><item jid='" + ROMEO + "' affiliation='owner' role='moderator'/>"
            + "<status code='110'/><status code='201'/></x></presence>");
        interceptor.interceptPacket(created, null, false, false);
        assertXml("<presence from='room@conference.localhost/Romeo' to='" + ROMEO + "'>"
            + "<x xmlns='http://jabber.org/protocol/muc#user'><status code='201'/>"
            + "<item jid='" + ROMEO + "' affiliation='owner' role='moderator'/><status code='110'/></x></presence>", created);
        final Presence kicked = Xml.presence("<presence type='unavailable' from='room@conference.localhost/Juliet' to='"
            + ROSALINE + "'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' jid='" + ROSALINE
            + "' role='none'><reason>This nickname is reserved</reason></item><status code='307'/><status code='110'/>"
            + "</x></presence>");
        interceptor.interceptPacket(kicked, null, false, false);
        assertXml("<presence type='unavailable' from='room@conference.localhost/Juliet' to='" + ROSALINE + "'>"
            + "<x xmlns='http://jabber.org/protocol/muc#user'><status code='307'/><item affiliation='none' jid='" + ROSALINE
            + "' role='none'><reason>This nickname is reserved</reason></item><status code='110'/></x></presence>", kicked);
        // Openfire reuses one presence object per flavour: a second pass changes nothing.
        final String once = kicked.toXML();
        interceptor.interceptPacket(kicked, null, false, false);
        assertUntouched(once, kicked);
    }

    @Test
    void processedOutgoingAndNonPresencesAreNotReordered() throws Exception {
        final String xml = "<presence from='room@conference.localhost/Romeo' to='" + ROMEO + "'>"
            + "<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner' role='moderator'/>"
            + "<status code='110'/><status code='201'/></x></presence>";
        final Presence processed = Xml.presence(xml);
        interceptor.interceptPacket(processed, null, false, true);
        assertUntouched(xml, processed);
        final String messageXml = "<message from='room@conference.localhost' to='" + ROMEO + "'>"
            + "<x xmlns='http://jabber.org/protocol/muc#user'><status code='110'/><item affiliation='none'/></x></message>";
        final Message message = Xml.message(messageXml);
        interceptor.interceptPacket(message, null, false, false);
        assertUntouched(messageXml, message);
    }

    // --- Failures ----------------------------------------------------------------------------------------------------

    @Test
    void aFailureInsideGivesAnInternalServerErrorWithoutDetails() throws Exception {
        doThrow(new IllegalStateException("connection refused: jdbc:secret")).when(f.store).findByJid(any(), any());
        f.setAffiliation(JULIET, Affiliation.member);
        final IQ get = registerGet(JULIET);
        incoming(get);
        assertEquals(1, f.routed.size());
        assertXml("<iq type='error' from='room@conference.localhost' to='" + JULIET + "' id='jw81b36f'>"
            + "<error type='wait'><internal-server-error xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
            f.routed.get(0));
        assertFalse(f.routed.get(0).toXML().contains("Exception"));
        assertFalse(f.routed.get(0).toXML().contains("secret"));
        assertNeutralisedIq(get);
        org.mockito.Mockito.verify(f.lock).unlock();
    }

    @Test
    void aFailureWhileCheckingAJoinDoesNotEscapeTheInterceptor() throws Exception {
        doThrow(new IllegalStateException("connection refused")).when(f.store).findByNickKey(any(), any());
        final Presence join = join(ROSALINE, "Juliet");
        incoming(join); // must not throw: an exception in an interceptor would reject the stanza with a bare error
        for (Packet routed : f.routed) {
            assertFalse(routed.toXML().contains("Exception"), routed::toXML);
        }
    }

    @Test
    void aFailureWhileCheckingAJoinIsAnsweredWithAnInternalServerError() throws Exception {
        doThrow(new IllegalStateException("connection refused")).when(f.store).findByNickKey(any(), any());
        final Presence join = join(ROSALINE, "Juliet");
        incoming(join);
        assertEquals(1, f.routed.size());
        final Packet error = f.routed.get(0);
        assertEquals("error", error.getElement().attributeValue("type"));
        assertEquals(ROSALINE, error.getTo());
        assertEquals(org.xmpp.packet.PacketError.Condition.internal_server_error, error.getError().getCondition());
        assertEquals("conference.localhost", join.getTo().toString(), "neutralised");
    }

    @Test
    void aMembersNicknameIsDecidedWithoutTheDatabase() throws Exception {
        f.setAffiliation(JULIET, Affiliation.member);
        f.reserve(JULIET, "Juliet");
        doThrow(new ReservationStoreException("connection refused", null)).when(f.store).findByJid(any(), any());
        doThrow(new ReservationStoreException("connection refused", null)).when(f.store).findByNickKey(any(), any());

        final Presence other = join(ROSALINE, "JULIET");
        incoming(other);
        assertEquals(1, f.routed.size());
        assertEquals(org.xmpp.packet.PacketError.Condition.conflict, ((Presence) f.routed.get(0)).getError()
            .getCondition(), "Openfire's member nickname decides: a conflict, not a wait");
        assertEquals("conference.localhost", other.getTo().toString(), "neutralised");

        final Presence own = join(JULIET, "Juliet");
        final String xml = own.toXML();
        incoming(own);
        assertEquals(1, f.routed.size(), "nothing more routed");
        assertEquals(xml, own.toXML(), "her own: passed to Openfire untouched");
    }

    @Test
    void aServiceThatIsNotAMucIsIgnored() throws Exception {
        final MultiUserChatService other = f.service;
        final MucPacketInterceptor none = new MucPacketInterceptor(new MucServices("localhost", s -> null),
            Handlers.registration(f.changes, () -> false), f.changes, f.router,
            () -> false);
        final IQ get = registerGet(NURSE);
        final String xml = get.toXML();
        none.interceptPacket(get, null, true, false);
        assertUntouched(xml, get);
        verifyNoInteractions(other, f.router);
    }
}
