package org.mucregistration.storage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mucregistration.protocol.Nickname;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link ReservationStore} must do. A subclass per implementation supplies a fresh, empty store for
 * each test. Names and keys in here are lower-case ASCII where order matters, so that every database collation
 * orders them as {@link String#compareTo} does.
 */
abstract class ReservationStoreContract {

    static final String SERVICE = "conference";
    static final RoomKey LOBBY = new RoomKey(SERVICE, "lobby");
    static final RoomKey ATTIC = new RoomKey(SERVICE, "attic");
    static final RoomKey OTHER_SERVICE_LOBBY = new RoomKey("chat", "lobby");

    ReservationStore store;

    /** A new store with no reservations. */
    protected abstract ReservationStore createStore() throws Exception;

    @BeforeEach
    void createEmptyStore() throws Exception {
        store = createStore();
    }

    /** A reservation whose key is the nickname in lower case (what PRECIS does to ASCII). */
    /** A reservation as the plugin writes it: the nickname enforced and keyed under PRECIS. */
    static Reservation reserve(RoomKey room, String bareJid, String nickname) {
        final Nickname nick = Nickname.parse(nickname).orElseThrow();
        return new Reservation(room.service(), room.room(), bareJid, nick.display(), nick.key());
    }

    static Reservation res(RoomKey room, String bareJid, String nickname) {
        return new Reservation(room.service(), room.room(), bareJid, nickname, nickname.toLowerCase(Locale.ROOT));
    }

    // --- find, put, replace ---------------------------------------------------------------------------------------

    @Test
    void anEmptyStoreFindsNothing() {
        assertEquals(Optional.empty(), store.findByJid(LOBBY, "juliet@capulet.lit"));
        assertEquals(Optional.empty(), store.findByNickKey(LOBBY, "juliet"));
        assertEquals(List.of(), store.listRoom(LOBBY));
        assertEquals(new ReservationStore.Page(List.of(), 0), store.search(SERVICE, null, null, 0, 10));
    }

    @Test
    void aStoredReservationIsFoundByJidAndByNickKey() throws Exception {
        final Reservation juliet = res(LOBBY, "juliet@capulet.lit", "Juliet");
        store.put(juliet);

        assertEquals(Optional.of(juliet), store.findByJid(LOBBY, "juliet@capulet.lit"));
        assertEquals(Optional.of(juliet), store.findByNickKey(LOBBY, "juliet"));
        assertEquals(Optional.empty(), store.findByJid(LOBBY, "romeo@montague.lit"));
        assertEquals(Optional.empty(), store.findByNickKey(LOBBY, "romeo"));
        assertEquals(Optional.empty(), store.findByJid(ATTIC, "juliet@capulet.lit"), "another room");
        assertEquals(Optional.empty(), store.findByJid(OTHER_SERVICE_LOBBY, "juliet@capulet.lit"), "another service");
    }

    @Test
    void theNicknameKeepsItsCaseAndFormWhileTheKeyFindsIt() throws Exception {
        final Reservation r = new Reservation(SERVICE, "lobby", "juliet@capulet.lit", "JuLiet ÉTÉ", "juliet été");
        store.put(r);

        final Reservation found = store.findByNickKey(LOBBY, "juliet été").orElseThrow();
        assertEquals("JuLiet ÉTÉ", found.nickname());
        assertEquals("juliet été", found.nickKey());
        assertEquals(Optional.empty(), store.findByNickKey(LOBBY, "JuLiet ÉTÉ"), "keys are compared exactly");
        assertEquals(Optional.empty(), store.findByNickKey(LOBBY, "juliet ete"), "accents are not ignored");
    }

    @Test
    void puttingANewNickReplacesTheUsersRowAndFreesTheOldNick() throws Exception {
        store.put(res(LOBBY, "juliet@capulet.lit", "Juliet"));
        store.put(res(LOBBY, "juliet@capulet.lit", "Jules"));

        assertEquals(List.of(res(LOBBY, "juliet@capulet.lit", "Jules")), store.listRoom(LOBBY));
        assertEquals(Optional.empty(), store.findByNickKey(LOBBY, "juliet"));
        assertEquals("Jules", store.findByJid(LOBBY, "juliet@capulet.lit").orElseThrow().nickname());

        store.put(res(LOBBY, "nurse@capulet.lit", "Juliet")); // the old nick is free for someone else
        assertEquals("nurse@capulet.lit", store.findByNickKey(LOBBY, "juliet").orElseThrow().bareJid());
        assertEquals(2, store.listRoom(LOBBY).size());
    }

    @Test
    void aRoomIsListedWholeOnlyWhenItHasNoMoreReservationsThanAsked() throws Exception {
        assertEquals(Optional.of(List.of()), store.listRoomIfAtMost(LOBBY, 0));
        store.put(res(LOBBY, "romeo@montague.lit", "Romeo"));
        store.put(res(LOBBY, "juliet@capulet.lit", "Juliet"));
        store.put(res(LOBBY, "nurse@capulet.lit", "Nurse"));
        store.put(res(ATTIC, "tybalt@capulet.lit", "Tybalt"));

        assertEquals(Optional.of(store.listRoom(LOBBY)), store.listRoomIfAtMost(LOBBY, 3));
        assertEquals(List.of("juliet", "nurse", "romeo"),
            store.listRoomIfAtMost(LOBBY, 10).orElseThrow().stream().map(Reservation::nickKey).toList());
        assertEquals(Optional.empty(), store.listRoomIfAtMost(LOBBY, 2));
        assertEquals(Optional.of(List.of(res(ATTIC, "tybalt@capulet.lit", "Tybalt"))),
            store.listRoomIfAtMost(ATTIC, 1));
    }

    @Test
    void theHolderMayReRegisterTheSameKeyInAnotherForm() throws Exception {
        store.put(res(LOBBY, "juliet@capulet.lit", "juliet"));
        store.put(new Reservation(SERVICE, "lobby", "juliet@capulet.lit", "JULIET", "juliet"));
        store.put(new Reservation(SERVICE, "lobby", "juliet@capulet.lit", "JULIET", "juliet")); // idempotent

        assertEquals(List.of(new Reservation(SERVICE, "lobby", "juliet@capulet.lit", "JULIET", "juliet")),
                store.listRoom(LOBBY));
    }

    @Test
    void aNickHeldByAnotherUserIsRefusedAndNothingChanges() throws Exception {
        store.put(res(LOBBY, "romeo@montague.lit", "Romeo"));
        store.put(res(LOBBY, "juliet@capulet.lit", "Juliet"));
        final List<Reservation> before = store.listRoom(LOBBY);

        final NicknameTakenException changing = assertThrows(NicknameTakenException.class,
                () -> store.put(new Reservation(SERVICE, "lobby", "juliet@capulet.lit", "ROMEO", "romeo")));
        assertEquals("romeo@montague.lit", changing.holder());

        final NicknameTakenException newcomer = assertThrows(NicknameTakenException.class,
                () -> store.put(res(LOBBY, "tybalt@capulet.lit", "Romeo")));
        assertEquals("romeo@montague.lit", newcomer.holder());

        assertEquals(before, store.listRoom(LOBBY));
        assertEquals("Juliet", store.findByJid(LOBBY, "juliet@capulet.lit").orElseThrow().nickname());
        assertEquals(Optional.empty(), store.findByJid(LOBBY, "tybalt@capulet.lit"));
    }

    @Test
    void aBatchIsAppliedAllTogether() throws Exception {
        store.put(res(LOBBY, "tybalt@capulet.lit", "Tybalt"));
        store.apply(LOBBY, List.of(new ReservationWrite.Put(res(LOBBY, "romeo@montague.lit", "Romeo")),
                new ReservationWrite.Put(res(LOBBY, "juliet@capulet.lit", "Juliet")),
                new ReservationWrite.Remove("tybalt@capulet.lit")));
        assertEquals(List.of("juliet", "romeo"), store.listRoom(LOBBY).stream().map(Reservation::nickKey).toList());
    }

    @Test
    void aBatchWithANicknameHeldByAnotherUserChangesNothing() throws Exception {
        store.put(res(LOBBY, "romeo@montague.lit", "Romeo"));
        store.put(res(LOBBY, "tybalt@capulet.lit", "Tybalt"));
        final List<Reservation> before = store.listRoom(LOBBY);

        final NicknameTakenException taken = assertThrows(NicknameTakenException.class, () -> store.apply(LOBBY,
                List.of(new ReservationWrite.Remove("tybalt@capulet.lit"),
                        new ReservationWrite.Put(res(LOBBY, "juliet@capulet.lit", "Juliet")),
                        new ReservationWrite.Put(res(LOBBY, "nurse@capulet.lit", "ROMEO")))));
        assertEquals("romeo@montague.lit", taken.holder());
        assertEquals(before, store.listRoom(LOBBY), "neither the removal nor the first put was kept");
    }

    @Test
    void aBatchRemovesBeforeItPuts() throws Exception {
        store.put(res(LOBBY, "tybalt@capulet.lit", "Tybalt"));
        store.apply(LOBBY, List.of(new ReservationWrite.Put(res(LOBBY, "romeo@montague.lit", "TYBALT")),
                new ReservationWrite.Remove("tybalt@capulet.lit")));
        assertEquals("romeo@montague.lit", store.findByNickKey(LOBBY, "tybalt").orElseThrow().bareJid());
        assertEquals(Optional.empty(), store.findByJid(LOBBY, "tybalt@capulet.lit"));
    }

    @Test
    void theSameNickMayBeReservedInOtherRoomsAndServices() throws Exception {
        store.put(res(LOBBY, "romeo@montague.lit", "Romeo"));
        store.put(res(ATTIC, "juliet@capulet.lit", "Romeo"));
        store.put(res(OTHER_SERVICE_LOBBY, "tybalt@capulet.lit", "Romeo"));

        assertEquals("romeo@montague.lit", store.findByNickKey(LOBBY, "romeo").orElseThrow().bareJid());
        assertEquals("juliet@capulet.lit", store.findByNickKey(ATTIC, "romeo").orElseThrow().bareJid());
        assertEquals("tybalt@capulet.lit", store.findByNickKey(OTHER_SERVICE_LOBBY, "romeo").orElseThrow().bareJid());
    }

    // --- remove ---------------------------------------------------------------------------------------------------

    @Test
    void removeDeletesOnlyThatUsersReservationInThatRoom() throws Exception {
        store.put(res(LOBBY, "juliet@capulet.lit", "Juliet"));
        store.put(res(LOBBY, "romeo@montague.lit", "Romeo"));
        store.put(res(ATTIC, "juliet@capulet.lit", "Juliet"));

        assertTrue(store.remove(LOBBY, "juliet@capulet.lit"));
        assertFalse(store.remove(LOBBY, "juliet@capulet.lit"), "already gone");
        assertFalse(store.remove(LOBBY, "nobody@capulet.lit"));

        assertEquals(Optional.empty(), store.findByJid(LOBBY, "juliet@capulet.lit"));
        assertEquals(Optional.empty(), store.findByNickKey(LOBBY, "juliet"));
        assertTrue(store.findByJid(ATTIC, "juliet@capulet.lit").isPresent());
        assertTrue(store.findByJid(LOBBY, "romeo@montague.lit").isPresent());

        store.put(res(LOBBY, "nurse@capulet.lit", "Juliet")); // freed
    }

    @Test
    void removeRoomDeletesEveryReservationOfThatRoomOnly() throws Exception {
        store.put(res(LOBBY, "juliet@capulet.lit", "Juliet"));
        store.put(res(LOBBY, "romeo@montague.lit", "Romeo"));
        store.put(res(ATTIC, "juliet@capulet.lit", "Juliet"));
        store.put(res(OTHER_SERVICE_LOBBY, "juliet@capulet.lit", "Juliet"));

        assertEquals(2, store.removeRoom(LOBBY));
        assertEquals(0, store.removeRoom(LOBBY));
        assertEquals(0, store.removeRoom(new RoomKey(SERVICE, "nowhere")));

        assertEquals(List.of(), store.listRoom(LOBBY));
        assertEquals(1, store.listRoom(ATTIC).size());
        assertEquals(1, store.listRoom(OTHER_SERVICE_LOBBY).size());
    }

    // --- listing and search ---------------------------------------------------------------------------------------

    @Test
    void listRoomIsOrderedByNickKey() throws Exception {
        store.put(res(LOBBY, "c@x.lit", "Mercutio"));
        store.put(res(LOBBY, "a@x.lit", "benvolio"));
        store.put(res(LOBBY, "b@x.lit", "Tybalt"));
        store.put(res(LOBBY, "d@x.lit", "Abram"));
        store.put(res(ATTIC, "e@x.lit", "Aaron"));

        assertEquals(List.of("Abram", "benvolio", "Mercutio", "Tybalt"),
                store.listRoom(LOBBY).stream().map(Reservation::nickname).toList());
    }

    /** Five reservations in two rooms of SERVICE, and one in another service. */
    private void fillForSearch() throws Exception {
        store.put(res(LOBBY, "romeo@montague.lit", "Romeo"));
        store.put(res(LOBBY, "juliet@capulet.lit", "Juliet"));
        store.put(res(ATTIC, "nurse@capulet.lit", "Nurse"));
        store.put(res(ATTIC, "juliet@capulet.lit", "Jules"));
        store.put(res(ATTIC, "benvolio@montague.lit", "Benvolio"));
        store.put(res(OTHER_SERVICE_LOBBY, "juliet@capulet.lit", "Juliet"));
    }

    private static List<String> rows(ReservationStore.Page page) {
        return page.rows().stream().map(r -> r.room() + "/" + r.nickname()).toList();
    }

    @Test
    void searchListsTheServiceOrderedByRoomThenNickKey() throws Exception {
        fillForSearch();

        final ReservationStore.Page all = store.search(SERVICE, null, null, 0, 100);
        assertEquals(List.of("attic/Benvolio", "attic/Jules", "attic/Nurse", "lobby/Juliet", "lobby/Romeo"), rows(all));
        assertEquals(5, all.total());
        assertEquals(all, store.search(SERVICE, null, "", 0, 100), "an empty fragment matches everything");

        final ReservationStore.Page lobby = store.search(SERVICE, "lobby", null, 0, 100);
        assertEquals(List.of("lobby/Juliet", "lobby/Romeo"), rows(lobby));
        assertEquals(2, lobby.total());

        assertEquals(new ReservationStore.Page(List.of(), 0), store.search("nowhere", null, null, 0, 100));
        assertEquals(new ReservationStore.Page(List.of(), 0), store.search(SERVICE, "nowhere", null, 0, 100));
    }

    @Test
    void searchMatchesAFragmentOfTheJidOrTheNicknameIgnoringCase() throws Exception {
        fillForSearch();

        assertEquals(List.of("attic/Benvolio", "lobby/Romeo"), rows(store.search(SERVICE, null, "MONTAGUE", 0, 100)));
        assertEquals(List.of("attic/Jules", "lobby/Juliet"), rows(store.search(SERVICE, null, "jul", 0, 100)));
        assertEquals(List.of("attic/Jules", "attic/Nurse", "lobby/Juliet"),
                rows(store.search(SERVICE, null, "Capulet", 0, 100)));
        assertEquals(List.of("attic/Nurse"), rows(store.search(SERVICE, null, "uRs", 0, 100)), "nickname, not JID");
        assertEquals(List.of("lobby/Juliet"), rows(store.search(SERVICE, "lobby", "jul", 0, 100)));
        assertEquals(2, store.search(SERVICE, null, "jul", 0, 100).total());
        assertEquals(new ReservationStore.Page(List.of(), 0), store.search(SERVICE, null, "paris", 0, 100));
    }

    @Test
    void wildcardsInTheFragmentAreTakenLiterally() throws Exception {
        store.put(res(LOBBY, "a@x.lit", "100%"));
        store.put(res(LOBBY, "b@x.lit", "1000"));
        store.put(res(LOBBY, "c@x.lit", "a_b"));
        store.put(res(LOBBY, "d@x.lit", "axb"));
        store.put(res(LOBBY, "e@x.lit", "hey!"));
        store.put(res(LOBBY, "f@x.lit", "hey"));
        store.put(res(LOBBY, "g@x.lit", "[ab]"));
        store.put(res(LOBBY, "h@x.lit", "a"));
        store.put(res(LOBBY, "i@x.lit", "o'brien"));
        store.put(res(LOBBY, "j@x.lit", "back\\slash"));
        store.put(res(LOBBY, "k@x.lit", "backslash"));

        assertEquals(List.of("lobby/100%"), rows(store.search(SERVICE, null, "%", 0, 100)));
        assertEquals(List.of("lobby/100%"), rows(store.search(SERVICE, null, "0%", 0, 100)));
        assertEquals(List.of("lobby/a_b"), rows(store.search(SERVICE, null, "_", 0, 100)));
        assertEquals(List.of("lobby/a_b"), rows(store.search(SERVICE, null, "a_b", 0, 100)));
        assertEquals(List.of("lobby/hey!"), rows(store.search(SERVICE, null, "y!", 0, 100)));
        assertEquals(List.of("lobby/hey!"), rows(store.search(SERVICE, null, "!", 0, 100)));
        assertEquals(List.of("lobby/[ab]"), rows(store.search(SERVICE, null, "[ab]", 0, 100)));
        assertEquals(List.of("lobby/o'brien"), rows(store.search(SERVICE, null, "o'b", 0, 100)));
        assertEquals(List.of(), rows(store.search(SERVICE, null, "%%", 0, 100)));
        // the escape characters themselves: the backslash (PostgreSQL's) as well as the '!' (the others')
        assertEquals(List.of("lobby/back\\slash"), rows(store.search(SERVICE, null, "\\", 0, 100)));
        assertEquals(List.of("lobby/back\\slash"), rows(store.search(SERVICE, null, "k\\s", 0, 100)));
    }

    @Test
    void searchMatchesTheFragmentAsTheKeysAreWrittenFullwidthOrUpperCase() throws Exception {
        fillForSearch();
        // Nickname and JID keys are lower case and NFKC: a fullwidth or upper-case fragment is brought to that form
        store.put(reserve(LOBBY, "tybalt@capulet.lit", "Ｔｙｂａｌｔ")); // shown as "Tybalt", key "tybalt"
        assertEquals(List.of("attic/Jules", "lobby/Juliet"), rows(store.search(SERVICE, null, "ＪＵＬ", 0, 100)));
        assertEquals(List.of("attic/Jules", "attic/Nurse", "lobby/Juliet", "lobby/Tybalt"),
                rows(store.search(SERVICE, null, "ＣＡＰＵＬＥＴ.LIT", 0, 100)), "fullwidth JID fragment");
        assertEquals(List.of("lobby/Tybalt"), rows(store.search(SERVICE, null, "TYB", 0, 100)));
        assertEquals(List.of("lobby/Tybalt"), rows(store.search(SERVICE, null, "ｔｙｂ", 0, 100)));
        assertEquals(4, store.search(SERVICE, null, "ｃａｐｕｌｅｔ", 1, 2).total());
    }

    @Test
    void aFullwidthWildcardIsALiteralToo() throws Exception {
        store.put(res(LOBBY, "a@x.lit", "100%"));
        store.put(res(LOBBY, "b@x.lit", "1000"));
        store.put(res(LOBBY, "c@x.lit", "a_b"));
        store.put(res(LOBBY, "d@x.lit", "axb"));

        assertEquals(List.of("lobby/100%"), rows(store.search(SERVICE, null, "０％", 0, 100))); // NFKC: "0%"
        assertEquals(List.of("lobby/a_b"), rows(store.search(SERVICE, null, "Ａ＿", 0, 100))); // NFKC: "a_"
    }

    @Test
    void theTotalOfAPageThatEndsTheMatchesIsTheirCount() throws Exception {
        for (int i = 0; i < 23; i++) {
            store.put(res(i % 2 == 0 ? LOBBY : ATTIC, String.format("user%02d@x.lit", i), String.format("nick%02d", i)));
        }
        for (String fragment : new String[]{null, "nick", "NICK1", "x.lit", "user2", "nobody"}) {
            final int count = store.search(SERVICE, null, fragment, 0, 1000).total();
            for (int limit = 1; limit <= 25; limit += 4) {
                for (int offset = 0; offset <= count + limit; offset++) {
                    final ReservationStore.Page page = store.search(SERVICE, null, fragment, offset, limit);
                    assertEquals(count, page.total(), fragment + " at " + offset + "+" + limit);
                    assertEquals(Math.max(0, Math.min(limit, count - offset)), page.rows().size(),
                            fragment + " at " + offset + "+" + limit);
                }
            }
        }
    }

    @Test
    void aPagePastTheEndOfAFragmentsMatchesIsEmptyWithTheirCount() throws Exception {
        fillForSearch();
        // the admin page clamps its page number with this total
        assertEquals(new ReservationStore.Page(List.of(), 3), store.search(SERVICE, null, "capulet", 3, 10));
        assertEquals(new ReservationStore.Page(List.of(), 3), store.search(SERVICE, null, "capulet", 50, 10));
        assertEquals(new ReservationStore.Page(List.of(), 0), store.search(SERVICE, null, "paris", 50, 10));
        assertEquals(new ReservationStore.Page(List.of(), 2), store.search(SERVICE, "lobby", "lit", 2, 1));
        assertEquals(new ReservationStore.Page(List.of(), 3), store.search(SERVICE, null, "capulet", 0, 0));
    }

    @Test
    void searchPagesWithOffsetAndLimitAndCountsTheTotal() throws Exception {
        for (int i = 0; i < 25; i++) {
            store.put(res(i % 2 == 0 ? LOBBY : ATTIC, String.format("user%02d@x.lit", i), String.format("nick%02d", i)));
        }
        final List<String> all = rows(store.search(SERVICE, null, null, 0, 1000));
        assertEquals(25, all.size());
        assertEquals("attic/nick01", all.get(0));
        assertEquals("lobby/nick24", all.get(24));

        final List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 25; offset += 10) {
            final ReservationStore.Page page = store.search(SERVICE, null, null, offset, 10);
            assertEquals(25, page.total());
            assertEquals(Math.min(10, 25 - offset), page.rows().size());
            paged.addAll(rows(page));
        }
        assertEquals(all, paged);

        assertEquals(all.subList(3, 5), rows(store.search(SERVICE, null, null, 3, 2)));
        assertEquals(new ReservationStore.Page(List.of(), 25), store.search(SERVICE, null, null, 25, 10));
        assertEquals(new ReservationStore.Page(List.of(), 25), store.search(SERVICE, null, null, 1000, 10));
        assertEquals(new ReservationStore.Page(List.of(), 25), store.search(SERVICE, null, null, 0, 0));

        final ReservationStore.Page ones = store.search(SERVICE, null, "nick1", 2, 3); // nick10..nick19
        assertEquals(10, ones.total());
        assertEquals(List.of("attic/nick15", "attic/nick17", "attic/nick19"), rows(ones));
    }

    @Test
    void negativePagingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> store.search(SERVICE, null, null, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> store.search(SERVICE, null, null, 0, -1));
    }

    // --- concurrency ----------------------------------------------------------------------------------------------

    /** Runs the tasks at once (as far as a barrier can make them) and returns what each returned or threw. */
    private static List<Object> race(List<Callable<Object>> tasks) throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            final CyclicBarrier start = new CyclicBarrier(tasks.size());
            final List<Future<Object>> futures = new ArrayList<>();
            for (Callable<Object> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    try {
                        return task.call();
                    } catch (NicknameTakenException e) {
                        return e;
                    }
                }));
            }
            final List<Object> outcomes = new ArrayList<>();
            for (Future<Object> f : futures) {
                outcomes.add(f.get(30, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private Callable<Object> putting(Reservation r) {
        return () -> {
            store.put(r);
            return r.bareJid();
        };
    }

    @Test
    @Timeout(120)
    void twoUsersRacingForOneNickExactlyOneWins() throws Exception {
        for (int round = 0; round < 40; round++) {
            final RoomKey room = new RoomKey(SERVICE, "race" + round);
            if (round % 2 == 1) { // half the rounds: both already hold another nick and change it
                store.put(res(room, "a@x.lit", "OldA"));
                store.put(res(room, "b@x.lit", "OldB"));
            }
            final List<Object> outcomes = race(List.of(
                    putting(res(room, "a@x.lit", "Prize")),
                    putting(res(room, "b@x.lit", "PRIZE"))));

            final List<Object> wins = outcomes.stream().filter(String.class::isInstance).toList();
            final List<Object> losses = outcomes.stream().filter(NicknameTakenException.class::isInstance).toList();
            assertEquals(1, wins.size(), "round " + round + ": " + outcomes);
            assertEquals(1, losses.size(), "round " + round + ": " + outcomes);
            final String winner = (String) wins.get(0);
            assertEquals(winner, ((NicknameTakenException) losses.get(0)).holder());
            assertEquals(winner, store.findByNickKey(room, "prize").orElseThrow().bareJid());

            final String loser = winner.equals("a@x.lit") ? "b@x.lit" : "a@x.lit";
            final Optional<Reservation> loserRow = store.findByJid(room, loser);
            if (round % 2 == 1) {
                assertEquals("Old" + loser.substring(0, 1).toUpperCase(Locale.ROOT), loserRow.orElseThrow().nickname(),
                        "the loser keeps the nick it had");
            } else {
                assertEquals(Optional.empty(), loserRow, "the loser got no row");
            }
            assertEquals(round % 2 == 1 ? 2 : 1, store.listRoom(room).size());
        }
    }

    @Test
    @Timeout(120)
    void manyUsersRacingForOneNickExactlyOneWins() throws Exception {
        final int users = 8;
        final List<Callable<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            tasks.add(putting(res(LOBBY, "user" + i + "@x.lit", "Crowded")));
        }
        final List<Object> outcomes = race(tasks);

        final List<Object> wins = outcomes.stream().filter(String.class::isInstance).toList();
        assertEquals(1, wins.size(), outcomes.toString());
        for (Object o : outcomes) {
            if (o instanceof NicknameTakenException e) {
                assertEquals(wins.get(0), e.holder());
            }
        }
        assertEquals(List.of(res(LOBBY, (String) wins.get(0), "Crowded")), store.listRoom(LOBBY));
    }

    @Test
    @Timeout(120)
    void concurrentPutsOfDistinctNicksAllSucceed() throws Exception {
        final int users = 6;
        final int nicksEach = 15;
        final List<Callable<Object>> tasks = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            final int user = u;
            tasks.add(() -> {
                for (int n = 0; n < nicksEach; n++) { // each put replaces the user's previous nick
                    store.put(res(LOBBY, "user" + user + "@x.lit", "u" + user + "n" + n));
                }
                return "done";
            });
        }
        assertEquals(List.of("done", "done", "done", "done", "done", "done"), race(tasks));

        final List<Reservation> rows = store.listRoom(LOBBY);
        assertEquals(users, rows.size());
        for (Reservation r : rows) {
            assertTrue(r.nickname().endsWith("n" + (nicksEach - 1)), r.toString());
        }
    }

    @Test
    @Timeout(120)
    void takingANickWhileItsHolderMovesAwayNeverLosesOrDuplicatesRows() throws Exception {
        for (int round = 0; round < 30; round++) {
            final RoomKey room = new RoomKey(SERVICE, "chain" + round);
            store.put(res(room, "a@x.lit", "First"));
            store.put(res(room, "b@x.lit", "Second"));

            final List<Object> outcomes = race(List.of(
                    putting(res(room, "a@x.lit", "Second")),   // wins only if b has moved on already
                    putting(res(room, "b@x.lit", "Third"))));  // always wins

            assertEquals("b@x.lit", outcomes.get(1));
            assertEquals("third", store.findByJid(room, "b@x.lit").orElseThrow().nickKey());
            final String aKey = store.findByJid(room, "a@x.lit").orElseThrow().nickKey();
            if (outcomes.get(0) instanceof NicknameTakenException e) {
                assertEquals("b@x.lit", e.holder());
                assertEquals("first", aKey);
            } else {
                assertEquals("a@x.lit", outcomes.get(0));
                assertEquals("second", aKey);
            }
            assertEquals(2, store.listRoom(room).size());
        }
    }
}
