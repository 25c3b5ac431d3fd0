package org.mucregistration.openfire;

import org.jivesoftware.openfire.muc.Affiliation;
import org.jivesoftware.openfire.muc.MUCOccupant;
import org.jivesoftware.openfire.muc.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.InOrder;
import org.mucregistration.protocol.Xml;
import org.mucregistration.storage.Reservation;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mucregistration.openfire.MucFixture.JULIET;
import static org.mucregistration.openfire.MucFixture.NURSE;
import static org.mucregistration.openfire.MucFixture.ROMEO;
import static org.mucregistration.openfire.MucFixture.ROSALINE;
import static org.mucregistration.openfire.Stanzas.assertEmptyResult;
import static org.mucregistration.openfire.Stanzas.assertError;
import static org.mucregistration.openfire.Stanzas.registerForm;
import static org.mucregistration.openfire.Stanzas.registerGet;
import static org.mucregistration.openfire.Stanzas.registerSet;
import static org.mucregistration.openfire.Stanzas.roomUserItem;
import static org.mucregistration.openfire.Stanzas.unregister;
import static org.mucregistration.protocol.Xml.assertXml;

/** jabber:iq:register and x-roomuser-item answered by the plugin, against a mocked Openfire room. */
class RegistrationHandlerTest {
    private static final String FORM_REPLY_QUERY = "<query xmlns='jabber:iq:register'>"
        + "<x type='form' xmlns='jabber:x:data'>"
        + "<field type='hidden' var='FORM_TYPE'><value>http://jabber.org/protocol/muc#register</value></field>"
        + "<field type='text-single' label='Nickname' var='muc#register_roomnick'><required/></field>"
        + "</x></query>";

    private MucFixture f;
    private boolean unaffiliatedMayRegister;
    private RegistrationHandler handler;

    @BeforeEach
    void setUp() throws Exception {
        f = MucFixture.withRomeo();
        unaffiliatedMayRegister = false;
        handler = Handlers.registration(f.changes, () -> unaffiliatedMayRegister);
    }

    private IQ handle(IQ request) {
        return handler.register(f.service, request);
    }


    @Nested
    class TheForm {
        @Test
        void askingForTheFormDoesNotSyncTheRoomToTheCluster() throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            handle(registerGet(JULIET));
            org.mockito.Mockito.verify(f.service, org.mockito.Mockito.never()).syncChatRoom(any());
            handle(registerSet(JULIET, "Juliet"));
            org.mockito.Mockito.verify(f.service).syncChatRoom(f.room);
        }

