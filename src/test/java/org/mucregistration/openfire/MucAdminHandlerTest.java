package org.mucregistration.openfire;

import org.jivesoftware.openfire.muc.Affiliation;
import org.jivesoftware.openfire.muc.ConflictException;
import org.jivesoftware.openfire.muc.ForbiddenException;
import org.jivesoftware.openfire.muc.MUCOccupant;
import org.jivesoftware.openfire.muc.Role;
import org.jivesoftware.openfire.muc.spi.IQAdminHandler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.InOrder;
import org.mucregistration.protocol.Namespaces;
import org.mucregistration.protocol.Xml;
import org.mucregistration.storage.Reservation;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mucregistration.openfire.MucFixture.JULIET;
import static org.mucregistration.openfire.MucFixture.NURSE;
import static org.mucregistration.openfire.MucFixture.ROMEO;
import static org.mucregistration.openfire.MucFixture.ROSALINE;
import static org.mucregistration.openfire.MucFixture.TYBALT;
import static org.mucregistration.openfire.Stanzas.adminGet;
import static org.mucregistration.openfire.Stanzas.adminSet;
import static org.mucregistration.openfire.Stanzas.assertEmptyResult;
import static org.mucregistration.openfire.Stanzas.assertError;
import static org.mucregistration.protocol.Xml.assertXml;

/** muc#admin affiliation changes with reserved nicknames, and affiliation lists, against a mocked Openfire room. */
class MucAdminHandlerTest {
    private MucFixture f;
    private MucAdminHandler handler;
    private MUCOccupant romeo;

    @BeforeEach
    void setUp() throws Exception {
        f = MucFixture.withRomeo();
        romeo = f.occupants.get(0);
        handler = Handlers.admin(f.service, f.changes);
    }

    private IQ handle(IQ request) {
        return handler.handleIQ(request);
    }

    private static String item(String affiliation, JID jid, String nick) {
        return "<item affiliation='" + affiliation + "' jid='" + jid.toBareJID() + "'"
            + (nick == null ? "" : " nick='" + nick + "'") + "/>";
    }


    @Test
    void handlesMucAdmin() {
        assertEquals(Namespaces.MUC_ADMIN, handler.getInfo().getNamespace());
        assertEquals("query", handler.getInfo().getName());
    }

    @Nested
    class TheSeed {
        @Test
        void member1MakesJulietAMemberAndTellsRomeoBeforeTheResult() throws Exception {
            final IQ set = adminSet(ROMEO, item("member", JULIET, null));
            final IQ reply = handle(set);
            verify(f.room).addMember(JULIET.asBareJID(), null, Affiliation.owner);
            assertEquals(1, f.sent.size(), f.sent::toString);
            assertXml("<message from='room@conference.localhost' to='" + ROMEO + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'><item jid='user2@localhost' affiliation='member'/></x>"
                + "</message>", f.sent.get(0));
            assertEmptyResult(set, reply);
            final InOrder order = inOrder(romeo, f.service, f.lock);
            order.verify(romeo).send(any());
            order.verify(f.service).syncChatRoom(f.room);
            order.verify(f.lock).unlock();
        }

        @Test
        void restoringJulietKicksRosalineThenTellsRomeoThenAnswers() throws Exception {
            final MUCOccupant rosaline = f.join(ROSALINE, "Juliet", Role.participant);
            final IQ set = adminSet(ROMEO, item("member", JULIET, "Juliet"));
            final IQ reply = handle(set);

            verify(f.room).kickOccupant(ROSALINE, Affiliation.owner, Role.moderator, null, null,
                "This nickname is reserved");
            assertFalse(f.occupants.contains(rosaline));
            verify(f.room).addMember(JULIET.asBareJID(), "Juliet", Affiliation.owner);
            assertEquals(Optional.of("Juliet"), f.reservedNick(JULIET));
            assertEquals("juliet", f.memberNicks.get(JULIET.toBareJID()), "Openfire's member nickname too");
            assertEquals(1, f.sent.size(), "Openfire broadcasts the kick itself: " + f.sent);
            assertXml("<message from='room@conference.localhost' to='" + ROMEO + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'><item jid='user2@localhost' affiliation='member'/></x>"
                + "</message>", f.sent.get(0));
            assertEmptyResult(set, reply);
            final InOrder order = inOrder(f.room, romeo, f.service, f.lock);
            order.verify(f.room).kickOccupant(any(), any(), any(), any(), any(), any());
            order.verify(romeo).send(any());
            order.verify(f.service).syncChatRoom(f.room);
            order.verify(f.lock).unlock();
        }

