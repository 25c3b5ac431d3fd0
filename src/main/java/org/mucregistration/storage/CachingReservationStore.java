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
 * <p>A room with at most {@link #ROOM_LISTING_MAX} reservations is remembered whole (its <em>listing</em>): both lookups
 * are then answered from it, for any nickname and any user, also the first time one is asked, and a write of the room
 * updates the listing instead of dropping it. A larger room is remembered entry by entry (nickname key → holder, user →
 * nickname), each looked up once.
 *
 * <p>The three maps are Openfire caches in the plugin (clustered when Openfire is): every node reads and changes the
 * same entries, so a change made through one node is seen by every node at once. Keys and values are plain strings
 * (no plugin class crosses the cluster). Each write, after it is made, drops the entries it changes (the user's, their
 * old nickname's and their new one's) and puts the room's listing as it is now. Lookups and writes of a room run under
 * the room's cluster lock (see {@code Rooms}), so a lookup cannot put back an entry a concurrent write has just changed.
 * Every node must run this version of the plugin: one that does not know the listings would write without updating
 * them (the listings' lifetime bounds how long that goes unseen).
 *
 * <p>When the database is unreachable, what is cached is still answered; a miss throws as the store behind does.
 */
public final class CachingReservationStore implements ReservationStore {
    /** The most reservations a room may have for its listing to be kept whole. */
    public static final int ROOM_LISTING_MAX = 256;

    /** The value of an entry that says "no reservation". */
    private static final String NONE = "";
    /** The listing of a room with more than {@link #ROOM_LISTING_MAX} reservations (a listing has a tab, or is ""). */
    private static final String TOO_MANY = "+";
    private static final char SEP = '\n';
    private static final char FIELD = '\t';

    private final ReservationStore store;
    private final Map<String, String> byNick;
    private final Map<String, String> byJid;
    private final Map<String, String> byRoom;

    /**
     * @param store  the store the answers come from (the database)
     * @param byNick room + nickname key → holder's bare JID and nickname, or "" for none
     * @param byJid  room + bare JID → nickname key and nickname, or "" for none
     * @param byRoom room → its listing (a line per reservation: nickname key, bare JID, nickname), or a mark that it has
     *               too many for one
     */
    public CachingReservationStore(ReservationStore store, Map<String, String> byNick, Map<String, String> byJid,
                                   Map<String, String> byRoom) {
        this.store = store;
        this.byNick = byNick;
        this.byJid = byJid;
        this.byRoom = byRoom;
    }

    // ---------------------------------------------------------------------------------------------------- lookups

    @Override
    public Optional<Reservation> findByNickKey(RoomKey room, String nickKey) {
        final String listing = listing(room);
        if (listing != null) {
            return Listing.byNickKey(room, listing, nickKey);
        }
        final String key = key(room, nickKey);
        final String cached = byNick.get(key);
        if (cached != null) {
            return cached.isEmpty() ? Optional.empty() : Optional.of(fromNickEntry(room, nickKey, cached));
        }
        final Optional<Reservation> found = store.findByNickKey(room, nickKey);
        byNick.put(key, found.map(r -> r.bareJid() + SEP + r.nickname()).orElse(NONE));
        return found;
    }

    /** Whether the room's listing, or else the nickname's own entry, says "nobody" (no look-up on a miss). */
    @Override
    public boolean knownFree(RoomKey room, String nickKey) {
        final String listing = byRoom.get(roomKey(room));
        if (Listing.isListing(listing)) {
            return Listing.byNickKey(room, listing, nickKey).isEmpty();
        }
        return NONE.equals(byNick.get(key(room, nickKey)));
    }

    @Override
    public Optional<Reservation> findByJid(RoomKey room, String bareJid) {
        final String listing = listing(room);
        if (listing != null) {
            return Listing.byJid(room, listing, bareJid);
        }
        final String key = key(room, bareJid);
        final String cached = byJid.get(key);
        if (cached != null) {
            return cached.isEmpty() ? Optional.empty() : Optional.of(fromJidEntry(room, bareJid, cached));
        }
        final Optional<Reservation> found = store.findByJid(room, bareJid);
        byJid.put(key, found.map(r -> r.nickKey() + SEP + r.nickname()).orElse(NONE));
        return found;
    }

    /**
     * The room's listing, read from the store when not cached (at most {@link #ROOM_LISTING_MAX} + 1 rows); null when
     * the room has too many reservations for one.
     */
    private String listing(RoomKey room) {
        final String roomKey = roomKey(room);
        final String cached = byRoom.get(roomKey);
        if (cached != null) {
            return Listing.isListing(cached) ? cached : null;
        }
        final String listing = store.listRoomIfAtMost(room, ROOM_LISTING_MAX).map(Listing::of).orElse(TOO_MANY);
        byRoom.put(roomKey, listing);
        return Listing.isListing(listing) ? listing : null;
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
        // The nicknames the users hold now lose their holder: read before the write (from the room's listing, kept
        // up to date by every write under the room's lock, or else from the database).
        final String listing = byRoom.get(roomKey(room));
        for (String user : users) {
            (Listing.isListing(listing) ? Listing.byJid(room, listing, user) : store.findByJid(room, user))
                .ifPresent(held -> nickKeys.add(held.nickKey()));
        }
        boolean made = false;
        try {
            store.apply(room, writes);
            made = true;
        } finally {
            // Also when it failed: the transaction may or may not have committed when the connection broke.
            invalidate(room, users, nickKeys);
            updateListing(room, listing, made ? writes : null);
        }
    }

    @Override
    public boolean remove(RoomKey room, String bareJid) {
        final String listing = byRoom.get(roomKey(room));
        final Optional<Reservation> held = Listing.isListing(listing) ? Listing.byJid(room, listing, bareJid)
            : store.findByJid(room, bareJid);
        boolean made = false;
        try {
            final boolean removed = store.remove(room, bareJid);
            made = true;
            return removed;
        } finally {
            invalidate(room, Set.of(bareJid), held.map(r -> Set.of(r.nickKey())).orElse(Set.of()));
            updateListing(room, listing, made ? List.of(new ReservationWrite.Remove(bareJid)) : null);
        }
    }

    @Override
    public int removeRoom(RoomKey room) {
        try {
            return store.removeRoom(room);
        } finally {
            byRoom.remove(roomKey(room));
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

    /**
     * After a write of the room: its listing as the writes left it (made: null when the write failed, which drops the
     * listing: the outcome is unknown). A room marked as having too many stays so.
     */
    private void updateListing(RoomKey room, String before, List<ReservationWrite> made) {
        if (!Listing.isListing(before)) {
            return; // none kept, or the room has too many reservations for one
        }
        final String roomKey = roomKey(room);
        final String after = made == null ? null : Listing.after(room, before, made);
        if (after == null) {
            byRoom.remove(roomKey);
        } else {
            byRoom.put(roomKey, after);
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
    public Optional<List<Reservation>> listRoomIfAtMost(RoomKey room, int max) {
        return store.listRoomIfAtMost(room, max);
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

    /** The key of a room's listing. */
    static String roomKey(RoomKey room) {
        return room.service() + SEP + room.room();
    }

    private static Reservation fromNickEntry(RoomKey room, String nickKey, String entry) {
        final int sep = entry.indexOf(SEP);
        return new Reservation(room.service(), room.room(), entry.substring(0, sep), entry.substring(sep + 1), nickKey);
    }

    private static Reservation fromJidEntry(RoomKey room, String bareJid, String entry) {
        final int sep = entry.indexOf(SEP);
        return new Reservation(room.service(), room.room(), bareJid, entry.substring(sep + 1), entry.substring(0, sep));
    }

    /**
     * A room's reservations as one string: a line per reservation, {@code nickKey TAB bareJid TAB nickname NEWLINE}
     * ("" for none). Neither a tab nor a newline can be part of a nickname (PRECIS) or a JID; a room whose values have
     * one anyway gets no listing.
     */
    static final class Listing {
        private Listing() {
        }

        static boolean isListing(String value) {
            return value != null && (value.isEmpty() || value.indexOf(FIELD) >= 0);
        }

        /** The listing of these reservations; {@link #TOO_MANY} when a value cannot be listed. */
        static String of(List<Reservation> rows) {
            final StringBuilder listing = new StringBuilder();
            for (Reservation r : rows) {
                if (!appendLine(listing, r)) {
                    return TOO_MANY;
                }
            }
            return listing.toString();
        }

        /** Appends the reservation's line; false (nothing appended) when one of its values cannot be listed. */
        private static boolean appendLine(StringBuilder listing, Reservation r) {
            if (!listable(r.nickKey()) || !listable(r.bareJid()) || !listable(r.nickname())) {
                return false;
            }
            listing.append(r.nickKey()).append(FIELD).append(r.bareJid()).append(FIELD).append(r.nickname())
                .append(SEP);
            return true;
        }

        private static boolean listable(String value) {
            return value.indexOf(FIELD) < 0 && value.indexOf(SEP) < 0;
        }

        static Optional<Reservation> byNickKey(RoomKey room, String listing, String nickKey) {
            if (!listable(nickKey)) {
                return Optional.empty(); // no key of the listing has one
            }
            final int at = lineStart(listing, nickKey + FIELD, 0);
            return at < 0 ? Optional.empty() : Optional.of(line(room, listing, at));
        }

        static Optional<Reservation> byJid(RoomKey room, String listing, String bareJid) {
            if (!listable(bareJid)) {
                return Optional.empty();
            }
            // The JID is a line's second field: after its first tab, before its second.
            final String field = FIELD + bareJid + FIELD;
            for (int at = listing.indexOf(field); at >= 0; at = listing.indexOf(field, at + 1)) {
                final int start = listing.lastIndexOf(SEP, at) + 1;
                if (listing.indexOf(FIELD, start) == at) {
                    return Optional.of(line(room, listing, start));
                }
            }
            return Optional.empty();
        }

        /** Where a line starting with the prefix starts, from {@code from} on; -1 if none. */
        private static int lineStart(String listing, String prefix, int from) {
            for (int at = listing.indexOf(prefix, from); at >= 0; at = listing.indexOf(prefix, at + 1)) {
                if (at == 0 || listing.charAt(at - 1) == SEP) {
                    return at;
                }
            }
            return -1;
        }

        private static Reservation line(RoomKey room, String listing, int start) {
            final int first = listing.indexOf(FIELD, start);
            final int second = listing.indexOf(FIELD, first + 1);
            final int end = listing.indexOf(SEP, second + 1);
            return new Reservation(room.service(), room.room(), listing.substring(first + 1, second),
                listing.substring(second + 1, end), listing.substring(start, first));
        }

        /**
         * The listing after the writes were made (removals first, then the puts, as {@link ReservationStore#apply}
         * makes them: a put replaces the user's line and any line of its nickname key); {@link #TOO_MANY} when the
         * room then has more than {@link #ROOM_LISTING_MAX} or a value that cannot be listed.
         */
        static String after(RoomKey room, String listing, List<ReservationWrite> writes) {
            String after = listing;
            for (ReservationWrite write : writes) {
                if (write instanceof ReservationWrite.Remove remove) {
                    after = withoutUser(room, after, remove.bareJid());
                }
            }
            final StringBuilder added = new StringBuilder();
            for (ReservationWrite write : writes) {
                if (write instanceof ReservationWrite.Put put) {
                    final Reservation r = put.reservation();
                    if (!appendLine(added, r)) {
                        return TOO_MANY;
                    }
                    after = withoutNickKey(room, withoutUser(room, after, r.bareJid()), r.nickKey());
                }
            }
            after = added.length() == 0 ? after : after + added;
            int lines = 0;
            for (int at = after.indexOf(SEP); at >= 0; at = after.indexOf(SEP, at + 1)) {
                if (++lines > ROOM_LISTING_MAX) {
                    return TOO_MANY;
                }
            }
            return after;
        }

        private static String withoutUser(RoomKey room, String listing, String bareJid) {
            return byJid(room, listing, bareJid).map(r -> without(listing, r)).orElse(listing);
        }

        private static String withoutNickKey(RoomKey room, String listing, String nickKey) {
            return byNickKey(room, listing, nickKey).map(r -> without(listing, r)).orElse(listing);
        }

        /** The listing without the reservation's line (which it has). */
        private static String without(String listing, Reservation r) {
            final int start = lineStart(listing, r.nickKey() + FIELD, 0);
            final int end = listing.indexOf(SEP, start) + 1;
            return listing.substring(0, start) + listing.substring(end);
        }
    }
}
