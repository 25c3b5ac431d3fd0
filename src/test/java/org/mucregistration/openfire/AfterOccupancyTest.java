package org.mucregistration.openfire;

import org.jivesoftware.openfire.muc.Affiliation;
import org.jivesoftware.openfire.muc.MUCOccupant;
import org.jivesoftware.openfire.muc.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mucregistration.protocol.Nickname;
import org.mucregistration.protocol.Xml;
import org.mucregistration.storage.CachingReservationStore;
import org.mucregistration.storage.ReservationStoreException;
import org.xmpp.packet.Presence;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mucregistration.openfire.MucFixture.JULIET;
import static org.mucregistration.openfire.MucFixture.NURSE;
import static org.mucregistration.openfire.MucFixture.ROSALINE;
import static org.mucregistration.openfire.Stanzas.join;

/**
 * The check after Openfire let a join or nickname change through: the interceptor checked the nickname before
 * Openfire took the join, without holding the room's lock until then, so a registration of the nickname may have been
 * made in between (found no occupant to refuse). Each test plays that interleaving step by step: the interceptor
 * before, what happens meanwhile, Openfire's join (the fixture's occupant), the interceptor after.
 */
class AfterOccupancyTest {
    private MucFixture f;
    private MucPacketInterceptor interceptor;

    @BeforeEach
    void setUp() {
        f = MucFixture.withRomeo();
        interceptor = new MucPacketInterceptor(new MucServices("localhost",
            name -> "conference".equals(name) ? f.service : null), Handlers.registration(f.changes, () -> false),
            f.changes, f.router, () -> false);
    }

    private void before(Presence presence) {
        interceptor.interceptPacket(presence, null, true, false);
    }

    private void after(Presence presence) {
        interceptor.interceptPacket(presence, null, true, true);
    }

    /** Juliet (of this affiliation) registers the nickname, as her registration request does. */
    private void julietRegisters(Affiliation affiliation, String nick) {
        f.setAffiliation(JULIET, affiliation);
        final ChangeOutcome outcome = f.changes.register(f.room, JULIET, Rooms.affiliation(f.room, JULIET),
            Nickname.parse(nick).orElseThrow());
        assertTrue(!outcome.isRefused(), "the registration finds nobody under the nickname yet: " + outcome);
    }

    private List<String> kicked() {
        return f.kicks.stream().map(k -> k[0] + " (" + k[1] + ")").toList();
    }

    @ParameterizedTest(name = "registered by an {0}")
    @EnumSource(value = Affiliation.class, names = {"member", "admin", "owner"})
    void aJoinerAdmittedUnderANicknameRegisteredMeanwhileIsRemoved(Affiliation registrant) throws Exception {
        final Presence joining = join(ROSALINE, "Juliet");
        before(joining);
        assertEquals(List.of(), f.routed, "not reserved when checked: let through");

        julietRegisters(registrant, "Juliet");
        f.join(ROSALINE, "Juliet", Role.participant); // Openfire admits the join it was given
        f.forget();
        after(joining);

        assertEquals(List.of(ROSALINE + " (" + RoomChanges.RESERVED_REASON + ")"), kicked());
        assertEquals(List.of(), f.occupantsOf(ROSALINE));
        final var order = inOrder(f.lock, f.room, f.service);
        order.verify(f.lock).lock();
        order.verify(f.room).kickOccupant(any(), any(), any(), any(), any(), any());
        order.verify(f.service).syncChatRoom(f.room); // the removal reaches the cluster's copy of the room
        order.verify(f.lock).unlock();
    }

    @ParameterizedTest(name = "joined as ''{0}''")
    @ValueSource(strings = {"juliet", "JULIET", "Ｊuliet"})
    void theSameNicknameUnderPrecisIsRemovedToo(String form) {
        final Presence joining = join(ROSALINE, form);
        before(joining);
        julietRegisters(Affiliation.member, "Juliet");
        f.join(ROSALINE, form, Role.participant);
        after(joining);
        assertEquals(List.of(ROSALINE + " (" + RoomChanges.RESERVED_REASON + ")"), kicked());
    }

    @Test
    void everyOtherUsersOccupantUnderTheNicknameGoesAtOnce() {
        // Two joiners let through (each on its own thread) under two forms of one nickname, which Openfire tells
        // apart; Juliet registers before Openfire admits either.
        final Presence rosaline = join(ROSALINE, "juliet");
        before(rosaline);
        julietRegisters(Affiliation.admin, "Juliet");
        f.join(ROSALINE, "juliet", Role.participant);
        f.join(NURSE, "Juliet", Role.participant);
        after(rosaline);
        assertEquals(List.of(ROSALINE + " (" + RoomChanges.RESERVED_REASON + ")",
            NURSE + " (" + RoomChanges.RESERVED_REASON + ")"), kicked());
        assertEquals(List.of(), f.changes.afterOccupancy(f.room, NURSE), "the other's check finds her gone");
    }

