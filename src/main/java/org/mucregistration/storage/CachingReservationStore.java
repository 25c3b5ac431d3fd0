package org.mucregistration.storage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A store in front of another that remembers its answers to the two lookups every join and every registration makes
 * (the reservation of a nickname, the reservation of a user), "nobody" included: most joins use nicknames nobody
 * reserved, and a warm one then costs no database round trip.
 *
 * <p>The two maps are Openfire caches in the plugin (clustered when Openfire is): every node reads and invalidates the
 * same entries, so a change made through one node is seen by every node at once. Keys and values are plain strings
 * (no plugin class crosses the cluster). Each write invalidates, after it is made, the entries it changes: the
 * user's, their old nickname's and their new one's. Lookups and writes of a room run under the room's cluster lock
 * (see {@code Rooms}), so a lookup cannot put back an entry a concurrent write has just invalidated.
 *
 * <p>When the database is unreachable, what is cached is still answered; a miss throws as the store behind does.
 */
public final class CachingReservationStore implements ReservationStore {
    /** The value of an entry that says "no reservation". */
    private static final String NONE = "";
    private static final char SEP = '\n';

    private final ReservationStore store;
    private final Map<String, String> byNick;
    private final Map<String, String> byJid;

    /**
     * @param store  the store the answers come from (the database)
     * @param byNick room + nickname key → holder's bare JID and nickname, or "" for none
     * @param byJid  room + bare JID → nickname key and nickname, or "" for none
     */
    public CachingReservationStore(ReservationStore store, Map<String, String> byNick, Map<String, String> byJid) {
        this.store = store;
        this.byNick = byNick;
        this.byJid = byJid;
    }

    // ---------------------------------------------------------------------------------------------------- lookups

    @Override
    public Optional<Reservation> findByNickKey(RoomKey room, String nickKey) {
        final String key = key(room, nickKey);
        final String cached = byNick.get(key);
        if (cached != null) {
            return cached.isEmpty() ? Optional.empty() : Optional.of(fromNickEntry(room, nickKey, cached));
        }
        final Optional<Reservation> found = store.findByNickKey(room, nickKey);
        byNick.put(key, found.map(r -> r.bareJid() + SEP + r.nickname()).orElse(NONE));
        return found;
    }

    /** Whether the cached answer for the nickname key is "nobody" (no look-up on a miss). */
    @Override
    public boolean knownFree(RoomKey room, String nickKey) {
        return NONE.equals(byNick.get(key(room, nickKey)));
    }

    @Override
    public Optional<Reservation> findByJid(RoomKey room, String bareJid) {
        final String key = key(room, bareJid);
        final String cached = byJid.get(key);
        if (cached != null) {
            return cached.isEmpty() ? Optional.empty() : Optional.of(fromJidEntry(room, bareJid, cached));
        }
        final Optional<Reservation> found = store.findByJid(room, bareJid);
        byJid.put(key, found.map(r -> r.nickKey() + SEP + r.nickname()).orElse(NONE));
        return found;
    }

    // ----------------------------------------------------------------------------------------------------- writes

    @Override
    public void put(Reservation reservation) throws NicknameTakenException {
        apply(reservation.roomKey(), List.of(new ReservationWrite.Put(reservation)));
    }

    @Override
    public void apply(RoomKey room, List<ReservationWrite> writes) throws NicknameTakenException {
        final Set<String> users = new HashSet<>();
        final Set<String> nickKeys = new HashSet<>();
        for (ReservationWrite write : writes) {
            if (write instanceof ReservationWrite.Put put) {
                users.add(put.reservation().bareJid());
                nickKeys.add(put.reservation().nickKey());
            } else if (write instanceof ReservationWrite.Remove remove) {
                users.add(remove.bareJid());
            }
        }
        // The nicknames the users hold now lose their holder: read before the write (from the database, not the
        // cache, which another node's older plugin might not keep up to date).
        for (String user : users) {
            store.findByJid(room, user).ifPresent(held -> nickKeys.add(held.nickKey()));
        }
        try {
            store.apply(room, writes);
        } finally {
            // Also when it failed: the transaction may or may not have committed when the connection broke.
            invalidate(room, users, nickKeys);
        }
    }

    @Override
    public boolean remove(RoomKey room, String bareJid) {
        final Optional<Reservation> held = store.findByJid(room, bareJid);
        try {
            return store.remove(room, bareJid);
        } finally {
            invalidate(room, Set.of(bareJid), held.map(r -> Set.of(r.nickKey())).orElse(Set.of()));
        }
    }

    @Override
    public int removeRoom(RoomKey room) {
        try {
            return store.removeRoom(room);
        } finally {
            final String prefix = key(room, "");
            for (Map<String, String> cache : List.of(byNick, byJid)) {
                for (String key : new ArrayList<>(cache.keySet())) {
                    if (key.startsWith(prefix)) {
                        cache.remove(key);
                    }
                }
            }
        }
    }

    private void invalidate(RoomKey room, Set<String> users, Set<String> nickKeys) {
        for (String user : users) {
            byJid.remove(key(room, user));
        }
        for (String nickKey : nickKeys) {
            byNick.remove(key(room, nickKey));
        }
    }

    // ------------------------------------------------------------------------------------ not cached: passed on

    @Override
    public void ensureAvailable() {
        store.ensureAvailable();
    }

    @Override
    public List<Reservation> listRoom(RoomKey room) {
        return store.listRoom(room);
    }

    @Override
    public Page search(String service, String room, String fragment, int offset, int limit) {
        return store.search(service, room, fragment, offset, limit);
    }

    @Override
    public Optional<String> tooWide(Reservation reservation) {
        return store.tooWide(reservation);
    }

    // ---------------------------------------------------------------------------------------------------- entries

    /** The key of an entry: service, room and the looked-up value, separated by newlines (none of them has one). */
    static String key(RoomKey room, String value) {
        return room.service() + SEP + room.room() + SEP + value;
    }

    private static Reservation fromNickEntry(RoomKey room, String nickKey, String entry) {
        final int sep = entry.indexOf(SEP);
        return new Reservation(room.service(), room.room(), entry.substring(0, sep), entry.substring(sep + 1), nickKey);
    }

    private static Reservation fromJidEntry(RoomKey room, String bareJid, String entry) {
        final int sep = entry.indexOf(SEP);
        return new Reservation(room.service(), room.room(), bareJid, entry.substring(sep + 1), entry.substring(0, sep));
    }
}
