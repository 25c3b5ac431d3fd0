package org.mucregistration.openfire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mucregistration.openfire.MucFixture.JULIET;
import static org.mucregistration.openfire.MucFixture.NURSE;
import static org.mucregistration.openfire.MucFixture.ROMEO;
import static org.mucregistration.openfire.MucFixture.ROSALINE;
import static org.mucregistration.openfire.Stanzas.adminSet;
import static org.mucregistration.openfire.Stanzas.assertEmptyResult;
import static org.mucregistration.openfire.Stanzas.assertError;
import static org.mucregistration.openfire.Stanzas.registerSet;

import org.jivesoftware.openfire.muc.Affiliation;
import org.jivesoftware.openfire.muc.ConflictException;
import org.jivesoftware.openfire.muc.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mucregistration.storage.NicknameTakenException;
import org.mucregistration.storage.Reservation;
import org.mucregistration.storage.ReservationStoreException;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every change is all or nothing: a request with several items applies every item or none; a failure of the database
 * (or a write lost to another node) changes nothing in the room; a refusal Openfire makes that could not be foreseen
 * takes the reservations back.
 */
class AllOrNothingTest {
    private MucFixture f;
    private MucAdminHandler admin;
    private RegistrationHandler registration;

    @BeforeEach
    void setUp() throws Exception {
        f = MucFixture.withRomeo();
        admin = Handlers.admin(f.service, f.changes);
        registration = Handlers.registration(f.changes, () -> true);
        f.setAffiliation(NURSE, Affiliation.admin);
        f.join(ROSALINE, "Juliet", Role.participant);
        f.forget();
    }

    private static String item(String affiliation, JID jid, String nick) {
        return "<item affiliation='" + affiliation + "' jid='" + jid.toBareJID() + "'"
            + (nick == null ? "" : " nick='" + nick + "'") + "/>";
    }

    private Map<String, Affiliation> affiliationsBefore;
    private Map<String, String> memberNicksBefore;
    private List<Reservation> reservationsBefore;

    private void remember() {
        affiliationsBefore = Map.copyOf(f.affiliations);
        memberNicksBefore = Map.copyOf(f.memberNicks);
        reservationsBefore = f.allReservations();
    }

    private void assertUnchanged() throws Exception {
        assertEquals(affiliationsBefore, Map.copyOf(f.affiliations), "affiliations");
        assertEquals(memberNicksBefore, Map.copyOf(f.memberNicks), "Openfire's member nicknames");
        assertEquals(reservationsBefore, f.allReservations(), "reservations");
        assertEquals(List.of(), f.kicks.stream().map(k -> k[0]).toList(), "nobody removed");
        assertEquals(List.of(), f.sent, "nothing sent");
        assertEquals(List.of(), f.roomSent, "nothing broadcast");
    }

    @Test
    void aRequestThatWouldLeaveTheRoomWithoutOwnersChangesNothingAtAll() throws Exception {
        remember();
        final IQ set = adminSet(ROMEO, item("member", JULIET, "Juliet") + item("admin", ROMEO, null));
        assertError(set, admin.handleIQ(set), PacketError.Condition.conflict, PacketError.Type.cancel);
        assertUnchanged();
        verify(f.room, never()).addMember(any(), any(), any());
    }

    @Test
    void aNewOwnerIsMadeBeforeTheOldOneStepsDownWhateverTheItemsOrder() throws Exception {
        final IQ set = adminSet(ROMEO, item("member", ROMEO, null) + item("owner", NURSE, null));
        assertEmptyResult(set, admin.handleIQ(set));
        assertEquals(Affiliation.owner, f.affiliationOf(NURSE));
        assertEquals(Affiliation.member, f.affiliationOf(ROMEO));
    }

    @Test
    void oneUserInTwoItemsIsABadRequest() throws Exception {
        remember();
        final IQ set = adminSet(ROMEO, item("member", JULIET, "Juliet") + item("admin", JULIET, null));
        assertError(set, admin.handleIQ(set), PacketError.Condition.bad_request, PacketError.Type.modify);
        assertUnchanged();
    }

