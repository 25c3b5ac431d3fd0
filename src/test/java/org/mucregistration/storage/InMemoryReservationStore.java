package org.mucregistration.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reservations in this JVM's memory: the reference implementation of {@link ReservationStore}'s contract, and a
 * store for unit tests of the other layers. Thread-safe (one lock); not shared across a cluster.
 *
 * <p>Orders by {@link String#compareTo}, which is what the database stores do for the keys they are given (lower
 * case PRECIS keys and JIDs).
 */
public final class InMemoryReservationStore implements ReservationStore {

    /** service → room name → that room's reservations. Guarded by {@code this}. */
    private final Map<String, NavigableMap<String, Room>> services = new HashMap<>();

    /** One room's reservations, indexed both ways. */
    private static final class Room {
        final Map<String, Reservation> byJid = new HashMap<>();
        final NavigableMap<String, Reservation> byNickKey = new TreeMap<>();
    }

    @Override
    public synchronized Optional<Reservation> findByJid(RoomKey room, String bareJid) {
        Objects.requireNonNull(bareJid, "bareJid");
        final Room r = room(room);
        return r == null ? Optional.empty() : Optional.ofNullable(r.byJid.get(bareJid));
    }

    @Override
    public synchronized Optional<Reservation> findByNickKey(RoomKey room, String nickKey) {
        Objects.requireNonNull(nickKey, "nickKey");
        final Room r = room(room);
        return r == null ? Optional.empty() : Optional.ofNullable(r.byNickKey.get(nickKey));
    }

    @Override
    public synchronized void put(Reservation reservation) throws NicknameTakenException {
        Objects.requireNonNull(reservation, "reservation");
        final Room existing = room(reservation.roomKey());
        final Reservation holder = existing == null ? null : existing.byNickKey.get(reservation.nickKey());
        if (holder != null && !holder.bareJid().equals(reservation.bareJid())) {
            throw new NicknameTakenException(holder.bareJid());
        }
        final Room r = services.computeIfAbsent(reservation.service(), s -> new TreeMap<>())
                .computeIfAbsent(reservation.room(), n -> new Room());
        final Reservation previous = r.byJid.put(reservation.bareJid(), reservation);
        if (previous != null) {
            r.byNickKey.remove(previous.nickKey());
        }
        r.byNickKey.put(reservation.nickKey(), reservation);
    }

    @Override
    public synchronized void apply(RoomKey room, List<ReservationWrite> writes) throws NicknameTakenException {
        Objects.requireNonNull(room, "room");
        final List<Reservation> before = listRoom(room);
        try {
            for (ReservationWrite write : writes) {
                if (write instanceof ReservationWrite.Remove remove) {
                    remove(room, remove.bareJid());
                }
            }
            for (ReservationWrite write : writes) {
                if (write instanceof ReservationWrite.Put put) {
                    if (!put.reservation().roomKey().equals(room)) {
                        throw new IllegalArgumentException(put.reservation() + " is not of " + room);
                    }
                    put(put.reservation());
                }
            }
        } catch (NicknameTakenException | RuntimeException e) {
            removeRoom(room); // all or nothing: the room as it was
            for (Reservation r : before) {
                put(r);
            }
            throw e;
        }
    }

    @Override
    public synchronized boolean remove(RoomKey room, String bareJid) {
        Objects.requireNonNull(bareJid, "bareJid");
        final Room r = room(room);
        final Reservation removed = r == null ? null : r.byJid.remove(bareJid);
        if (removed == null) {
            return false;
        }
        r.byNickKey.remove(removed.nickKey());
        if (r.byJid.isEmpty()) {
            dropRoom(room);
        }
        return true;
    }

    @Override
    public synchronized int removeRoom(RoomKey room) {
        final Room r = room(room);
        if (r == null) {
            return 0;
        }
        dropRoom(room);
        return r.byJid.size();
    }

    @Override
    public synchronized List<Reservation> listRoom(RoomKey room) {
        final Room r = room(room);
        return r == null ? List.of() : List.copyOf(r.byNickKey.values());
    }

    @Override
    public synchronized Page search(String service, String room, String fragment, int offset, int limit) {
        Objects.requireNonNull(service, "service");
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative: " + offset + ", " + limit);
        }
        final NavigableMap<String, Room> rooms = services.getOrDefault(service, new TreeMap<>());
        final Iterable<Room> scope;
        if (room != null && !room.isEmpty()) {
            final Room only = rooms.get(room);
            scope = only == null ? List.of() : List.of(only);
        } else {
            scope = rooms.values();
        }
        final String needle = fragment == null || fragment.isEmpty() ? null : JdbcReservationStore.searchForm(fragment);
        final List<Reservation> rows = new ArrayList<>();
        int total = 0;
        for (Room r : scope) {
            for (Reservation reservation : r.byNickKey.values()) {
                if (needle == null || reservation.bareJid().contains(needle) || reservation.nickKey().contains(needle)) {
                    if (total >= offset && rows.size() < limit) {
                        rows.add(reservation);
                    }
                    total++;
                }
            }
        }
        return new Page(List.copyOf(rows), total);
    }

    private Room room(RoomKey key) {
        Objects.requireNonNull(key, "room");
        final NavigableMap<String, Room> rooms = services.get(key.service());
        return rooms == null ? null : rooms.get(key.room());
    }

    private void dropRoom(RoomKey key) {
        final NavigableMap<String, Room> rooms = services.get(key.service());
        rooms.remove(key.room());
        if (rooms.isEmpty()) {
            services.remove(key.service());
        }
    }
}
