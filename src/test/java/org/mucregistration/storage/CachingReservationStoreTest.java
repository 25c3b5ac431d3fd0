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
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

/**
 * The caching store keeps the store contract, answers warm lookups (absence included) without the store behind it,
 * and every write, made through any node, is seen by every node at once.
 */
class CachingReservationStoreTest extends ReservationStoreContract {

    @Override
    protected ReservationStore createStore() {
        return new CachingReservationStore(new InMemoryReservationStore(), new ConcurrentHashMap<>(),
            new ConcurrentHashMap<>());
    }

    /** Two nodes of a cluster: one database, one (clustered) pair of caches, a caching store on each node. */
    @Nested
    class TwoNodes {
        final InMemoryReservationStore database = spy(new InMemoryReservationStore());
        final Map<String, String> byNick = new ConcurrentHashMap<>();
        final Map<String, String> byJid = new ConcurrentHashMap<>();
        final CachingReservationStore nodeA = new CachingReservationStore(database, byNick, byJid);
        final CachingReservationStore nodeB = new CachingReservationStore(database, byNick, byJid);

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
            nodeA.findByNickKey(LOBBY, "benvolio");
            final ReservationStoreException down = new ReservationStoreException("connection refused", null);
            doThrow(down).when(database).findByNickKey(any(), anyString());
            doThrow(down).when(database).findByJid(any(), anyString());

            assertEquals("tybalt@capulet.lit", nodeB.findByNickKey(LOBBY, "tybalt").orElseThrow().bareJid());
            assertEquals(Optional.empty(), nodeB.findByNickKey(LOBBY, "benvolio"));
            assertThrows(ReservationStoreException.class, () -> nodeB.findByNickKey(LOBBY, "mercutio"));
            assertThrows(ReservationStoreException.class,
                () -> nodeB.put(res(LOBBY, "mercutio@verona.lit", "Mercutio")), "a write needs the database");
        }

        @Test
        void aWriteThatFailsStillForgetsWhatItMayHaveChanged() throws Exception {
            nodeA.findByNickKey(LOBBY, "juliet");
            doThrow(new ReservationStoreException("connection reset during commit", null)).when(database)
                .apply(any(), any());
            assertThrows(ReservationStoreException.class, () -> nodeA.put(res(LOBBY, "juliet@capulet.lit", "Juliet")));
            assertEquals(Map.of(), byNick, "nothing cached about juliet: the commit's outcome is unknown");
        }
    }
}