    @Test
    void whenTheDatabaseFailsNothingChangesAndTheAnswerIsToWait() throws Exception {
        remember();
        doThrow(new ReservationStoreException("connection refused", null)).when(f.store).apply(any(), anyList());
        final IQ set = adminSet(ROMEO, item("member", JULIET, "Juliet") + item("outcast", ROSALINE, null));
        assertError(set, admin.handleIQ(set), PacketError.Condition.internal_server_error, PacketError.Type.wait);
        assertUnchanged();
        verify(f.room, never()).addOutcast(any(), any(), any(), any(), any());

        final IQ register = registerSet(JULIET, "Jules");
        assertError(register, registration.register(f.service, register), PacketError.Condition.internal_server_error,
            PacketError.Type.wait);
        assertUnchanged();
    }

    @Test
    void aChangeOfAPersistentRoomWithoutReservationWritesIsNotStartedWhenTheDatabaseDoesNotAnswer() throws Exception {
        remember();
        org.mockito.Mockito.lenient().when(f.room.isPersistent()).thenReturn(true);
        doThrow(new ReservationStoreException("connection refused", null)).when(f.store).ensureAvailable();
        // The nurse holds no reservation: no table write, only Openfire's room (which Openfire would change in
        // memory, then fail to store).
        final IQ set = adminSet(ROMEO, item("outcast", NURSE, null));
        assertError(set, admin.handleIQ(set), PacketError.Condition.internal_server_error, PacketError.Type.wait);
        assertUnchanged();
        verify(f.room, never()).addOutcast(any(), any(), any(), any(), any());
    }

    @Test
    void aValueTheDatabaseCannotHoldIsRefusedBeforeItSeesIt() throws Exception {
        remember();
        doReturn(Optional.of("bareJid (at most 255 characters)")).when(f.store).tooWide(any());
        final IQ set = adminSet(ROMEO, item("member", JULIET, "Juliet") + item("outcast", ROSALINE, null));
        final IQ answer = admin.handleIQ(set);
        assertError(set, answer, PacketError.Condition.not_acceptable, PacketError.Type.modify);
        assertEquals("The JID is longer than this server's database stores: at most 255 characters",
            answer.getError().getText());
        assertUnchanged();
        verify(f.store, never()).apply(any(), anyList());

        final IQ register = registerSet(JULIET, "Jules");
        assertError(register, registration.register(f.service, register), PacketError.Condition.not_acceptable,
            PacketError.Type.modify);
        assertUnchanged();
    }

    @Test
    void aNicknameAnotherNodeTookMeanwhileChangesNothing() throws Exception {
        remember();
        doThrow(new NicknameTakenException("tybalt@localhost")).when(f.store).apply(any(), anyList());
        final IQ set = adminSet(ROMEO, item("member", JULIET, "Juliet"));
        assertError(set, admin.handleIQ(set), PacketError.Condition.conflict, PacketError.Type.cancel);
        assertUnchanged();
    }

    @Test
    void whenOpenfireRefusesWhatCouldNotBeForeseenTheReservationsGoBack() throws Exception {
        remember();
        doThrow(new ConflictException()).when(f.room).addAdmin(eq(JULIET.asBareJID()), any());
        final IQ set = adminSet(ROMEO, item("admin", JULIET, "Juliet"));
        assertError(set, admin.handleIQ(set), PacketError.Condition.conflict, PacketError.Type.cancel);
        assertUnchanged();
        assertEquals(Optional.empty(), f.reservedNick(JULIET));
    }

    @Test
    void aFailingFirstStepOfSeveralKeepsTheLaterOnesUnmade() throws Exception {
        remember();
        doThrow(new ConflictException()).when(f.room).addMember(eq(JULIET.asBareJID()), any(), any());
        final IQ set = adminSet(ROMEO, item("member", JULIET, "Juliet") + item("outcast", ROSALINE, null));
        assertError(set, admin.handleIQ(set), PacketError.Condition.conflict, PacketError.Type.cancel);
        assertUnchanged();
        verify(f.room, never()).addOutcast(any(), any(), any(), any(), any());
    }
}