        @Test
        void aRefusedRegistrationDoesNotSyncTheRoomToTheCluster() throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            f.setAffiliation(NURSE, Affiliation.member);
            assertEquals(IQ.Type.result, handle(registerSet(JULIET, "Juliet")).getType());
            org.mockito.Mockito.clearInvocations(f.service);
            assertEquals(PacketError.Condition.conflict,
                handle(registerSet(NURSE, "JULIET")).getError().getCondition());
            org.mockito.Mockito.verify(f.service, org.mockito.Mockito.never()).syncChatRoom(any());
        }

        @ParameterizedTest
        @EnumSource(value = Affiliation.class, names = {"owner", "admin", "member"})
        void affiliatedUsersGetExactlyTheTwoFieldForm(Affiliation affiliation) throws Exception {
            f.setAffiliation(JULIET, affiliation);
            final IQ get = registerGet(JULIET);
            assertXml("<iq type='result' from='room@conference.localhost' to='" + JULIET + "' id='jw81b36f'>"
                + FORM_REPLY_QUERY + "</iq>", handle(get));
            f.assertNothingChanged(List.of());
        }

        @Test
        void aRegisteredUserGetsTheirNickname() throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            f.reserve(JULIET, "Juliet");
            assertXml("<iq type='result' from='room@conference.localhost' to='" + JULIET + "' id='jw81b36f'>"
                + "<query xmlns='jabber:iq:register'><registered/><username>Juliet</username></query></iq>",
                handle(registerGet(JULIET)));
        }

        @Test
        void unaffiliatedUsersGetTheFormWhenRegistrationIsOpenToThem() {
            unaffiliatedMayRegister = true;
            assertXml("<iq type='result' from='room@conference.localhost' to='" + ROSALINE + "' id='jw81b36f'>"
                + FORM_REPLY_QUERY + "</iq>", handle(registerGet(ROSALINE)));
        }
    }

    @Nested
    class WhoMayRegister {
        static Stream<Arguments> refusals() {
            return Stream.of(
                Arguments.of(Affiliation.none, true, false, PacketError.Condition.registration_required, PacketError.Type.auth),
                Arguments.of(Affiliation.outcast, true, false, PacketError.Condition.forbidden, PacketError.Type.auth),
                Arguments.of(Affiliation.outcast, true, true, PacketError.Condition.forbidden, PacketError.Type.auth),
                Arguments.of(Affiliation.member, false, false, PacketError.Condition.not_allowed, PacketError.Type.cancel),
                Arguments.of(Affiliation.owner, false, false, PacketError.Condition.not_allowed, PacketError.Type.cancel));
        }

        @ParameterizedTest(name = "{0}, registration enabled {1}, open {2}")
        @MethodSource("refusals")
        void refusedForGetSetAndRemove(Affiliation affiliation, boolean enabled, boolean open,
                                       PacketError.Condition condition, PacketError.Type type) throws Exception {
            f.registrationEnabled = enabled;
            unaffiliatedMayRegister = open;
            f.setAffiliation(ROSALINE, affiliation);
            f.join(ROSALINE, "Rosaline", Role.participant);
            f.reserve(NURSE, "Nurse");
            f.setAffiliation(NURSE, Affiliation.member);
            final List<Reservation> before = f.allReservations();
            for (IQ request : List.of(registerGet(ROSALINE), registerSet(ROSALINE, "Romeo"), unregister(ROSALINE))) {
                assertError(request, handle(request), condition, type);
            }
            f.assertNothingChanged(before);
        }

        @Test
        void theSeedsRegistrationRequiredError() {
            final IQ get = Xml.iq("<iq id='reg990' to='room@conference.localhost' from='" + ROSALINE + "' type='get'>"
                + "<query xmlns='jabber:iq:register'/></iq>");
            assertXml("<iq type='error' from='room@conference.localhost' to='" + ROSALINE + "' id='reg990'>"
                + "<error type='auth'><registration-required xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
                handle(get));
        }

        @Test
        void aRoomThatDoesNotExist() throws Exception {
            final IQ get = Xml.iq("<iq id='x' to='nowhere@conference.localhost' from='" + ROMEO + "' type='get'>"
                + "<query xmlns='jabber:iq:register'/></iq>");
            assertError(get, handle(get), PacketError.Condition.item_not_found, PacketError.Type.cancel);
            final IQ set = Xml.iq("<iq id='y' to='nowhere@conference.localhost' from='" + ROMEO + "' type='set'>"
                + "<query xmlns='jabber:iq:register'><remove/></query></iq>");
            assertError(set, handle(set), PacketError.Condition.item_not_found, PacketError.Type.cancel);
            f.assertNothingChanged(List.of());
        }

        @Test
        void theRoomLockIsTakenAndReleased() {
            handle(registerGet(ROSALINE));
            final InOrder order = inOrder(f.service, f.lock);
            order.verify(f.service).getChatRoomLock("room");
            order.verify(f.lock).lock();
            order.verify(f.service).getChatRoom("room");
            order.verify(f.lock).unlock();
        }
    }

    @Nested
    class InvalidSubmissions {
        static Stream<Arguments> forms() {
            final String type = "<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#register</value></field>";
            final String nick = "<field var='muc#register_roomnick'><value>Juliet</value></field>";
            return Stream.of(
                Arguments.of("no form", ""),
                Arguments.of("username instead of a form", "<username>Juliet</username>"),
                Arguments.of("form and remove", "<remove/><x xmlns='jabber:x:data' type='submit'>" + type + nick + "</x>"),
                Arguments.of("wrong FORM_TYPE", "<x xmlns='jabber:x:data' type='submit'>"
                    + "<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>" + nick + "</x>"),
                Arguments.of("no FORM_TYPE", "<x xmlns='jabber:x:data' type='submit'>" + nick + "</x>"),
                Arguments.of("form of type form", "<x xmlns='jabber:x:data' type='form'>" + type + nick + "</x>"),
                Arguments.of("missing nickname", "<x xmlns='jabber:x:data' type='submit'>" + type + "</x>"),
                Arguments.of("empty nickname", "<x xmlns='jabber:x:data' type='submit'>" + type
                    + "<field var='muc#register_roomnick'><value></value></field></x>"),
                Arguments.of("duplicated nickname", "<x xmlns='jabber:x:data' type='submit'>" + type + nick + nick + "</x>"),
                Arguments.of("multi-valued nickname", "<x xmlns='jabber:x:data' type='submit'>" + type
                    + "<field var='muc#register_roomnick'><value>Juliet</value><value>Jules</value></field></x>"),
                Arguments.of("oversized nickname", "<x xmlns='jabber:x:data' type='submit'>" + type
                    + "<field var='muc#register_roomnick'><value>" + "J".repeat(256) + "</value></field></x>"),
                Arguments.of("only spaces", "<x xmlns='jabber:x:data' type='submit'>" + type
                    + "<field var='muc#register_roomnick'><value>   </value></field></x>"),
                Arguments.of("only no-break spaces", "<x xmlns='jabber:x:data' type='submit'>" + type
                    + "<field var='muc#register_roomnick'><value>&#160;&#160;</value></field></x>"),
                Arguments.of("zero-width joiner", "<x xmlns='jabber:x:data' type='submit'>" + type
                    + "<field var='muc#register_roomnick'><value>Jul&#8205;iet</value></field></x>"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("forms")
        void badRequestAndNothingChanged(String what, String queryContent) throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            f.join(JULIET, "Juliet", Role.participant);
            final IQ set = registerForm(JULIET, queryContent);
            assertError(set, handle(set), PacketError.Condition.bad_request, PacketError.Type.modify);
            f.assertNothingChanged(List.of());
        }

        @Test
        void aControlCharacterIsABadRequest() throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            final IQ set = registerSet(JULIET, "X");
            set.getChildElement().element("x").elements("field").get(1).element("value").setText("Jul\u0007iet");
            assertError(set, handle(set), PacketError.Condition.bad_request, PacketError.Type.modify);
            f.assertNothingChanged(List.of());
        }

        @Test
        void anUnaffiliatedUserWithOpenRegistrationIsNotMadeAMemberByABadRequest() throws Exception {
            unaffiliatedMayRegister = true;
            final IQ set = registerSet(ROSALINE, "   ");
            assertError(set, handle(set), PacketError.Condition.bad_request, PacketError.Type.modify);
            f.assertNothingChanged(List.of());
            assertEquals(Affiliation.none, f.affiliationOf(ROSALINE));
        }
    }

    @Nested
    class Conflicts {
        @ParameterizedTest
        @ValueSource(strings = {"Juliet", "juliet", "Juliet ", "\uFF2Auliet", "JULIET"})
        void nickUsedByAnotherUsersOccupant(String occupantNick) throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            f.join(ROSALINE, occupantNick, Role.participant);
            final IQ set = registerSet(JULIET, "Juliet");
            assertError(set, handle(set), PacketError.Condition.conflict, PacketError.Type.cancel);
            f.assertNothingChanged(List.of());
        }

        @ParameterizedTest
        @ValueSource(strings = {"Juliet", "juliet", "Juliet ", "\uFF2Auliet"})
        void nickPrecisEqualToAnotherUsersOccupant(String submitted) throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            f.join(ROSALINE, "Juliet", Role.participant);
            final IQ set = registerSet(JULIET, submitted);
            assertError(set, handle(set), PacketError.Condition.conflict, PacketError.Type.cancel);
            f.assertNothingChanged(List.of());
        }

        @ParameterizedTest
        @ValueSource(strings = {"Juliet", "juliet", "Juliet ", "\uFF2Auliet"})
        void nickReservedByAnotherJid(String submitted) throws Exception {
            f.setAffiliation(NURSE, Affiliation.member);
            f.reserve(NURSE, "Juliet");
            f.setAffiliation(JULIET, Affiliation.member);
            f.join(JULIET, "Jules", Role.participant);
            final List<Reservation> before = f.allReservations();
            final IQ set = registerSet(JULIET, submitted);
            assertError(set, handle(set), PacketError.Condition.conflict, PacketError.Type.cancel);
            f.assertNothingChanged(before);
        }

        @Test
        void anUnaffiliatedUserInConflictIsNotMadeAMember() throws Exception {
            unaffiliatedMayRegister = true;
            f.setAffiliation(NURSE, Affiliation.admin);
            f.reserve(NURSE, "Rosaline");
            final IQ set = registerSet(ROSALINE, "rosaline");
            assertError(set, handle(set), PacketError.Condition.conflict, PacketError.Type.cancel);
            assertEquals(Affiliation.none, f.affiliationOf(ROSALINE));
            verify(f.room, never()).addMember(any(), any(), any());
        }

        @Test
        void theUsersOwnOccupantUsingTheNickIsNoConflict() throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            f.join(JULIET, "juliet", Role.participant);
            final IQ set = registerSet(JULIET, "Juliet");
            assertEmptyResult(set, handle(set));
            assertEquals(Optional.of("Juliet"), f.reservedNick(JULIET));
        }

        @Test
        void aVoidReservationOfAnotherUserDoesNotBlock() throws Exception {
            f.reserve(NURSE, "Juliet"); // the nurse has no affiliation (any more)
            f.setAffiliation(JULIET, Affiliation.member);
            final IQ set = registerSet(JULIET, "Juliet");
            assertEmptyResult(set, handle(set));
            assertEquals(Optional.of("Juliet"), f.reservedNick(JULIET));
            assertEquals(Optional.empty(), f.reservedNick(NURSE));
        }
    }

    @Nested
    class Registering {
        @Test
        void theSeedsJulietMemberInTheRoom() throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            final MUCOccupant juliet = f.join(JULIET, "Juliet", Role.participant);
            f.join(ROSALINE, "Rosaline", Role.participant);
            f.forget();
            final IQ set = registerSet(JULIET, "Juliet");
            final IQ reply = handle(set);

            assertEmptyResult(set, reply);
            assertEquals(Optional.of("Juliet"), f.reservedNick(JULIET), "case preserved");
            verify(f.room, never()).addMember(any(), any(), any());
            assertEquals(Affiliation.member, f.affiliationOf(JULIET));
            // Each occupant gets the form of Juliet's presence meant for them.
            assertEquals(3, f.sent.size(), f.sent::toString);
            assertXml("<presence from='room@conference.localhost/Juliet' to='" + ROMEO + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item affiliation='member' jid='" + JULIET + "' role='participant'/></x></presence>",
                f.sentTo(ROMEO).get(0));
            assertXml("<presence from='room@conference.localhost/Juliet' to='" + JULIET + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item affiliation='member' jid='" + JULIET + "' role='participant'/><status code='110'/></x></presence>",
                f.sentTo(JULIET).get(0));
            assertXml("<presence from='room@conference.localhost/Juliet' to='" + ROSALINE + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item affiliation='member' role='participant'/></x></presence>",
                f.sentTo(ROSALINE).get(0));
            // Presences first, then the room is synced and unlocked, then the result is returned.
            final InOrder order = inOrder(juliet, f.service, f.lock);
            order.verify(juliet).send(any());
            order.verify(f.service).syncChatRoom(f.room);
            order.verify(f.lock).unlock();
        }

        @Test
        void inANonAnonymousRoomEveryoneSeesTheJid() throws Exception {
            f.nonAnonymous = true;
            f.setAffiliation(JULIET, Affiliation.member);
            f.join(JULIET, "Juliet", Role.participant);
            f.join(ROSALINE, "Rosaline", Role.participant);
            handle(registerSet(JULIET, "Juliet"));
            assertXml("<presence from='room@conference.localhost/Juliet' to='" + ROSALINE + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item affiliation='member' jid='" + JULIET + "' role='participant'/></x></presence>",
                f.sentTo(ROSALINE).get(0));
        }

        @Test
        void theSeedsOwnerRegistrationKeepsTheOwnerAffiliation() throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            f.join(JULIET, "Juliet", Role.participant);
            final IQ set = registerSet(ROMEO, "Romeo");
            assertEmptyResult(set, handle(set));
            assertEquals(Affiliation.owner, f.affiliationOf(ROMEO));
            verify(f.room, never()).addMember(any(), any(), any());
            verify(f.room, never()).addNone(any(), any());
            verify(f.room, never()).addOwner(any(), any());
            assertXml("<presence from='room@conference.localhost/Romeo' to='" + ROMEO + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item affiliation='owner' jid='" + ROMEO + "' role='moderator'/><status code='110'/></x></presence>",
                f.sentTo(ROMEO).get(0));
            assertXml("<presence from='room@conference.localhost/Romeo' to='" + JULIET + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item role='moderator' affiliation='owner'/></x></presence>",
                f.sentTo(JULIET).get(0));
            assertEquals(Optional.of("Romeo"), f.reservedNick(ROMEO));
        }

        @Test
        void anAdminKeepsAdmin() throws Exception {
            f.setAffiliation(NURSE, Affiliation.admin);
            final IQ set = registerSet(NURSE, "Nurse");
            assertEmptyResult(set, handle(set));
            assertEquals(Affiliation.admin, f.affiliationOf(NURSE));
            verify(f.room, never()).addMember(any(), any(), any());
            assertEquals(List.of(), f.sent, "not in the room, affiliation unchanged: no notice");
            assertEquals(Optional.of("Nurse"), f.reservedNick(NURSE));
        }

        @Test
        void anUnaffiliatedOccupantBecomesAMemberWhenRegistrationIsOpen() throws Exception {
            unaffiliatedMayRegister = true;
            f.join(ROSALINE, "Rosaline", Role.participant);
            final IQ set = registerSet(ROSALINE, "Rosaline");
            assertEmptyResult(set, handle(set));
            verify(f.room).addMember(ROSALINE.asBareJID(), "Rosaline", Affiliation.owner);
            assertEquals("rosaline", f.memberNicks.get(ROSALINE.toBareJID()), "Openfire's member nickname too");
            assertEquals(Affiliation.member, f.affiliationOf(ROSALINE));
            assertXml("<presence from='room@conference.localhost/Rosaline' to='" + ROSALINE + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item affiliation='member' jid='" + ROSALINE + "' role='participant'/><status code='110'/></x>"
                + "</presence>", f.sentTo(ROSALINE).get(0));
            assertXml("<presence from='room@conference.localhost/Rosaline' to='" + ROMEO + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item affiliation='member' jid='" + ROSALINE + "' role='participant'/></x></presence>",
                f.sentTo(ROMEO).get(0));
            assertEquals(Optional.of("Rosaline"), f.reservedNick(ROSALINE));
        }

        @Test
        void anUnaffiliatedUserOutsideTheRoomBecomesAMemberAndModeratorsAreTold() throws Exception {
            unaffiliatedMayRegister = true;
            f.join(JULIET, "Juliet", Role.participant);
            f.setAffiliation(JULIET, Affiliation.member);
            final IQ set = registerSet(ROSALINE, "Rosaline");
            assertEmptyResult(set, handle(set));
            verify(f.room).addMember(ROSALINE.asBareJID(), "Rosaline", Affiliation.owner);
            assertEquals("rosaline", f.memberNicks.get(ROSALINE.toBareJID()), "Openfire's member nickname too");
            assertEquals(1, f.sent.size(), f.sent::toString);
            assertXml("<message from='room@conference.localhost' to='" + ROMEO + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item jid='user3@localhost' affiliation='member'/></x></message>", f.sentTo(ROMEO).get(0));
        }

        @Test
        void whenOpenfireRefusesTheMembershipNothingIsKept() throws Exception {
            unaffiliatedMayRegister = true;
            org.mockito.Mockito.doThrow(new org.jivesoftware.openfire.muc.ForbiddenException())
                .when(f.room).addMember(any(), any(), any());
            final IQ set = registerSet(ROSALINE, "Rosaline");
            // Openfire's refusal, as Openfire itself answers it (the one mapping, Refusals)
            assertError(set, handle(set), PacketError.Condition.forbidden, PacketError.Type.auth);
            assertEquals(List.of(), f.allReservations(), "the reservation written first was taken back");
            assertEquals(List.of(), f.sent);
        }

        @Test
        void aMemberOutsideTheRoomIsRegisteredSilently() throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            final IQ set = registerSet(JULIET, "Juliet");
            assertEmptyResult(set, handle(set));
            assertEquals(List.of(), f.sent);
            assertEquals(Optional.of("Juliet"), f.reservedNick(JULIET));
        }

        @Test
        void theNicknameIsStoredAsGivenAndKeyedByPrecis() throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            handle(registerSet(JULIET, "\uFF2Auliet "));
            final Reservation r = f.allReservations().get(0);
            assertEquals("Juliet", r.nickname());
            assertEquals("juliet", r.nickKey());
            assertEquals("user2@localhost", r.bareJid());
        }

        @Test
        void lowerCaseIsKept() throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            handle(registerSet(JULIET, "juliet"));
            assertEquals(Optional.of("juliet"), f.reservedNick(JULIET));
        }

        @Test
        void reRegisteringReplacesTheNickAndFreesTheOldOne() throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            f.setAffiliation(NURSE, Affiliation.member);
            handle(registerSet(JULIET, "Juliet"));
            handle(registerSet(JULIET, "Jules"));
            assertEquals(Optional.of("Jules"), f.reservedNick(JULIET));
            final IQ set = registerSet(NURSE, "Juliet");
            assertEmptyResult(set, handle(set));
            assertEquals(Optional.of("Juliet"), f.reservedNick(NURSE));
        }
    }

    @Nested
    class Removing {
        @Test
        void theSeedsMemberOutsideTheRoom() throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            f.reserve(JULIET, "Juliet");
            f.join(ROSALINE, "Rosaline", Role.participant);
            final IQ remove = unregister(JULIET);
            final IQ reply = handle(remove);
            assertEmptyResult(remove, reply);
            assertEquals(Optional.empty(), f.reservedNick(JULIET));
            verify(f.room).addNone(JULIET.asBareJID(), Affiliation.owner);
            assertEquals(Affiliation.none, f.affiliationOf(JULIET));
            assertEquals(1, f.sent.size(), "moderators only in a semi-anonymous room: " + f.sent);
            assertXml("<message from='room@conference.localhost' to='" + ROMEO + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item jid='user2@localhost' affiliation='none'/></x></message>", f.sentTo(ROMEO).get(0));
        }

        @Test
        void inANonAnonymousRoomEveryoneIsTold() throws Exception {
            f.nonAnonymous = true;
            f.setAffiliation(JULIET, Affiliation.member);
            f.reserve(JULIET, "Juliet");
            f.join(ROSALINE, "Rosaline", Role.participant);
            handle(unregister(JULIET));
            assertEquals(2, f.sent.size(), f.sent::toString);
            assertXml("<message from='room@conference.localhost' to='" + ROSALINE + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item jid='user2@localhost' affiliation='none'/></x></message>", f.sentTo(ROSALINE).get(0));
        }

        @Test
        void aMemberInTheRoomHasTheirPresenceReSent() throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            f.reserve(JULIET, "Juliet");
            f.join(JULIET, "Juliet", Role.participant);
            f.join(ROSALINE, "Rosaline", Role.participant);
            final IQ remove = unregister(JULIET);
            assertEmptyResult(remove, handle(remove));
            verify(f.room).addNone(JULIET.asBareJID(), Affiliation.owner);
            assertEquals(3, f.sent.size(), f.sent::toString);
            assertXml("<presence from='room@conference.localhost/Juliet' to='" + JULIET + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item affiliation='none' jid='" + JULIET + "' role='participant'/><status code='110'/></x></presence>",
                f.sentTo(JULIET).get(0));
            assertXml("<presence from='room@conference.localhost/Juliet' to='" + ROMEO + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item affiliation='none' jid='" + JULIET + "' role='participant'/></x></presence>",
                f.sentTo(ROMEO).get(0));
            assertXml("<presence from='room@conference.localhost/Juliet' to='" + ROSALINE + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item affiliation='none' role='participant'/></x></presence>",
                f.sentTo(ROSALINE).get(0));
        }

        @Test
        void inAMembersOnlyRoomTheMemberLeavesAsOpenfireSays() throws Exception {
            f.membersOnly = true;
            f.setAffiliation(JULIET, Affiliation.member);
            f.reserve(JULIET, "Juliet");
            f.join(JULIET, "Juliet", Role.participant);
            final IQ remove = unregister(JULIET);
            assertEmptyResult(remove, handle(remove));
            assertEquals(List.of(), f.sent, "Openfire's own presences only");
            assertEquals(1, f.roomSent.size());
            assertEquals("unavailable", f.roomSent.get(0).getElement().attributeValue("type"));
            verify(f.room).send(any(), org.mockito.ArgumentMatchers.eq(f.roomItself));
        }

        @ParameterizedTest
        @EnumSource(value = Affiliation.class, names = {"owner", "admin"})
        void ownersAndAdminsKeepTheirAffiliation(Affiliation affiliation) throws Exception {
            f.setAffiliation(NURSE, affiliation);
            f.reserve(NURSE, "Nurse");
            final IQ remove = unregister(NURSE);
            assertEmptyResult(remove, handle(remove));
            assertEquals(Optional.empty(), f.reservedNick(NURSE));
            assertEquals(affiliation, f.affiliationOf(NURSE));
            verify(f.room, never()).addNone(any(), any());
            assertEquals(List.of(), f.sent, "not in the room, affiliation unchanged");
        }

        @Test
        void anOwnerInTheRoomHasTheirPresenceReSent() throws Exception {
            f.reserve(ROMEO, "Romeo");
            final IQ remove = unregister(ROMEO);
            assertEmptyResult(remove, handle(remove));
            assertEquals(Affiliation.owner, f.affiliationOf(ROMEO));
            assertXml("<presence from='room@conference.localhost/Romeo' to='" + ROMEO + "'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item affiliation='owner' jid='" + ROMEO + "' role='moderator'/><status code='110'/></x></presence>",
                f.sentTo(ROMEO).get(0));
        }
    }

    @Nested
    class RoomUserItemQueries {
        @Test
        void reservedNickIsOneIdentity() throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            f.reserve(JULIET, "Juliet");
            assertXml("<iq type='result' from='room@conference.localhost' to='" + JULIET + "' id='getnick1'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info' node='x-roomuser-item'>"
                + "<identity category='conference' name='Juliet' type='text'/></query></iq>",
                handler.reservedNick(f.service, roomUserItem(JULIET)));
        }

        @Test
        void noReservationIsAnEmptyQuery() {
            assertXml("<iq type='result' from='room@conference.localhost' to='" + ROMEO + "' id='getnick1'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info' node='x-roomuser-item'/></iq>",
                handler.reservedNick(f.service, roomUserItem(ROMEO)));
        }

        @Test
        void aVoidReservationIsAbsentAndLeftAsItIs() throws Exception {
            f.reserve(JULIET, "Juliet"); // Juliet holds no affiliation
            assertXml("<iq type='result' from='room@conference.localhost' to='" + JULIET + "' id='getnick1'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info' node='x-roomuser-item'/></iq>",
                handler.reservedNick(f.service, roomUserItem(JULIET)));
            assertEquals(1, f.allReservations().size(), "reads never write");
        }

        @Test
        void anOutcastsReservationIsVoidToo() throws Exception {
            f.setAffiliation(JULIET, Affiliation.outcast);
            f.reserve(JULIET, "Juliet");
            assertXml("<iq type='result' from='room@conference.localhost' to='" + JULIET + "' id='getnick1'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info' node='x-roomuser-item'/></iq>",
                handler.reservedNick(f.service, roomUserItem(JULIET)));
            assertEquals(1, f.allReservations().size(), "reads never write");
        }

        @Test
        void aVoidReservationIsNotShownAsRegisteredEither() throws Exception {
            unaffiliatedMayRegister = true;
            f.reserve(ROSALINE, "Rosaline");
            assertXml("<iq type='result' from='room@conference.localhost' to='" + ROSALINE + "' id='jw81b36f'>"
                + FORM_REPLY_QUERY + "</iq>", handle(registerGet(ROSALINE)));
            assertEquals(1, f.allReservations().size(), "reads never write");
        }

        @Test
        void aRoomThatDoesNotExist() {
            final IQ q = Xml.iq("<iq id='g' to='nowhere@conference.localhost' from='" + ROMEO + "' type='get'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info' node='x-roomuser-item'/></iq>");
            assertError(q, handler.reservedNick(f.service, q), PacketError.Condition.item_not_found,
                PacketError.Type.cancel);
        }

        @Test
        void theReservationOfAnotherResourceOfTheSameUserIsFound() throws Exception {
            f.setAffiliation(JULIET, Affiliation.member);
            f.reserve(JULIET, "Juliet");
            final JID otherResource = new JID("user2@localhost/tomb");
            final IQ reply = handler.reservedNick(f.service, roomUserItem(otherResource));
            assertEquals("Juliet", reply.getChildElement().element("identity").attributeValue("name"));
        }
    }

    @Test
    void aFailureInsideReleasesTheLock() {
        org.mockito.Mockito.doThrow(new IllegalStateException("database down")).when(f.store).findByJid(any(), any());
        f.setAffiliation(JULIET, Affiliation.member);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> handle(registerGet(JULIET)));
        verify(f.lock).unlock();
    }
}
