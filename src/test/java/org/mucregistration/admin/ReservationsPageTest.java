package org.mucregistration.admin;

import org.jivesoftware.openfire.muc.Affiliation;
import org.jivesoftware.openfire.muc.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mucregistration.openfire.MucFixture;
import org.mucregistration.openfire.RoomChanges;
import org.mucregistration.storage.Reservation;
import org.mucregistration.storage.ReservationStoreException;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.atMost;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class ReservationsPageTest {
    static final String ROMEO = "romeo@example.org";
    static final String JULIET = "juliet@example.org";
    static final String ROSALINE = "rosaline@example.org";
    static final String TYBALT = "tybalt@example.org";

    AdminMuc muc;
    MucFixture lobby;
    ReservationsPage page;

    @BeforeEach
    void setUp() throws Exception {
        muc = new AdminMuc();
        lobby = muc.room("conference", "lobby");
        lobby.setAffiliation(ROMEO, Affiliation.owner);
        lobby.join(ROMEO + "/orchard", "Romeo", Role.moderator);
        page = muc.page();
    }

    static String keys(Outcome outcome) {
        return outcome.getMessages().stream().map(m -> m.getType() + ":" + m.getKey()).collect(Collectors.joining(","));
    }

    // ----------------------------------------------------------------------------------------------------- listing

    @Nested
    class Listings {
        @Test
        void listsAPageWithAffiliationAndPresenceOfEachHolder() throws Exception {
            muc.reserve("conference", "lobby", ROMEO, "Romeo");
            muc.reserve("conference", "lobby", JULIET, "Juliet");
            lobby.setAffiliation(JULIET, Affiliation.member);

            final Listing listing = page.list(Query.of(null, null, null, null, null));

            assertEquals("conference", listing.getService());
            assertEquals("conference.example.org", listing.getServiceDomain());
            assertEquals(2, listing.getTotal());
            final List<Row> rows = listing.getRows();
            assertEquals(List.of(JULIET, ROMEO), rows.stream().map(Row::getJid).collect(Collectors.toList()),
                "ordered by room, then nickname");
            final Row juliet = rows.get(0);
            final Row romeo = rows.get(1);
            assertAll(
                () -> assertEquals("lobby@conference.example.org", juliet.getRoomJid()),
                () -> assertEquals("Juliet", juliet.getNickname()),
                () -> assertEquals("member", juliet.getAffiliation()),
                () -> assertFalse(juliet.isInRoom()),
                () -> assertFalse(juliet.isStale()),
                () -> assertEquals("owner", romeo.getAffiliation()),
                () -> assertTrue(romeo.isInRoom()),
                () -> assertEquals("Romeo", romeo.getOccupantNicknames()));
        }

        @Test
        void defaultServiceIsConferenceAndServicesAreOfferedByName() throws Exception {
            muc.service("zoo");
            muc.service("archive");
            final Listing listing = page.list(Query.of("", "", "", "", ""));
            assertEquals("conference", listing.getService());
            assertEquals(List.of("archive", "conference", "zoo"),
                listing.getServices().stream().map(ServiceChoice::getName).collect(Collectors.toList()));
            assertEquals(List.of(false, true, false),
                listing.getServices().stream().map(ServiceChoice::isSelected).collect(Collectors.toList()));
        }

        @Test
        void aReservationOfAUserWhoLostTheAffiliationIsShownAsVoidAndNotDeletedByListing() throws Exception {
            muc.reserve("conference", "lobby", TYBALT, "Tybalt");
            muc.reserve("conference", "gone", JULIET, "Juliet"); // a room that no longer exists

            final List<Row> rows = page.list(Query.of("conference", "", "", "1", "25")).getRows();

            assertEquals(2, rows.size());
            final Row orphan = rows.get(0);
            final Row tybalt = rows.get(1);
            assertAll(
                () -> assertFalse(orphan.isRoomExists()),
                () -> assertTrue(orphan.isStale()),
                () -> assertNull(orphan.getAffiliation()),
                () -> assertEquals("none", tybalt.getAffiliation()),
                () -> assertTrue(tybalt.isStale()),
                () -> assertEquals(2, muc.reservationCount("conference"), "a GET changes nothing"));
        }

        @Test
        void searchesByFragmentOfJidOrNicknameInTheDatabase() throws Exception {
            muc.reserve("conference", "lobby", ROMEO, "Romeo");
            muc.reserve("conference", "lobby", JULIET, "Capulet");
            clearInvocations(muc.store);

            final Listing byJid = page.list(Query.of("conference", "", "JULI", "1", "25"));
            final Listing byNick = page.list(Query.of("conference", "", "pule", "1", "25"));

            assertEquals(List.of(JULIET), byJid.getRows().stream().map(Row::getJid).collect(Collectors.toList()));
            assertEquals(List.of(JULIET), byNick.getRows().stream().map(Row::getJid).collect(Collectors.toList()));
            verify(muc.store).search("conference", null, "JULI", 0, 25);
            verify(muc.store, never()).listRoom(any());
        }

        @Test
        void restrictsToOneRoomNormalisingItsName() throws Exception {
            muc.room("conference", "garden");
            muc.reserve("conference", "lobby", ROMEO, "Romeo");
            muc.reserve("conference", "garden", JULIET, "Juliet");

            final Listing listing = page.list(Query.of("conference", " Garden ", "", "", ""));

            assertEquals("garden", listing.getRoom());
            assertEquals(List.of(JULIET), listing.getRows().stream().map(Row::getJid).collect(Collectors.toList()));
            assertTrue(listing.getMessages().isEmpty(), listing.getMessages().toString());
        }

        @Test
        void anUnknownRoomOrServiceIsSaid() throws Exception {
            final Listing room = page.list(Query.of("conference", "nosuchroom", "", "", ""));
            assertEquals(List.of("warning:mucregistration.reservations.list.unknown-room",
                    "info:mucregistration.reservations.list.no-match"),
                room.getMessages().stream().map(m -> m.getType() + ":" + m.getKey()).collect(Collectors.toList()));

            final Listing service = page.list(Query.of("nosuch", "", "", "", ""));
            assertNull(service.getService());
            assertTrue(service.getRows().isEmpty());
            assertEquals("mucregistration.reservations.error.unknown-service", service.getMessages().get(0).getKey());
            assertEquals(List.of("nosuch"), service.getMessages().get(0).getArgs());

            final Listing invalid = page.list(Query.of("conference", "a b@c", "", "", ""));
            assertEquals("mucregistration.reservations.error.room-invalid", invalid.getMessages().get(0).getKey());
        }

        @Test
        void pagesThroughAHundredThousandReservationsLookingUpOnlyTheRowsShown() throws Exception {
            for (int i = 0; i < 100_000; i++) {
                muc.reserve("conference", "lobby", "user" + i + "@example.org", String.format("nick%06d", i));
            }
            clearInvocations(muc.store, lobby.room);

            final Listing listing = page.list(Query.of("conference", "", "", "2000", "50"));

            assertEquals(100_000, listing.getTotal());
            assertEquals(2000, listing.getPageCount());
            assertEquals(50, listing.getRows().size());
            assertEquals(99_951, listing.getFirst());
            assertEquals(100_000, listing.getLast());
            assertEquals("nick099950", listing.getRows().get(0).getNickname());
            verify(muc.store).search("conference", null, null, 99_950, 50);
            verify(muc.store, never()).listRoom(any());
            // One look-up per row shown, not per reservation of the service.
            verify(lobby.room, atMost(50)).getAffiliation(any());
            verify(lobby.room, atMost(50)).getOccupantsByBareJID(any());
        }

        @Test
        void aPageBeyondTheEndShowsTheLastPage() throws Exception {
            for (int i = 0; i < 30; i++) {
                muc.reserve("conference", "lobby", "user" + i + "@example.org", "nick" + i);
            }
            final Listing listing = page.list(Query.of("conference", "", "", "99", "25"));
            assertEquals(2, listing.getPage());
            assertEquals(5, listing.getRows().size());
            assertEquals(26, listing.getFirst());
            assertEquals(0, listing.getNextPage());
            assertEquals(1, listing.getPreviousPage());
        }

        @Test
        void pageNavigationShowsFirstLastAndNeighbours() throws Exception {
            final Query q = Query.of("conference", "", "", "50", "25");
            final Listing listing = new Listing(List.of(),
                "conference", "conference.example.org", q, 50, 100_000, List.of(), List.of(), false, List.of());
            assertEquals("1 ... 48 49 [50] 51 52 ... 4000", listing.getPageLinks().stream().map(PageLink::toString)
                .collect(Collectors.joining(" ")));
            final Listing first = new Listing(List.of(),
                "conference", "conference.example.org", q, 1, 60, List.of(), List.of(), false, List.of());
            assertEquals("[1] 2 3", first.getPageLinks().stream().map(PageLink::toString)
                .collect(Collectors.joining(" ")));
        }

        @Test
        void roomPickerOffersAtMostAThousandSortedNames() throws Exception {
            IntStream.range(0, 1200).forEach(i -> muc.room("conference", String.format("room%04d", 1199 - i)));
            final Listing listing = page.list(Query.of("conference", "", "", "", ""));
            assertEquals(ReservationsPage.MAX_ROOM_CHOICES, listing.getRoomNames().size());
            assertTrue(listing.isRoomNamesTruncated());
            assertEquals(List.of("lobby", "room0000"), listing.getRoomNames().subList(0, 2));
            assertEquals(new TreeSet<>(listing.getRoomNames()).stream().collect(Collectors.toList()),
                listing.getRoomNames());
        }

        @Test
        void servicesOfOpenfiresManagerAreUsed() throws Exception {
            final org.jivesoftware.openfire.muc.MultiUserChatManager manager =
                org.mockito.Mockito.mock(org.jivesoftware.openfire.muc.MultiUserChatManager.class);
            final ReservationsPage.Services services = ReservationsPage.Services.of(manager);
            services.all();
            services.named("conference");
            verify(manager).getMultiUserChatServices();
            verify(manager).getMultiUserChatService("conference");
        }
    }

    // ------------------------------------------------------------------------------------------------------ adding

    @Nested
    class Adding {
        @Test
        void aUserWithNoAffiliationBecomesAMemberAndIsReserved() throws Exception {
            final Outcome outcome = page.add("conference", "lobby", JULIET, "Juliet");

            assertEquals("success:mucregistration.reservations.result.added-member", keys(outcome));
            assertEquals(List.of("Juliet", JULIET, "lobby@conference.example.org", "member"),
                outcome.getMessages().get(0).getArgs());
            assertTrue(outcome.isChanged());
            assertEquals(Affiliation.member, lobby.affiliationOf(new org.xmpp.packet.JID(JULIET)));
            assertEquals("Juliet", muc.reservedNick("conference", "lobby", JULIET).orElseThrow());
            assertEquals(1, muc.audit.size());
            assertTrue(muc.audit.get(0)[0].contains("reserved the nickname 'Juliet' for " + JULIET
                + " in lobby@conference.example.org"), muc.audit.get(0)[0]);
        }

        @Test
        void ownersAdminsAndMembersKeepTheirAffiliation() throws Exception {
            lobby.setAffiliation(JULIET, Affiliation.admin);
            final Outcome outcome = page.add("conference", "lobby", JULIET, "Juliet");
            assertEquals("success:mucregistration.reservations.result.added", keys(outcome));
            assertEquals(Affiliation.admin, lobby.affiliationOf(new org.xmpp.packet.JID(JULIET)));
            verify(lobby.room, never()).addMember(any(), any(), any());
        }

        @Test
        void aUsernameAloneIsAUserOfThisServerAndAResourceIsDropped() throws Exception {
            assertEquals("success:mucregistration.reservations.result.added-member",
                keys(page.add("conference", "lobby", "juliet", "Juliet")));
            assertEquals("success:mucregistration.reservations.result.added-member",
                keys(page.add("conference", "lobby", "Rosaline@Example.org/garden", "Rosaline")));
            assertEquals("Juliet", muc.reservedNick("conference", "lobby", JULIET).orElseThrow());
            assertEquals("Rosaline", muc.reservedNick("conference", "lobby", ROSALINE).orElseThrow());
        }

        @Test
        void anOccupantOfAnotherUserUsingTheNicknameIsRemovedAsOnTheXmppPath() throws Exception {
            lobby.join(TYBALT + "/street", "Juliet", Role.participant);

            final Outcome outcome = page.add("conference", "lobby", JULIET, "juliet");

            assertEquals("success:mucregistration.reservations.result.added-member,"
                + "info:mucregistration.reservations.result.kicked", keys(outcome));
            assertEquals(1, lobby.kicks.size());
            assertEquals(TYBALT + "/street", lobby.kicks.get(0)[0]);
            assertEquals(RoomChanges.RESERVED_REASON, lobby.kicks.get(0)[1]);
            assertEquals("This nickname is reserved", lobby.kicks.get(0)[1]);
        }

        @Test
        void theHolderInTheRoomIsRepublishedAndOthersAreToldWhenNot() throws Exception {
            lobby.nonAnonymous = true;
            lobby.join(JULIET + "/balcony", "Jules", Role.participant);
            page.add("conference", "lobby", JULIET, "Juliet");
            final List<Packet> toRomeo = lobby.sentTo(ROMEO + "/orchard");
            assertTrue(toRomeo.stream().anyMatch(p -> p instanceof Presence
                && p.getFrom().toString().equals("lobby@conference.example.org/Jules")
                && p.toXML().contains("affiliation=\"member\"")), toRomeo.toString());

            lobby.sent.clear();
            page.add("conference", "lobby", ROSALINE, "Rosaline");
            final List<Packet> notice = lobby.sentTo(ROMEO + "/orchard");
            assertEquals(1, notice.size(), notice.toString());
            assertTrue(notice.get(0) instanceof Message);
            assertTrue(notice.get(0).toXML().contains("jid=\"" + ROSALINE + "\"") && notice.get(0).toXML()
                .contains("affiliation=\"member\""), notice.get(0).toXML());
        }

        @Test
        void aNicknameReservedByAnotherUserIsRefusedAndNothingChanges() throws Exception {
            muc.reserve("conference", "lobby", ROMEO, "Romeo");
            clearInvocations(lobby.room, muc.store);

            final Outcome outcome = page.add("conference", "lobby", JULIET, "ROMEO");

            assertEquals("error:mucregistration.reservations.error.nick-taken", keys(outcome));
            assertEquals(List.of("ROMEO", ROMEO), outcome.getMessages().get(0).getArgs());
            assertNothingChanged(outcome);
            assertEquals(Affiliation.none, lobby.affiliationOf(new org.xmpp.packet.JID(JULIET)));
        }

        @Test
        void anOutcastIsRefused() throws Exception {
            lobby.setAffiliation(JULIET, Affiliation.outcast);
            clearInvocations(lobby.room, muc.store);
            final Outcome outcome = page.add("conference", "lobby", JULIET, "Juliet");
            assertEquals("error:mucregistration.reservations.error.outcast", keys(outcome));
            assertNothingChanged(outcome);
            assertEquals(Affiliation.outcast, lobby.affiliationOf(new org.xmpp.packet.JID(JULIET)));
        }

        @Test
        void addingASecondNicknameReplacesTheFirst() throws Exception {
            muc.reserve("conference", "lobby", ROMEO, "Romeo");
            final Outcome outcome = page.add("conference", "lobby", ROMEO, "Montague");
            assertEquals("success:mucregistration.reservations.result.changed", keys(outcome));
            assertEquals("Montague", muc.reservedNick("conference", "lobby", ROMEO).orElseThrow());
            assertEquals(1, muc.reservationCount("conference"));
        }

        @Test
        void markupInANicknameIsKeptAsText() throws Exception {
            final Outcome outcome = page.add("conference", "lobby", JULIET, "<script>alert(1)</script>");
            assertTrue(outcome.isChanged(), outcome.toString());
            assertEquals("<script>alert(1)</script>", muc.reservedNick("conference", "lobby", JULIET).orElseThrow());
            assertEquals("<script>alert(1)</script>", page.list(Query.of("conference", "", "script", "", ""))
                .getRows().get(0).getNickname());
        }

        @ParameterizedTest
        @ValueSource(strings = {"bad jid@example.org", "a@b@c", "@example.org", "juliet@", "<b>@example.org"})
        void anInvalidJidIsRefused(String jid) throws Exception {
            final Outcome outcome = page.add("conference", "lobby", jid, "Juliet");
            assertEquals("error:mucregistration.reservations.error.jid-invalid", keys(outcome));
            assertNothingChanged(outcome);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   "})
        void anEmptyNicknameIsRefused(String nick) throws Exception {
            final Outcome outcome = page.add("conference", "lobby", JULIET, nick);
            assertEquals("error:mucregistration.reservations.error.nick-required", keys(outcome));
            assertNothingChanged(outcome);
        }

        @ParameterizedTest
        @ValueSource(strings = {"Jul\u0007iet", "Jul\tiet", "Jul\u200Biet", "Jul\u202Eiet"})
        void aNicknamePrecisRefusesIsRefused(String nick) throws Exception {
            final Outcome outcome = page.add("conference", "lobby", JULIET, nick);
            assertEquals("error:mucregistration.reservations.error.nick-invalid", keys(outcome));
            assertNothingChanged(outcome);
        }

        @Test
        void aTooLongNicknameIsRefused() throws Exception {
            final Outcome outcome = page.add("conference", "lobby", JULIET, "x".repeat(256));
            assertEquals("error:mucregistration.reservations.error.nick-invalid", keys(outcome));
            assertNothingChanged(outcome);
        }

        @Test
        void anUnknownRoomOrServiceOrMissingFieldIsRefused() throws Exception {
            assertEquals("error:mucregistration.reservations.error.unknown-room",
                keys(page.add("conference", "nosuchroom", JULIET, "Juliet")));
            assertEquals("error:mucregistration.reservations.error.unknown-service",
                keys(page.add("nosuch", "lobby", JULIET, "Juliet")));
            assertEquals("error:mucregistration.reservations.error.room-required",
                keys(page.add("conference", " ", JULIET, "Juliet")));
            assertEquals("error:mucregistration.reservations.error.room-invalid",
                keys(page.add("conference", "a:b", JULIET, "Juliet")));
            assertEquals("error:mucregistration.reservations.error.jid-required",
                keys(page.add("conference", "lobby", null, "Juliet")));
            assertEquals(0, muc.reservationCount("conference"));
            assertTrue(muc.audit.isEmpty());
            verify(lobby.room, never()).addMember(any(), any(), any());
        }
    }

    // ------------------------------------------------------------------------------------------- changing, removing

    @Nested
    class WhenTheDatabaseFails {
        private final ReservationStoreException down = new ReservationStoreException("connection refused", null);

        @Test
        void theListSaysSoInsteadOfFailingThePage() throws Exception {
            muc.reserve("conference", "lobby", ROMEO, "Romeo");
            doThrow(down).when(muc.store).search(any(), any(), any(), anyInt(), anyInt());

            final Listing listing = page.list(Query.of(null, "lobby", null, null, null));

            assertEquals(List.of(), listing.getRows());
            assertEquals("error:mucregistration.reservations.error.storage", listing.getMessages().stream()
                .map(m -> m.getType() + ":" + m.getKey()).collect(Collectors.joining(",")));
        }

        @Test
        void anAdditionThatCannotBeStoredChangesNothingAndSaysWhy() throws Exception {
            lobby.setAffiliation(ROSALINE, Affiliation.admin);
            doThrow(down).when(muc.store).apply(any(), anyList());

            final Outcome outcome = page.add("conference", "lobby", ROSALINE, "Rosaline");

            assertEquals("error:mucregistration.reservations.error.storage", keys(outcome));
            assertTrue(outcome.isRefused());
            assertEquals(Affiliation.admin, lobby.room.getAffiliation(new JID(ROSALINE)), "affiliation unchanged");
            assertEquals(0, muc.reservationCount("conference"), "nothing stored");
        }

        @Test
        void aRemovalWhoseRowCannotBeReadChangesNothingAndSaysWhy() throws Exception {
            lobby.setAffiliation(ROSALINE, Affiliation.admin);
            muc.reserve("conference", "lobby", ROSALINE, "Rosaline");
            doThrow(down).when(muc.store).findByJid(any(), anyString());

            final Outcome outcome = page.remove("conference", "lobby", ROSALINE);

            assertEquals("error:mucregistration.reservations.error.storage", keys(outcome));
            doCallRealMethod().when(muc.store).findByJid(any(), anyString());
            assertEquals(1, muc.reservationCount("conference"), "the reservation is still there");
        }
    }

    @Nested
    class Changing {
        @Test
        void changesTheNicknameKeepingTheAffiliation() throws Exception {
            lobby.setAffiliation(JULIET, Affiliation.member);
            muc.reserve("conference", "lobby", JULIET, "Juliet");

            final Outcome outcome = page.changeNickname("conference", "lobby", JULIET, "Jules");

            assertEquals("success:mucregistration.reservations.result.changed", keys(outcome));
            assertEquals(List.of(JULIET, "lobby@conference.example.org", "Juliet", "Jules"),
                outcome.getMessages().get(0).getArgs());
            assertEquals("Jules", muc.reservedNick("conference", "lobby", JULIET).orElseThrow());
            assertEquals(Affiliation.member, lobby.affiliationOf(new org.xmpp.packet.JID(JULIET)));
            assertTrue(muc.audit.get(0)[0].contains("from 'Juliet' to 'Jules'"), muc.audit.get(0)[0]);
        }

        @Test
        void changingNeedsAReservation() throws Exception {
            final Outcome outcome = page.changeNickname("conference", "lobby", JULIET, "Jules");
            assertEquals("error:mucregistration.reservations.error.no-reservation", keys(outcome));
            assertNothingChanged(outcome);
        }

        @Test
        void theSameNicknameChangesNothing() throws Exception {
            lobby.setAffiliation(JULIET, Affiliation.member);
            muc.reserve("conference", "lobby", JULIET, "Juliet");
            clearInvocations(lobby.room, muc.store);
            final Outcome outcome = page.changeNickname("conference", "lobby", JULIET, "Juliet");
            assertEquals("info:mucregistration.reservations.result.unchanged", keys(outcome));
            assertFalse(outcome.isChanged());
            verify(muc.store, never()).put(any());
        }

        @Test
        void changingToANicknameOfAnotherUserIsRefused() throws Exception {
            lobby.setAffiliation(JULIET, Affiliation.member);
            muc.reserve("conference", "lobby", JULIET, "Juliet");
            muc.reserve("conference", "lobby", ROMEO, "Romeo");
            clearInvocations(lobby.room, muc.store);
            final Outcome outcome = page.changeNickname("conference", "lobby", JULIET, "romeo");
            assertEquals("error:mucregistration.reservations.error.nick-taken", keys(outcome));
            assertNothingChanged(outcome);
            assertEquals("Juliet", muc.reservedNick("conference", "lobby", JULIET).orElseThrow());
        }

        @Test
        void removingClearsTheNicknameOnlyAndTellsTheRoom() throws Exception {
            lobby.nonAnonymous = true;
            lobby.setAffiliation(JULIET, Affiliation.member);
            muc.reserve("conference", "lobby", JULIET, "Juliet");

            final Outcome outcome = page.remove("conference", "lobby", JULIET);

            assertEquals("success:mucregistration.reservations.result.removed", keys(outcome));
            assertEquals(List.of("Juliet", JULIET, "lobby@conference.example.org", "member"),
                outcome.getMessages().get(0).getArgs());
            assertTrue(muc.reservedNick("conference", "lobby", JULIET).isEmpty());
            assertEquals(Affiliation.member, lobby.affiliationOf(new org.xmpp.packet.JID(JULIET)));
            assertEquals(1, lobby.sentTo(ROMEO + "/orchard").size(), "the out-of-room notice, as on the XMPP path");
            assertTrue(muc.audit.get(0)[0].contains("removed the reserved nickname 'Juliet' of " + JULIET),
                muc.audit.get(0)[0]);
        }

        @Test
        void removingAVoidReservationDeletesIt() throws Exception {
            muc.reserve("conference", "lobby", TYBALT, "Tybalt");
            final Outcome outcome = page.remove("conference", "lobby", TYBALT);
            assertEquals("success:mucregistration.reservations.result.removed-void", keys(outcome));
            assertEquals(0, muc.reservationCount("conference"));
            verify(lobby.room, never()).addNone(any(), any());
            assertEquals(1, muc.audit.size());
        }

        @Test
        void removingNeedsAReservationAndAKnownRoom() throws Exception {
            assertEquals("error:mucregistration.reservations.error.no-reservation",
                keys(page.remove("conference", "lobby", JULIET)));
            assertEquals("error:mucregistration.reservations.error.unknown-room",
                keys(page.remove("conference", "nosuchroom", JULIET)));
            assertTrue(muc.audit.isEmpty());
        }

        @Test
        void theEditFormFindsTheReservation() throws Exception {
            lobby.setAffiliation(JULIET, Affiliation.member);
            muc.reserve("conference", "lobby", JULIET, "Juliet");
            final Reservation found = page.reservation("conference", "Lobby", JULIET).orElseThrow();
            assertEquals("Juliet", found.nickname());
            assertTrue(page.reservation("conference", "lobby", ROMEO).isEmpty());
            assertTrue(page.reservation("nosuch", "lobby", JULIET).isEmpty());
            assertTrue(page.reservation("conference", "lobby", "a b").isEmpty());
        }
    }

    /** A refused change: an error message, nothing stored, no affiliation changed, nothing sent, no audit entry. */
    void assertNothingChanged(Outcome outcome) throws Exception {
        assertTrue(outcome.isRefused(), outcome.toString());
        assertFalse(outcome.isChanged());
        verify(muc.store, never()).put(any());
        verify(muc.store, never()).remove(any(), anyString());
        verify(lobby.room, never()).addMember(any(), any(), any());
        verify(lobby.room, never()).addNone(any(), any());
        verify(lobby.room, never()).addOwner(any(), any());
        verify(lobby.room, never()).addAdmin(any(), any());
        verify(lobby.room, never()).kickOccupant(any(), any(), any(), any(), any(), any());
        assertTrue(lobby.sent.isEmpty(), lobby.sent.toString());
        assertTrue(muc.audit.isEmpty(), "no audit entry");
    }
}