        @ParameterizedTest
        @ValueSource(strings = {"juliet", "JULIET", "Juliet ", "\uFF2Auliet"})
        void anOccupantUsingAPrecisEqualNickIsKicked(String occupantNick) throws Exception {
            f.join(ROSALINE, occupantNick, Role.participant);
            handle(adminSet(ROMEO, item("member", JULIET, "Juliet")));
            verify(f.room).kickOccupant(eq(ROSALINE), any(), any(), isNull(), isNull(), eq("This nickname is reserved"));
        }

        @Test
        void member2ReservesRosalinesNickWithActors() throws Exception {
            f.join(ROSALINE, "Rosaline", Role.participant);
            f.setAffiliation(JULIET, Affiliation.member);
            f.join(JULIET, "Juliet", Role.participant);
            final IQ set = Xml.iq("<iq id='member2' to='room@conference.localhost' from='" + ROMEO + "' type='set'>"
                + "<query xmlns='http://jabber.org/protocol/muc#admin'>"
                + "<item affiliation='member' jid='user3@localhost' nick='Rosaline'/></query></iq>");
            final IQ reply = handle(set);

            verify(f.room, never()).kickOccupant(any(), any(), any(), any(), any(), any());
            assertEquals(Optional.of("Rosaline"), f.reservedNick(ROSALINE));
            assertEquals(3, f.sent.size(), f.sent::toString);
            assertXml("<presence from='room@conference.localhost/Rosaline' to='" + ROMEO + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item affiliation='member' role='participant' jid='" + ROSALINE + "'>"
                + "<actor jid='" + ROMEO + "' nick='Romeo'/></item></x></presence>", f.sentTo(ROMEO).get(0));
            assertXml("<presence from='room@conference.localhost/Rosaline' to='" + ROSALINE + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item affiliation='member' role='participant' jid='" + ROSALINE + "'><actor nick='Romeo'/></item>"
                + "<status code='110'/></x></presence>", f.sentTo(ROSALINE).get(0));
            assertXml("<presence from='room@conference.localhost/Rosaline' to='" + JULIET + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item affiliation='member' role='participant'><actor nick='Romeo'/></item></x></presence>",
                f.sentTo(JULIET).get(0));
            assertEquals(List.of(), f.roomSent, "Openfire's own presences (without actor) are not sent");
            assertXml("<iq type='result' id='member2' from='room@conference.localhost' to='" + ROMEO + "'/>", reply);
        }

        @Test
        void prosody1273AnOwnerReservesTheirOwnNick() throws Exception {
            final IQ set = Xml.iq("<iq to='room@conference.localhost' id='reserve' type='set' from='" + ROMEO + "'>"
                + "<query xmlns='http://jabber.org/protocol/muc#admin'>"
                + "<item nick='Romeo' affiliation='owner' jid='user@localhost'/></query></iq>");
            final IQ reply = handle(set);
            assertEquals(Optional.of("Romeo"), f.reservedNick(ROMEO));
            assertEquals(Affiliation.owner, f.affiliationOf(ROMEO));
            assertEquals(1, f.sent.size(), f.sent::toString);
            assertXml("<presence from='room@conference.localhost/Romeo' to='" + ROMEO + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item role='moderator' jid='" + ROMEO + "' affiliation='owner'><actor nick='Romeo'/></item>"
                + "<status code='110'/></x></presence>", f.sent.get(0));
            assertXml("<iq from='room@conference.localhost' id='reserve' type='result' to='" + ROMEO + "'/>", reply);
        }