    @Test
    void aNicknameChangeToANicknameRegisteredMeanwhileIsRemoved() {
        final MUCOccupant rosaline = f.join(ROSALINE, "Rosaline", Role.participant);
        final Presence change = join(ROSALINE, "Juliet");
        change.deleteExtension("x", "http://jabber.org/protocol/muc");
        before(change);
        julietRegisters(Affiliation.member, "Juliet");
        f.occupants.remove(rosaline); // Openfire renames her occupant
        f.join(ROSALINE, "Juliet", Role.participant);
        after(change);
        assertEquals(List.of(ROSALINE + " (" + RoomChanges.RESERVED_REASON + ")"), kicked());
    }

    @Test
    void aJoinerWhoseNicknameNobodyRegisteredStaysAndTheRoomIsNotSynced() {
        final Presence joining = join(ROSALINE, "Juliet");
        before(joining);
        julietRegisters(Affiliation.member, "Jules"); // another nickname
        f.join(ROSALINE, "Juliet", Role.participant);
        f.forget();
        after(joining);
        assertEquals(List.of(), kicked());
        assertEquals(1, f.occupantsOf(ROSALINE).size());
        verify(f.lock).lock();
        verify(f.lock).unlock();
        verify(f.service, never()).syncChatRoom(any());
    }

    @Test
    void theHoldersOwnJoinStays() {
        julietRegisters(Affiliation.member, "Juliet");
        final Presence joining = join(JULIET, "Juliet");
        before(joining);
        f.join(JULIET, "Juliet", Role.participant);
        after(joining);
        assertEquals(List.of(), kicked());
    }

    @Test
    void aPresenceUpdateUnderTheNicknameHeldIsNotCheckedAgain() {
        f.join(ROSALINE, "Rosaline", Role.participant);
        final Presence update = join(ROSALINE, "Rosaline");
        before(update);
        f.forget();
        after(update);
        verify(f.lock, never()).lock();
        verify(f.store, never()).findByNickKey(any(), any());
    }

    @Test
    void onlyTheStanzaLetThroughIsCheckedAgain() {
        final Presence joining = join(ROSALINE, "Juliet");
        before(joining);
        julietRegisters(Affiliation.member, "Juliet");
        f.join(ROSALINE, "Juliet", Role.participant);
        f.forget();
        after(joining.createCopy()); // another stanza (the room's presences pass the interceptors too)
        verify(f.lock, never()).lock();
        assertEquals(List.of(), kicked());
        after(joining);
        assertEquals(List.of(ROSALINE + " (" + RoomChanges.RESERVED_REASON + ")"), kicked());
        f.kicks.clear();
        after(joining); // checked once
        assertEquals(List.of(), kicked());
    }

    @Test
    void aJoinRefusedBeforeIsNotCheckedAgain() {
        julietRegisters(Affiliation.member, "Juliet");
        final Presence joining = join(ROSALINE, "Juliet");
        before(joining);
        assertEquals(1, f.routed.size(), "refused: " + f.routed);
        f.forget();
        after(joining);
        verify(f.lock, never()).lock();
    }

    @Test
    void withoutTheDatabaseTheJoinStaysAndNothingThrows() {
        final Presence joining = join(ROSALINE, "Juliet");
        before(joining);
        julietRegisters(Affiliation.admin, "Juliet"); // an admin's reservation is read from the table only
        f.join(ROSALINE, "Juliet", Role.participant);
        doThrow(new ReservationStoreException("connection refused", null)).when(f.store).findByNickKey(any(), any());
        f.forget();
        after(joining); // (a WARN, not an ERROR: the join was checked moments before)
        assertEquals(List.of(), kicked());
        verify(f.lock).unlock();
        verify(f.service, never()).syncChatRoom(any());
    }

    @Test
    void anOccupantGoneMeanwhileIsNothingToCheck() {
        final Presence joining = join(ROSALINE, "Juliet");
        before(joining);
        julietRegisters(Affiliation.member, "Juliet");
        // Openfire refused the join (or she left at once): no occupant of hers.
        after(joining);
        assertEquals(List.of(), kicked());
        assertEquals(List.of(), f.changes.afterOccupancy(f.room, ROSALINE));
    }

    // ------------------------------------------------------------------------------- with the reservation cache

    /** An interceptor whose reservations go through the cache, as in Openfire (the cache being two plain maps). */
    private record Cached(RoomChanges changes, MucPacketInterceptor interceptor) {
    }

    private Cached cached() {
        return cached(false);
    }

