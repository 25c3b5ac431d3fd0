package org.mucregistration.storage;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The caching store keeps the store contract, answers warm lookups (absence included) without the store behind it,
 * and every write, made through any node, is seen by every node at once.
 */
class CachingReservationStoreTest extends ReservationStoreContract {

    @Override
    protected ReservationStore createStore() {
        return new CachingReservationStore(new InMemoryReservationStore(), new ConcurrentHashMap<>(),
            new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    }

    /** Two nodes of a cluster: one database, one (clustered) pair of caches, a caching store on each node. */
    @Nested
    class TwoNodes {
        final InMemoryReservationStore database = spy(new InMemoryReservationStore());
        final Map<String, String> byNick = new ConcurrentHashMap<>();
        final Map<String, String> byJid = new ConcurrentHashMap<>();
        final Map<String, String> byRoom = new ConcurrentHashMap<>();
        final CachingReservationStore nodeA = new CachingReservationStore(database, byNick, byJid, byRoom);
        final CachingReservationStore nodeB = new CachingReservationStore(database, byNick, byJid, byRoom);

        @Test
        void aWarmLookupAskesNothingOfTheDatabaseEvenWhenNobodyHoldsTheNickname() throws Exception {
            database.put(res(LOBBY, "tybalt@capulet.lit", "Tybalt"));
            assertEquals(Optional.empty(), nodeA.findByNickKey(LOBBY, "benvolio"));
            assertEquals("tybalt@capulet.lit", nodeA.findByNickKey(LOBBY, "tybalt").orElseThrow().bareJid());
            assertEquals(Optional.empty(), nodeA.findByJid(LOBBY, "benvolio@montague.lit"));
            clearInvocations(database);

            for (int i = 0; i < 3; i++) {
                assertEquals(Optional.empty(), nodeB.findByNickKey(LOBBY, "benvolio"));
                assertEquals(Optional.of(res(LOBBY, "tybalt@capulet.lit", "Tybalt")),
                    nodeB.findByNickKey(LOBBY, "tybalt"));
                assertEquals(Optional.empty(), nodeB.findByJid(LOBBY, "benvolio@montague.lit"));
            }
            verify(database, never()).findByNickKey(any(), anyString());
            verify(database, never()).findByJid(any(), anyString());
        }

        @Test
        void aNicknameIsKnownFreeOnlyWhileTheCachedAnswerIsNobodyAndAnyWriteOfItDropsThatAnswer() throws Exception {
            database.put(res(LOBBY, "tybalt@capulet.lit", "Tybalt"));
            assertEquals(false, nodeB.knownFree(LOBBY, "juliet"), "never looked up: not known");
            assertEquals(false, nodeA.knownFree(LOBBY, "tybalt"));
            nodeA.findByNickKey(LOBBY, "juliet");
            nodeA.findByNickKey(LOBBY, "tybalt");
            clearInvocations(database);
            assertEquals(true, nodeB.knownFree(LOBBY, "juliet"), "nobody, as looked up through the other node");
            assertEquals(false, nodeB.knownFree(LOBBY, "tybalt"), "held: not free");
            verify(database, never()).findByNickKey(any(), anyString());

            nodeA.put(res(LOBBY, "juliet@capulet.lit", "Juliet"));
            assertEquals(false, nodeB.knownFree(LOBBY, "juliet"), "a write of the nickname drops the answer");
        }

        @Test
        void aRegistrationThroughOneNodeIsSeenByTheOtherAtOnce() throws Exception {
            assertEquals(Optional.empty(), nodeB.findByNickKey(LOBBY, "juliet")); // B remembers: nobody
            assertEquals(Optional.empty(), nodeB.findByJid(LOBBY, "juliet@capulet.lit"));

            nodeA.put(res(LOBBY, "juliet@capulet.lit", "Juliet"));

            assertEquals(Optional.of(res(LOBBY, "juliet@capulet.lit", "Juliet")), nodeB.findByNickKey(LOBBY, "juliet"));
            assertEquals(Optional.of(res(LOBBY, "juliet@capulet.lit", "Juliet")),
                nodeB.findByJid(LOBBY, "juliet@capulet.lit"));
        }

        @Test
        void aChangedNicknameFreesTheOldOneOnEveryNode() throws Exception {
            nodeA.put(res(LOBBY, "juliet@capulet.lit", "Juliet"));
            assertEquals("juliet@capulet.lit", nodeB.findByNickKey(LOBBY, "juliet").orElseThrow().bareJid());

            nodeA.apply(LOBBY, List.of(new ReservationWrite.Put(res(LOBBY, "juliet@capulet.lit", "Jules"))));

            assertEquals(Optional.empty(), nodeB.findByNickKey(LOBBY, "juliet"), "the old nickname is free");
            assertEquals("juliet@capulet.lit", nodeB.findByNickKey(LOBBY, "jules").orElseThrow().bareJid());
        }

        @Test
        void aRemovalAndADestroyedRoomAreSeenEverywhere() throws Exception {
            nodeA.put(res(LOBBY, "juliet@capulet.lit", "Juliet"));
            nodeA.put(res(LOBBY, "romeo@montague.lit", "Romeo"));
            nodeA.put(res(ATTIC, "romeo@montague.lit", "Romeo"));
            nodeB.findByNickKey(LOBBY, "juliet");
            nodeB.findByNickKey(LOBBY, "romeo");
            nodeB.findByNickKey(ATTIC, "romeo");

            nodeA.remove(LOBBY, "juliet@capulet.lit");
            assertEquals(Optional.empty(), nodeB.findByNickKey(LOBBY, "juliet"));
            assertEquals(Optional.empty(), nodeB.findByJid(LOBBY, "juliet@capulet.lit"));

            nodeA.removeRoom(LOBBY);
            assertEquals(Optional.empty(), nodeB.findByNickKey(LOBBY, "romeo"));
            assertEquals("romeo@montague.lit", nodeB.findByNickKey(ATTIC, "romeo").orElseThrow().bareJid(),
                "another room keeps its entries");
        }

        @Test
        void withTheDatabaseDownWhatIsCachedIsStillAnsweredAndAMissFails() throws Exception {
            database.put(res(LOBBY, "tybalt@capulet.lit", "Tybalt"));
            nodeA.findByNickKey(LOBBY, "tybalt");
            final ReservationStoreException down = new ReservationStoreException("connection refused", null);
            doThrow(down).when(database).findByNickKey(any(), anyString());
            doThrow(down).when(database).findByJid(any(), anyString());
            doThrow(down).when(database).listRoom(any());

            assertEquals("tybalt@capulet.lit", nodeB.findByNickKey(LOBBY, "tybalt").orElseThrow().bareJid());
            assertEquals(Optional.empty(), nodeB.findByNickKey(LOBBY, "benvolio"), "the room's listing is whole");
            assertThrows(ReservationStoreException.class, () -> nodeB.findByNickKey(ATTIC, "mercutio"),
                "a room not read yet");
            assertThrows(ReservationStoreException.class,
                () -> nodeB.put(res(LOBBY, "mercutio@verona.lit", "Mercutio")), "a write needs the database");
            assertThrows(ReservationStoreException.class, () -> nodeB.findByNickKey(LOBBY, "mercutio"),
                "the failed write's outcome is unknown: the room's listing is gone with it");
        }

        @Test
        void aWriteThatFailsStillForgetsWhatItMayHaveChanged() throws Exception {
            nodeA.findByNickKey(LOBBY, "juliet");
            doThrow(new ReservationStoreException("connection reset during commit", null)).when(database)
                .apply(any(), any());
            assertThrows(ReservationStoreException.class, () -> nodeA.put(res(LOBBY, "juliet@capulet.lit", "Juliet")));
            assertEquals(Map.of(), byNick, "nothing cached about juliet: the commit's outcome is unknown");
            assertEquals(Map.of(), byRoom, "nor the room's listing");
        }

        @Test
        void aSmallRoomIsReadOnceAndThenAnswersEveryNicknameAndEveryUserWithoutTheDatabase() throws Exception {
            database.put(res(LOBBY, "tybalt@capulet.lit", "Tybalt"));
            database.put(res(LOBBY, "juliet@capulet.lit", "Juliet"));
            assertEquals(Optional.empty(), nodeA.findByNickKey(LOBBY, "benvolio"));
            verify(database, times(1)).listRoomIfAtMost(LOBBY, CachingReservationStore.ROOM_LISTING_MAX);
            clearInvocations(database);

            for (String nick : List.of("romeo", "mercutio", "nurse", "tybalt\t", "juliet")) {
                assertEquals(nick.equals("juliet"), nodeB.findByNickKey(LOBBY, nick).isPresent(), nick);
                assertEquals(!nick.equals("juliet"), nodeB.knownFree(LOBBY, nick), nick);
            }
            assertEquals(Optional.of(res(LOBBY, "tybalt@capulet.lit", "Tybalt")), nodeB.findByNickKey(LOBBY, "tybalt"));
            assertEquals(Optional.of(res(LOBBY, "juliet@capulet.lit", "Juliet")),
                nodeB.findByJid(LOBBY, "juliet@capulet.lit"));
            assertEquals(Optional.empty(), nodeB.findByJid(LOBBY, "capulet.lit"));
            assertEquals(Optional.empty(), nodeB.findByJid(LOBBY, "romeo@montague.lit"));
            verifyNoInteractions(database);
        }

        @Test
        void aWriteUpdatesTheListingInPlaceOnEveryNode() throws Exception {
            database.put(res(LOBBY, "tybalt@capulet.lit", "Tybalt"));
            database.put(res(LOBBY, "juliet@capulet.lit", "Juliet"));
            nodeB.findByNickKey(LOBBY, "romeo");

            nodeA.apply(LOBBY, List.of(new ReservationWrite.Remove("tybalt@capulet.lit"),
                new ReservationWrite.Put(res(LOBBY, "romeo@montague.lit", "Tybalt")),
                new ReservationWrite.Put(res(LOBBY, "juliet@capulet.lit", "Jules"))));
            clearInvocations(database);

            assertEquals(Optional.of(res(LOBBY, "romeo@montague.lit", "Tybalt")), nodeB.findByNickKey(LOBBY, "tybalt"));
            assertEquals(Optional.empty(), nodeB.findByNickKey(LOBBY, "juliet"), "juliet's old nickname is free");
            assertEquals(Optional.of(res(LOBBY, "juliet@capulet.lit", "Jules")), nodeB.findByNickKey(LOBBY, "jules"));
            assertEquals(Optional.empty(), nodeB.findByJid(LOBBY, "tybalt@capulet.lit"));
            nodeA.remove(LOBBY, "romeo@montague.lit");
            assertEquals(Optional.empty(), nodeB.findByNickKey(LOBBY, "tybalt"));
            verify(database, never()).listRoomIfAtMost(any(), anyInt());
            verify(database, never()).findByNickKey(any(), anyString());
            verify(database, never()).findByJid(any(), anyString());
        }

        @Test
        void aRoomWithMoreThanTheMostAListingHoldsIsAnsweredNicknameByNickname() throws Exception {
            final int max = CachingReservationStore.ROOM_LISTING_MAX;
            for (int i = 0; i < max; i++) {
                database.put(res(LOBBY, "user" + i + "@verona.lit", "nick" + i));
            }
            assertEquals(Optional.empty(), nodeA.findByNickKey(LOBBY, "romeo"), "listed: one short of too many");
            nodeA.put(res(LOBBY, "romeo@montague.lit", "Romeo")); // one more than a listing holds
            clearInvocations(database);

            assertEquals("romeo@montague.lit", nodeB.findByNickKey(LOBBY, "romeo").orElseThrow().bareJid());
            assertEquals("nick7", nodeB.findByJid(LOBBY, "user7@verona.lit").orElseThrow().nickname());
            assertEquals(Optional.empty(), nodeB.findByNickKey(LOBBY, "benvolio"));
            assertEquals(Optional.empty(), nodeB.findByNickKey(LOBBY, "benvolio"));
            verify(database, times(1)).findByNickKey(LOBBY, "romeo");
            verify(database, times(1)).findByNickKey(LOBBY, "benvolio");
            verify(database, never()).listRoomIfAtMost(any(), anyInt());

            byRoom.clear(); // the mark expired: the room is read again, and found too big again
            assertEquals("nick8", nodeB.findByJid(LOBBY, "user8@verona.lit").orElseThrow().nickname());
            assertEquals(true, nodeB.knownFree(LOBBY, "benvolio"));
            assertEquals(false, nodeB.knownFree(LOBBY, "mercutio"), "never looked up in a room without listing");
        }

        /**
         * Writes through either node in a random order, each followed by every lookup through the other node: the
         * answers are always the database's.
         */
        @Test
        void whateverTheWritesTheCachedAnswersAreTheDatabases() throws Exception {
            final java.util.Random random = new java.util.Random(20261203L);
            final List<String> users = List.of("a@x.lit", "b@x.lit", "c@x.lit", "d@x.lit", "e@x.lit");
            final List<String> nicks = List.of("one", "two", "three", "four");
            final List<RoomKey> rooms = List.of(LOBBY, ATTIC);
            for (int step = 0; step < 2000; step++) {
                final CachingReservationStore writer = random.nextBoolean() ? nodeA : nodeB;
                final CachingReservationStore reader = writer == nodeA ? nodeB : nodeA;
                final RoomKey room = rooms.get(random.nextInt(rooms.size()));
                final String user = users.get(random.nextInt(users.size()));
                switch (random.nextInt(5)) {
                    case 0, 1 -> {
                        try {
                            writer.put(res(room, user, nicks.get(random.nextInt(nicks.size()))));
                        } catch (NicknameTakenException taken) {
                            // the database's answer too
                        }
                    }
                    case 2 -> writer.remove(room, user);
                    case 3 -> {
                        try {
                            writer.apply(room, List.of(new ReservationWrite.Remove(user), new ReservationWrite.Put(
                                res(room, users.get(random.nextInt(users.size())),
                                    nicks.get(random.nextInt(nicks.size()))))));
                        } catch (NicknameTakenException taken) {
                            // idem
                        }
                    }
                    default -> {
                        if (random.nextInt(10) == 0) {
                            writer.removeRoom(room);
                        }
                    }
                }
                for (RoomKey r : rooms) {
                    for (String u : users) {
                        assertEquals(database.findByJid(r, u), reader.findByJid(r, u), "step " + step + " " + u);
                    }
                    for (String n : nicks) {
                        assertEquals(database.findByNickKey(r, n), reader.findByNickKey(r, n), "step " + step + " " + n);
                        if (reader.knownFree(r, n)) {
                            assertEquals(Optional.empty(), database.findByNickKey(r, n), "step " + step + " " + n);
                        }
                    }
                }
            }
        }
    }
}
