package org.mucregistration.storage;

import java.util.List;
import java.util.Optional;

/**
 * Where reserved nicknames live. Every node of a cluster must see the same reservations: implementations keep
 * them in the database or in a clustered cache backed by it.
 *
 * <p>Implementations are thread-safe. Keys (service, room, bare JID, nickname key) are compared exactly, as
 * {@link String#equals} does. A store that cannot reach its storage throws the unchecked
 * {@link ReservationStoreException}.
 */
public interface ReservationStore {

    /**
     * Whether the storage answers now: returns when it does, throws {@link ReservationStoreException} when it does
     * not. For a caller about to change something else in the same database.
     */
    default void ensureAvailable() {
    }

    /**
     * Whether this store knows, without asking the database, that nobody holds the nickname key in the room: an
     * answer "nobody" it keeps from an earlier look-up, which every write of the room's reservations updates or drops.
     * False when it does not know (nothing kept, or someone holds it).
     */
    default boolean knownFree(RoomKey room, String nickKey) {
        return false;
    }

    /** The reservation a user holds in a room, if any. */
    Optional<Reservation> findByJid(RoomKey room, String bareJid);

    /** The reservation of a nickname (by its comparable key) in a room, if any. */
    Optional<Reservation> findByNickKey(RoomKey room, String nickKey);

    /**
     * Stores the reservation, replacing the user's previous one in that room.
     *
     * @throws NicknameTakenException if another user holds a reservation with the same nickname key in that room;
     *                                nothing is changed then
     */
    void put(Reservation reservation) throws NicknameTakenException;

    /**
     * Applies the writes to one room's reservations in one transaction: all of them or, when one cannot be made, none.
     * Removals are made before the puts, so a nickname a removed reservation held may be reserved in the same batch.
     *
     * @throws NicknameTakenException if a put's nickname key is held by another user (not removed in the batch);
     *                                nothing is changed then
     */
    void apply(RoomKey room, java.util.List<ReservationWrite> writes) throws NicknameTakenException;

    /**
     * What of the reservation is wider than this store's columns (on the database in use), e.g. {@code "bareJid"
     * (at most 255 characters)}; empty when it fits. A put of a reservation that does not fit is refused.
     */
    default Optional<String> tooWide(Reservation reservation) {
        return Optional.empty();
    }

    /** Removes the user's reservation in the room; returns whether there was one. */
    boolean remove(RoomKey room, String bareJid);

    /** Removes every reservation of a room (the room was destroyed); returns how many. */
    int removeRoom(RoomKey room);

    /** Every reservation of a room, ordered by nickname key. */
    List<Reservation> listRoom(RoomKey room);

    /**
     * Every reservation of a room, ordered by nickname key, when it has at most {@code max}; empty when it has more
     * (reading no more than {@code max + 1} rows to tell).
     */
    default Optional<List<Reservation>> listRoomIfAtMost(RoomKey room, int max) {
        final List<Reservation> all = listRoom(room);
        return all.size() <= max ? Optional.of(all) : Optional.empty();
    }

    /**
     * One page of the reservations of a service, for the admin console.
     *
     * <p>A reservation matches a fragment when its bare JID or its nickname key contains the fragment brought to the
     * form both are written in: lower case ({@link String#toLowerCase} in the root locale), then Unicode NFKC. That
     * is how the PRECIS Nickname profile makes a nickname key (RFC 8266: case mapping, then normalization), and how
     * address preparation leaves a bare JID (nodeprep folds case and applies NFKC). So the match ignores case and
     * width: {@code "JUL"} and fullwidth {@code "ＪＵＬ"} both find {@code Juliet} (key {@code juliet}), and
     * {@code "ＣＡＰＵＬＥＴ"} finds {@code juliet@capulet.lit}. The displayed nickname is not matched itself: it
     * differs from its key only in case (the key of a nickname Openfire keeps and PRECIS refuses is Openfire's lower
     * case of it), which the fragment's form takes away. The fragment is not trimmed; LIKE wildcards in it
     * ({@code %}, {@code _}, and the fullwidth forms that NFKC turns into them) are taken literally.
     *
     * <p>{@link Page#total} is the count of all matches. A page that holds the last match gives it (its offset plus its
     * rows) without a count; a full page, a limit of 0, or an empty page past the end (offset at or beyond the
     * matches: the admin page clamps its page number with the total) is followed by a count.
     *
     * @param service  the MUC service's subdomain
     * @param room     a room name to restrict to, or null (or empty) for every room of the service
     * @param fragment a case- and width-insensitive fragment of the bare JID or nickname, or null/empty for all
     * @param offset   how many matching rows to skip (ordered by room, then nickname key)
     * @param limit    the most rows to return
     * @throws IllegalArgumentException if offset or limit is negative
     */
    Page search(String service, String room, String fragment, int offset, int limit);

    /** A page of search results and the total count of matches. */
    record Page(List<Reservation> rows, int total) {
    }
}