        @Test
        void member3ListsMembersWithTheirReservedNicksAndNoRole() throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            f.reserve(JULIET, "Juliet");
            f.join(JULIET, "Juliet", Role.participant);
            f.setAffiliation(ROSALINE, Affiliation.member);
            f.setAffiliation(NURSE, Affiliation.admin);
            f.reserve(NURSE, "Nurse");
            assertXml("<iq from='room@conference.localhost' type='result' id='member3' to='" + ROMEO + "'>"
                + "<query xmlns='http://jabber.org/protocol/muc#admin'>"
                + "<item jid='user2@localhost' affiliation='member' nick='Juliet'/>"
                + "<item jid='user3@localhost' affiliation='member'/>"
                + "</query></iq>", handle(adminGet(ROMEO, "member")));
            assertEquals(List.of(), f.sent);
        }
    }

    @Nested
    class Nicknames {
        @Test
        void anItemNamingAnOccupantByNicknameOnlyAppliesToThatOccupantsUser() throws Exception {
            f.join(JULIET, "Juliet", Role.participant);
            final IQ set = adminSet(ROMEO, "<item affiliation='member' nick='JULIET'/>"); // PRECIS-equal
            assertEmptyResult(set, handle(set));
            assertEquals(Affiliation.member, f.affiliationOf(JULIET));
            assertEquals(Optional.empty(), f.reservedNick(JULIET), "the nick only named her: nothing reserved");
            assertEquals("", f.memberNicks.get(JULIET.toBareJID()));
        }

        @Test
        void anItemNamingNoOccupantIsItemNotFound() throws Exception {
            final IQ set = adminSet(ROMEO, "<item affiliation='member' nick='Nobody'/>");
            assertError(set, handle(set), PacketError.Condition.item_not_found, PacketError.Type.cancel);
            f.assertNothingChanged(List.of());
        }

        @Test
        void anEmptyNickClearsTheReservation() throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            f.reserve(JULIET, "Juliet");
            final IQ set = adminSet(ROMEO, item("member", JULIET, ""));
            assertEmptyResult(set, handle(set));
            assertEquals(Optional.empty(), f.reservedNick(JULIET));
            assertEquals(Affiliation.member, f.affiliationOf(JULIET));
        }

        @Test
        void noNickLeavesTheReservationAsItIs() throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            f.reserve(JULIET, "Juliet");
            final IQ set = adminSet(ROMEO, item("admin", JULIET, null));
            assertEmptyResult(set, handle(set));
            assertEquals(Optional.of("Juliet"), f.reservedNick(JULIET));
            assertEquals(Affiliation.admin, f.affiliationOf(JULIET));
        }

        @ParameterizedTest
        @ValueSource(strings = {"Juliet", "juliet", "\uFF2Auliet", "Juliet "})
        void aNickReservedByAnotherJidIsAConflictAndNothingChanges(String nick) throws Exception {
            f.setAffiliation(NURSE, Affiliation.member);
            f.reserve(NURSE, "Juliet");
            f.join(ROSALINE, "Juliet", Role.participant);
            final List<Reservation> before = f.allReservations();
            f.forget();
            final IQ set = adminSet(ROMEO, item("member", JULIET, nick));
            assertError(set, handle(set), PacketError.Condition.conflict, PacketError.Type.cancel);
            f.assertNothingChanged(before);
            assertEquals(Affiliation.none, f.affiliationOf(JULIET));
        }

        @ParameterizedTest
        @ValueSource(strings = {"   ", "Jul&#x200B;iet", "Jul&#x202E;iet"})
        void anInvalidNickIsNotAcceptable(String nick) throws Exception {
            f.join(ROSALINE, "Rosaline", Role.participant);
            final IQ set = adminSet(ROMEO, item("member", JULIET, nick));
            assertError(set, handle(set), PacketError.Condition.not_acceptable, PacketError.Type.modify);
            f.assertNothingChanged(List.of());
        }

        @Test
        void anOversizedNickIsNotAcceptable() throws Exception {
            final IQ set = adminSet(ROMEO, item("member", JULIET, "J".repeat(256)));
            assertError(set, handle(set), PacketError.Condition.not_acceptable, PacketError.Type.modify);
            f.assertNothingChanged(List.of());
        }

        @Test
        void theNickIsStoredAsGiven() throws Exception {
            handle(adminSet(ROMEO, item("member", JULIET, "\uFF2Auliet")));
            final Reservation r = f.allReservations().get(0);
            assertEquals("Juliet", r.nickname());
            assertEquals("juliet", r.nickKey());
        }

        @Test
        void theTargetsOwnOccupantIsNotKicked() throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            f.join(JULIET, "juliet", Role.participant);
            handle(adminSet(ROMEO, item("member", JULIET, "Juliet")));
            verify(f.room, never()).kickOccupant(any(), any(), any(), any(), any(), any());
            assertEquals(Optional.of("Juliet"), f.reservedNick(JULIET));
        }

        @Test
        void banningClearsTheReservationAndOpenfiresPresencesAreSent() throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            f.reserve(JULIET, "Juliet");
            f.join(JULIET, "Juliet", Role.participant);
            final IQ set = adminSet(ROMEO, "<item affiliation='outcast' jid='user2@localhost' nick='Juliet'>"
                + "<reason>Banished</reason></item>");
            assertEmptyResult(set, handle(set));
            verify(f.room).addOutcast(JULIET.asBareJID(), "Banished", ROMEO, Affiliation.owner, Role.moderator);
            assertEquals(Optional.empty(), f.reservedNick(JULIET));
            assertEquals(1, f.roomSent.size());
            assertEquals("unavailable", f.roomSent.get(0).getElement().attributeValue("type"));
            verify(f.room, never()).kickOccupant(any(), any(), any(), any(), any(), any());
        }

        @Test
        void removingTheAffiliationClearsTheReservation() throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            f.reserve(JULIET, "Juliet");
            handle(adminSet(ROMEO, item("none", JULIET, null)));
            assertEquals(Optional.empty(), f.reservedNick(JULIET));
            assertXml("<message from='room@conference.localhost' to='" + ROMEO + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'><item jid='user2@localhost' affiliation='none'/></x>"
                + "</message>", f.sent.get(0));
        }

        @Test
        void twoItemsReservingOneNickChangeNothing() throws Exception {
            final IQ set = adminSet(ROMEO, item("member", JULIET, "Juliet") + item("member", NURSE, "juliet"));
            assertError(set, handle(set), PacketError.Condition.conflict, PacketError.Type.cancel);
            f.assertNothingChanged(List.of());
        }

        @Test
        void aChangeOpenfireRefusesKicksNobody() throws Exception {
            f.join(ROSALINE, "Romy", Role.participant);
            doThrow(new ConflictException()).when(f.room).addMember(eq(ROMEO.asBareJID()), any(), any());
            final IQ set = adminSet(ROMEO, item("member", ROMEO, "Romy"));
            assertError(set, handle(set), PacketError.Condition.conflict, PacketError.Type.cancel);
            verify(f.room, never()).kickOccupant(any(), any(), any(), any(), any(), any());
            assertEquals(Optional.empty(), f.reservedNick(ROMEO));
        }
    }

    @Nested
    class Actors {
        @Test
        void inANonAnonymousRoomEveryoneSeesTheActorsJid() throws Exception {
            f.nonAnonymous = true;
            f.join(ROSALINE, "Rosaline", Role.participant);
            f.join(JULIET, "Juliet", Role.participant);
            handle(adminSet(ROMEO, item("member", ROSALINE, "Rosaline")));
            assertXml("<presence from='room@conference.localhost/Rosaline' to='" + JULIET + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item affiliation='member' role='participant' jid='" + ROSALINE + "'>"
                + "<actor jid='" + ROMEO + "' nick='Romeo'/></item></x></presence>", f.sentTo(JULIET).get(0));
        }

        @Test
        void anAdminOutsideTheRoomIsNamedByJidOnlyToJidViewers() throws Exception {
            f.setAffiliation(NURSE, Affiliation.admin);
            f.join(ROSALINE, "Rosaline", Role.participant);
            handle(adminSet(NURSE, item("member", ROSALINE, "Rosaline")));
            assertXml("<presence from='room@conference.localhost/Rosaline' to='" + ROMEO + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item affiliation='member' role='participant' jid='" + ROSALINE + "'>"
                + "<actor jid='" + NURSE + "'/></item></x></presence>", f.sentTo(ROMEO).get(0));
            assertXml("<presence from='room@conference.localhost/Rosaline' to='" + ROSALINE + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item affiliation='member' role='participant' jid='" + ROSALINE + "'/>"
                + "<status code='110'/></x></presence>", f.sentTo(ROSALINE).get(0));
        }

        @Test
        void aTargetWithTwoResourcesGetsTheSelfCopyOnEach() throws Exception {
            final JID rosalineMobile = new JID("user3@localhost/mobile");
            f.join(ROSALINE, "Rosaline", Role.participant);
            f.join(rosalineMobile, "Rosaline", Role.participant);
            handle(adminSet(ROMEO, item("member", ROSALINE, null)));
            // two subjects × three recipients
            assertEquals(6, f.sent.size(), f.sent::toString);
            for (org.xmpp.packet.Packet p : f.sentTo(ROSALINE)) {
                assertEquals("http://jabber.org/protocol/muc#user", p.getElement().element("x").getNamespaceURI());
            }
            assertEquals("110", f.sentTo(ROSALINE).get(0).getElement().element("x").element("status")
                .attributeValue("code"));
        }
    }

    @Nested
    class Permissions {
        static Stream<Arguments> refused() {
            return Stream.of(
                Arguments.of(Affiliation.member, Affiliation.none, "member", PacketError.Condition.forbidden, PacketError.Type.auth),
                Arguments.of(Affiliation.none, Affiliation.none, "member", PacketError.Condition.forbidden, PacketError.Type.auth),
                Arguments.of(Affiliation.outcast, Affiliation.none, "member", PacketError.Condition.forbidden, PacketError.Type.auth),
                Arguments.of(Affiliation.admin, Affiliation.none, "admin", PacketError.Condition.forbidden, PacketError.Type.auth),
                Arguments.of(Affiliation.admin, Affiliation.none, "owner", PacketError.Condition.forbidden, PacketError.Type.auth),
                Arguments.of(Affiliation.admin, Affiliation.owner, "member", PacketError.Condition.forbidden, PacketError.Type.auth),
                Arguments.of(Affiliation.admin, Affiliation.admin, "none", PacketError.Condition.forbidden, PacketError.Type.auth),
                Arguments.of(Affiliation.admin, Affiliation.owner, "outcast", PacketError.Condition.not_allowed, PacketError.Type.cancel),
                Arguments.of(Affiliation.admin, Affiliation.admin, "outcast", PacketError.Condition.not_allowed, PacketError.Type.cancel));
        }

        @ParameterizedTest(name = "{0} sets a {1} to {2}")
        @MethodSource("refused")
        void refusedWithNothingChanged(Affiliation actor, Affiliation target, String wanted,
                                       PacketError.Condition condition, PacketError.Type type) throws Exception {
            f.setAffiliation(NURSE, actor);
            f.join(NURSE, "Nurse", Role.participant);
            f.setAffiliation(TYBALT, target);
            f.join(ROSALINE, "Tybalt", Role.participant);
            final IQ set = adminSet(NURSE, item(wanted, TYBALT, "Tybalt"));
            assertError(set, handle(set), condition, type);
            f.assertNothingChanged(List.of());
            assertEquals(target, f.affiliationOf(TYBALT));
        }

        @Test
        void anAdminManagesMembersWithNicks() throws Exception {
            f.setAffiliation(NURSE, Affiliation.admin);
            f.join(ROSALINE, "Juliet", Role.participant);
            final IQ set = adminSet(NURSE, item("member", JULIET, "Juliet"));
            assertEmptyResult(set, handle(set));
            verify(f.room).addMember(JULIET.asBareJID(), "Juliet", Affiliation.admin);
            verify(f.room).kickOccupant(ROSALINE, Affiliation.owner, Role.moderator, null, null,
                "This nickname is reserved");
            assertEquals(Optional.of("Juliet"), f.reservedNick(JULIET));
        }

        @Test
        void anOwnerMayNotBanThemself() throws Exception {
            final IQ set = adminSet(ROMEO, item("outcast", ROMEO, null));
            assertError(set, handle(set), PacketError.Condition.conflict, PacketError.Type.cancel);
            f.assertNothingChanged(List.of());
        }

        @Test
        void allItemsAreCheckedBeforeAnyIsApplied() throws Exception {
            f.setAffiliation(NURSE, Affiliation.admin);
            final IQ set = adminSet(NURSE, item("member", JULIET, "Juliet") + item("owner", ROSALINE, null));
            assertError(set, handle(set), PacketError.Condition.forbidden, PacketError.Type.auth);
            f.assertNothingChanged(List.of());
        }

        @Test
        void theLastOwnerCannotLeave() throws Exception {
            doThrow(new ConflictException()).when(f.room).addMember(eq(ROMEO.asBareJID()), any(), any());
            final IQ set = adminSet(ROMEO, item("member", ROMEO, null));
            assertError(set, handle(set), PacketError.Condition.conflict, PacketError.Type.cancel);
            assertEquals(Affiliation.owner, f.affiliationOf(ROMEO));
        }
    }

    @Nested
    class Lists {
        @Test
        void aListIsReadUnderTheLockWithOneQueryAndTheRoomIsNotSynced() throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            f.reserve(JULIET, "Juliet");
            f.setAffiliation(ROSALINE, Affiliation.member);
            f.forget();
            handle(adminGet(ROMEO, "member"));
            verify(f.lock).lock();
            verify(f.lock).unlock();
            verify(f.service, never()).syncChatRoom(any());
            verify(f.store, org.mockito.Mockito.atMost(1)).listRoom(any());
            verify(f.store, never()).findByJid(any(), any());
        }

        static Stream<Arguments> permissions() {
            return Stream.of(
                // list, asker, members-only, non-anonymous, allowed
                Arguments.of("member", Affiliation.owner, false, false, true),
                Arguments.of("member", Affiliation.admin, false, false, true),
                Arguments.of("member", Affiliation.member, false, false, false),
                Arguments.of("member", Affiliation.member, true, false, true),
                Arguments.of("member", Affiliation.none, false, false, false),
                Arguments.of("member", Affiliation.none, true, false, false),
                Arguments.of("outcast", Affiliation.admin, false, false, true),
                Arguments.of("outcast", Affiliation.member, false, false, false),
                Arguments.of("owner", Affiliation.owner, false, false, true),
                Arguments.of("owner", Affiliation.admin, false, false, false),
                Arguments.of("owner", Affiliation.none, false, true, true),
                Arguments.of("admin", Affiliation.member, false, false, false),
                Arguments.of("admin", Affiliation.owner, false, false, true));
        }

        @ParameterizedTest(name = "{0} list asked by {1}, members-only {2}, non-anonymous {3}: {4}")
        @MethodSource("permissions")
        void whoMaySeeWhichList(String list, Affiliation asker, boolean membersOnly, boolean nonAnonymous,
                                boolean allowed) throws Exception {
            f.membersOnly = membersOnly;
            f.nonAnonymous = nonAnonymous;
            f.setAffiliation(NURSE, asker);
            final IQ get = adminGet(NURSE, list);
            final IQ reply = handle(get);
            if (allowed) {
                assertEquals(IQ.Type.result, reply.getType(), reply::toXML);
            } else {
                assertError(get, reply, PacketError.Condition.forbidden, PacketError.Type.auth);
            }
        }

        @Test
        void theOwnerListHasNicksToo() throws Exception {
            f.reserve(ROMEO, "Romeo");
            assertXml("<iq from='room@conference.localhost' type='result' id='member3' to='" + ROMEO + "'>"
                + "<query xmlns='http://jabber.org/protocol/muc#admin'>"
                + "<item jid='user@localhost' affiliation='owner' nick='Romeo'/></query></iq>",
                handle(adminGet(ROMEO, "owner")));
        }

        @Test
        void outcastsHaveNoNicks() throws Exception {
            f.setAffiliation(TYBALT, Affiliation.outcast);
            f.reserve(TYBALT, "Tybalt");
            assertXml("<iq from='room@conference.localhost' type='result' id='member3' to='" + ROMEO + "'>"
                + "<query xmlns='http://jabber.org/protocol/muc#admin'>"
                + "<item jid='user5@localhost' affiliation='outcast'/></query></iq>",
                handle(adminGet(ROMEO, "outcast")));
        }
    }

    @Nested
    class Plumbing {
        @Test
        void roleChangesGoToOpenfiresHandler() throws Exception {
            final IQAdminHandler openfire = mock(IQAdminHandler.class);
            when(f.room.getIQAdminHandler()).thenReturn(openfire);
            final IQ set = adminSet(ROMEO, "<item role='visitor' nick='Juliet'/>");
            assertNull(handle(set), "Openfire routes its own reply");
            verify(openfire).handleIQ(set, romeo);
            verify(f.lock).unlock();
        }

        @Test
        void openfiresRefusalsBecomeErrors() throws Exception {
            final IQAdminHandler openfire = mock(IQAdminHandler.class);
            when(f.room.getIQAdminHandler()).thenReturn(openfire);
            doThrow(new ForbiddenException()).when(openfire).handleIQ(any(), any());
            final IQ set = adminSet(ROSALINE, "<item role='moderator' nick='Juliet'/>");
            assertError(set, handle(set), PacketError.Condition.forbidden, PacketError.Type.auth);
        }

        @Test
        void aRequestWithMoreItemsThanTheLimitIsRefusedWholeBeforeTheRoomIsLocked() throws Exception {
            final MucAdminHandler limited = Handlers.admin(f.service, f.changes, 2);
            final String three = item("member", JULIET, "Juliet") + item("member", ROSALINE, "Rosaline")
                + item("member", NURSE, "Nurse");
            final IQ set = adminSet(ROMEO, three);
            final IQ answer = limited.handleIQ(set);
            assertError(set, answer, PacketError.Condition.not_acceptable, PacketError.Type.modify);
            assertEquals("At most 2 items per request on this server; this one has 3", answer.getError().getText());
            verify(f.lock, never()).lock();
            f.assertNothingChanged(List.of());

            final IQ two = adminSet(ROMEO, item("member", JULIET, "Juliet") + item("member", ROSALINE, "Rosaline"));
            assertEquals(IQ.Type.result, limited.handleIQ(two).getType(), "at the limit: made");
        }

        @Test
        void aRoomThatDoesNotExist() {
            final IQ set = Xml.iq("<iq id='x' to='nowhere@conference.localhost' from='" + ROMEO + "' type='set'>"
                + "<query xmlns='http://jabber.org/protocol/muc#admin'>" + item("member", JULIET, null) + "</query></iq>");
            assertError(set, handle(set), PacketError.Condition.item_not_found, PacketError.Type.cancel);
        }

        @Test
        void theServiceItselfIsNotARoom() {
            final IQ set = Xml.iq("<iq id='x' to='conference.localhost' from='" + ROMEO + "' type='get'>"
                + "<query xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='member'/></query></iq>");
            assertError(set, handle(set), PacketError.Condition.feature_not_implemented, PacketError.Type.cancel);
        }

        @Test
        void responsesAreNotAnswered() {
            assertNull(handle(Xml.iq("<iq id='x' to='room@conference.localhost' from='" + ROMEO + "' type='result'/>")));
        }

        @Test
        void malformedRequests() {
            final IQ noItems = adminSet(ROMEO, "");
            assertError(noItems, handle(noItems), PacketError.Condition.bad_request, PacketError.Type.modify);
        }

        @Test
        void aFailureInsideGivesAnInternalServerErrorWithoutDetails() throws Exception {
            doThrow(new IllegalStateException("connection refused: jdbc:secret")).when(f.store).put(any());
            final IQ set = adminSet(ROMEO, item("member", JULIET, "Juliet"));
            final IQ reply = handle(set);
            assertXml("<iq type='error' id='member1' from='room@conference.localhost' to='" + ROMEO + "'>"
                + "<error type='wait'><internal-server-error xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
                reply);
            assertFalse(reply.toXML().contains("Exception"));
            verify(f.lock).unlock();
        }
    }
}