    private Cached cached(boolean lockDownEveryRoom) {
        final Reservations reservations = new Reservations(new CachingReservationStore(f.store,
            new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>()), f.server.memberNicknames);
        final RoomChanges changes = new RoomChanges(reservations, () -> lockDownEveryRoom);
        return new Cached(changes, new MucPacketInterceptor(new MucServices("localhost",
            name -> "conference".equals(name) ? f.service : null), Handlers.registration(changes, () -> false),
            changes, f.router, () -> lockDownEveryRoom));
    }

    @Test
    void aNicknameTheCacheStillSaysIsNobodysIsNotCheckedAgainUnderTheRoomsLock() throws Exception {
        final Cached c = cached();
        final Presence joining = join(ROSALINE, "Juliet");
        c.interceptor().interceptPacket(joining, null, true, false);
        assertEquals(List.of(), f.routed, "not reserved when checked: let through");
        f.join(ROSALINE, "Juliet", Role.participant);
        clearInvocations(f.lock);

        c.interceptor().interceptPacket(joining, null, true, true);

        verify(f.lock, never()).lock();
        assertEquals(List.of(), kicked());
    }

    @ParameterizedTest(name = "registered by an {0}")
    @EnumSource(value = Affiliation.class, names = {"member", "admin", "owner"})
    void aRegistrationMeanwhileDropsTheCachedAnswerAndTheJoinerIsRemoved(Affiliation registrant) throws Exception {
        final Cached c = cached();
        final Presence joining = join(ROSALINE, "Juliet");
        c.interceptor().interceptPacket(joining, null, true, false);
        assertEquals(List.of(), f.routed, "not reserved when checked: let through");

        f.setAffiliation(JULIET, registrant);
        final ChangeOutcome outcome = c.changes().register(f.room, JULIET, Rooms.affiliation(f.room, JULIET),
            Nickname.parse("Juliet").orElseThrow());
        assertTrue(!outcome.isRefused(), "the registration finds nobody under the nickname yet: " + outcome);
        f.join(ROSALINE, "Juliet", Role.participant);
        f.forget();
        c.interceptor().interceptPacket(joining, null, true, true);

        assertEquals(List.of(ROSALINE + " (" + RoomChanges.RESERVED_REASON + ")"), kicked());
        assertEquals(List.of(), f.occupantsOf(ROSALINE));
    }

    // --------------------------------------------------------------------------------- without the room's lock

    @Test
    void aJoinUnderANicknameTheCacheKnowsIsNobodysIsLetThroughWithoutTheRoomsLock() throws Exception {
        final Cached c = cached();
        c.interceptor().interceptPacket(join(ROSALINE, "Rosaline"), null, true, false);
        verify(f.lock).lock(); // the first look-up reads the room's listing: under the lock
        clearInvocations(f.lock);

        final Presence joining = join(NURSE, "Benvolio");
        c.interceptor().interceptPacket(joining, null, true, false);
        f.join(NURSE, "Benvolio", Role.participant);
        c.interceptor().interceptPacket(joining, null, true, true);

        verify(f.lock, never()).lock();
        assertEquals(List.of(), f.routed, "let through");
        assertEquals(List.of(), kicked());
    }

    @Test
    void aNicknameOpenfireReservesForAMemberIsDecidedUnderTheLockAndRefused() throws Exception {
        final Cached c = cached();
        c.interceptor().interceptPacket(join(ROSALINE, "Rosaline"), null, true, false);
        f.setAffiliation(JULIET, Affiliation.member);
        f.memberNicks.put(JULIET.toBareJID(), "juliet"); // set by Openfire itself: the plugin's cache knows nothing
        clearInvocations(f.lock);

        c.interceptor().interceptPacket(join(NURSE, "Juliet"), null, true, false);

        verify(f.lock).lock();
        assertEquals(1, f.routed.size(), "refused");
        assertEquals("error", f.routed.get(0).getElement().attributeValue("type"));
    }

    @Test
    void inALockedDownRoomAJoinIsDecidedUnderTheLock() throws Exception {
        final Cached c = cached(true);
        c.interceptor().interceptPacket(join(ROSALINE, "Rosaline"), null, true, false);
        clearInvocations(f.lock);

        c.interceptor().interceptPacket(join(NURSE, "Benvolio"), null, true, false);

        verify(f.lock).lock();
    }

    @Test
    void aLeaveDoesNotWaitForTheRoomsLock() throws Exception {
        final Cached c = cached();
        f.join(NURSE, "Benvolio", Role.participant);
        clearInvocations(f.lock);

        c.interceptor().interceptPacket(Xml.presence("<presence type='unavailable' from='" + NURSE
            + "' to='room@conference.localhost/Benvolio'/>"), null, true, false);

        verify(f.lock, never()).lock();
    }
}
