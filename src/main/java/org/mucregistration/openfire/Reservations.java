package org.mucregistration.openfire;

import org.jivesoftware.openfire.muc.MUCRoom;
import org.jivesoftware.openfire.muc.spi.MUCPersistenceManager;
import org.mucregistration.protocol.Nickname;
import org.mucregistration.protocol.RoomAffiliation;
import org.mucregistration.storage.NicknameTakenException;
import org.mucregistration.storage.Reservation;
import org.mucregistration.storage.ReservationStore;
import org.mucregistration.storage.ReservationWrite;
import org.mucregistration.storage.RoomKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The reserved nicknames of live rooms, one truth with Openfire's own:
 * <ul>
 * <li>A <b>member</b>'s reservation is Openfire's member nickname ({@link MUCRoom#getReservedNickname}): what Openfire
 * enforces itself, shows in its console, hands to other plugins, and keeps when this plugin is uninstalled. The
 * plugin's table keeps the nickname as registered (Openfire keeps it in lower case) and its PRECIS key, for the
 * nickname's look-up and display; where the two disagree (Openfire's own paths changed it), Openfire's wins.</li>
 * <li>An <b>owner</b>'s or <b>admin</b>'s reservation lives in the plugin's table only: Openfire keeps none.</li>
 * <li>Nobody else holds one: a row of someone who lost the affiliation is void, ignored by reads and replaced by a
 * write that needs its nickname.</li>
 * </ul>
 * Reads never write. Callers hold the room's lock.
 */
public final class Reservations {
    private static final Logger Log = LoggerFactory.getLogger(Reservations.class);

    private final ReservationStore store;
    private final MemberNicknames memberNicknames;

    public Reservations(ReservationStore store, MemberNicknames memberNicknames) {
        this.store = store;
        this.memberNicknames = memberNicknames;
    }

    public ReservationStore store() {
        return store;
    }

    // ------------------------------------------------------------------------------------------------------- reads

    /** The nickname the user holds in the room, if any. */
    public Optional<Reservation> of(MUCRoom room, JID user) {
        return of(room, user, Rooms.affiliation(room, user));
    }

    /**
     * The nickname the user, of this affiliation in the room, holds, if any: for a caller that has the affiliation
     * already (Openfire finds a user of no affiliation by walking the room's lists, and a member by nickname by walking
     * its members).
     */
    public Optional<Reservation> of(MUCRoom room, JID user, RoomAffiliation affiliation) {
        if (!affiliation.mayHoldReservation()) {
            return Optional.empty();
        }
        return valid(room, user, affiliation, store.findByJid(Rooms.key(room), user.toBareJID()));
    }

    /** The reservations of these users in the room (one query), by bare JID; users holding none are left out. */
    public Map<String, Reservation> of(MUCRoom room, Collection<JID> users) {
        final Map<String, Reservation> rows = new HashMap<>();
        for (Reservation row : store.listRoom(Rooms.key(room))) {
            rows.put(row.bareJid(), row);
        }
        final Map<String, Reservation> found = new LinkedHashMap<>();
        for (JID user : users) {
            final RoomAffiliation affiliation = Rooms.affiliation(room, user);
            if (affiliation.mayHoldReservation()) {
                valid(room, user, affiliation, Optional.ofNullable(rows.get(user.toBareJID())))
                    .ifPresent(r -> found.put(user.toBareJID(), r));
            }
        }
        return found;
    }

    /** What a row of the table stands for now, given its holder's affiliation (no look-up): empty when void. */
    public Optional<Reservation> held(MUCRoom room, Reservation row, RoomAffiliation affiliation) {
        if (!affiliation.mayHoldReservation()) {
            return Optional.empty();
        }
        return valid(room, new JID(row.bareJid()), affiliation, Optional.of(row));
    }

    /** Who holds the nickname in the room, if anyone: a member in Openfire's own terms, or a row of the table. */
    public Optional<Reservation> holderOf(MUCRoom room, Nickname nick) {
        return holderOf(room, nick, room.getMemberForReservedNickname(nick.display()));
    }

    /** {@link #holderOf(MUCRoom, Nickname)}, given the member Openfire reserves the nickname for (null: none). */
    private Optional<Reservation> holderOf(MUCRoom room, Nickname nick, JID member) {
        if (member != null) {
            final Optional<Reservation> held = of(room, member);
            if (held.isPresent()) {
                return held;
            }
        }
        return store.findByNickKey(Rooms.key(room), nick.key())
            .flatMap(row -> of(room, new JID(row.bareJid())))
            .filter(r -> r.nickKey().equals(nick.key()));
    }

    /**
     * Whether the nickname is known to be nobody's in the room without a look-up and without the room's lock: the
     * store keeps the answer "nobody" from an earlier look-up. Every change of the room's reservations updates or
     * drops that answer while it holds the room's lock, so it still holds for anything that happened under the lock
     * before.
     */
    public boolean knownFree(RoomKey room, Nickname nick) {
        return store.knownFree(room, nick.key());
    }

    /**
     * Whether the nickname is reserved in the room by someone other than the user. A member's nickname decides from
     * Openfire's room alone, as {@link #holderOf} would (a member's reservation is Openfire's member nickname): no
     * look-up, so it holds while the database is down.
     */
    public boolean reservedByOther(MUCRoom room, Nickname nick, JID user) {
        final JID member = room.getMemberForReservedNickname(nick.display());
        if (member != null && Rooms.affiliation(room, member) == RoomAffiliation.member) {
            return !member.toBareJID().equals(user.toBareJID());
        }
        return holderOf(room, nick, member).filter(r -> !r.bareJid().equals(user.toBareJID())).isPresent();
    }

    /**
     * The reservation a row stands for, given the user's affiliation: an owner's or admin's row as it is; a member's
     * is Openfire's member nickname, shown as the row has it when they are the same nickname.
     */
    private Optional<Reservation> valid(MUCRoom room, JID user, RoomAffiliation affiliation, Optional<Reservation> row) {
        if (affiliation != RoomAffiliation.member) {
            return row;
        }
        final String openfire = room.getReservedNickname(user.asBareJID());
        if (openfire == null) {
            return Optional.empty();
        }
        final String key = keyOf(openfire);
        if (row.isPresent() && row.get().nickKey().equals(key)) {
            return row;
        }
        final RoomKey roomKey = Rooms.key(room);
        return Optional.of(new Reservation(roomKey.service(), roomKey.room(), user.toBareJID(), openfire, key));
    }

    /** The comparable key of a nickname Openfire keeps (which PRECIS may not take): its lower case then. */
    private static String keyOf(String openfireNickname) {
        final String key = Nickname.keyOf(openfireNickname);
        return key != null ? key : openfireNickname;
    }

    /** The user's row in the table as it is (void or not): for writes and the admin page. */
    public Optional<Reservation> row(MUCRoom room, JID user) {
        return store.findByJid(Rooms.key(room), user.toBareJID());
    }

    // ------------------------------------------------------------------------------------------------------ writes

    /**
     * The table writes that give the user the nickname (null: none) afterwards, and the writes that would undo them;
     * a void row holding the nickname (its holder lost the affiliation, or Openfire changed it) gives way.
     *
     * @param changing the bare JIDs the same change is about (their rows are written by their own writes)
     */
    public void writesFor(MUCRoom room, JID user, Nickname after, Set<String> changing, List<ReservationWrite> writes,
                          List<ReservationWrite> undo) {
        final RoomKey key = Rooms.key(room);
        final String bare = user.toBareJID();
        final Optional<Reservation> row = store.findByJid(key, bare);
        if (after == null) {
            if (row.isPresent()) {
                writes.add(new ReservationWrite.Remove(bare));
                undo.add(new ReservationWrite.Put(row.get()));
            }
            return;
        }
        final Reservation wanted = new Reservation(key.service(), key.room(), bare, after.display(), after.key());
        if (!row.equals(Optional.of(wanted))) {
            writes.add(new ReservationWrite.Put(wanted, row.isPresent()));
            undo.add(row.<ReservationWrite>map(ReservationWrite.Put::new).orElse(new ReservationWrite.Remove(bare)));
        }
        final Optional<Reservation> holder = store.findByNickKey(key, after.key());
        if (holder.isPresent() && !holder.get().bareJid().equals(bare) && !changing.contains(holder.get().bareJid())
            && of(room, new JID(holder.get().bareJid())).filter(r -> r.nickKey().equals(after.key())).isEmpty()) {
            writes.add(new ReservationWrite.Remove(holder.get().bareJid()));
            undo.add(new ReservationWrite.Put(holder.get()));
        }
    }

    /** Writes the table in one transaction, all or nothing. */
    public void commit(MUCRoom room, List<ReservationWrite> writes) throws NicknameTakenException {
        if (!writes.isEmpty()) {
            store.apply(Rooms.key(room), writes);
        }
    }

    /**
     * Before a change of a persistent room that writes no reservation (e.g. an affiliation alone, decided from cached
     * answers): whether the database answers, which Openfire then writes the room's change to. Openfire changes its
     * room in memory even when it cannot store the change (and logs an ERROR): the plugin does not start one it
     * cannot finish.
     *
     * @throws org.mucregistration.storage.ReservationStoreException when it does not answer
     */
    public void ensureWritable(MUCRoom room) {
        if (room.isPersistent()) {
            store.ensureAvailable();
        }
    }

    /** Makes Openfire's member nickname of a member the reservation (null: none), if it is not that already. */
    public void syncMemberNickname(MUCRoom room, JID member, Nickname after) {
        final String openfire = room.getReservedNickname(member.asBareJID());
        if (after == null) {
            if (openfire != null) {
                memberNicknames.set(room, member, null);
            }
        } else if (openfire == null || !openfire.equals(after.display().toLowerCase())) {
            memberNicknames.set(room, member, after.display());
        }
    }

    /** The rooms this node took over since the plugin started ("service/room"). */
    private final Set<String> takenOver = ConcurrentHashMap.newKeySet();

    /**
     * {@link #takeOver} the first time this node changes the room since the plugin started: it reads every row of the
     * room, which a registration must not pay each time (a room may hold 100 000). Member nicknames Openfire sets on
     * its own later are enforced all the same (the member's reservation is Openfire's member nickname); they reach the
     * table at the next start.
     */
    public void takeOverOnce(MUCRoom room) {
        final RoomKey key = Rooms.key(room);
        if (!takenOver.contains(key.service() + "/" + key.room())) {
            takeOver(room);
        }
    }

    /**
     * Takes over the member nicknames Openfire holds in the room that the table does not have as they are (set before
     * the plugin was installed, or by Openfire's own paths since): each becomes the member's row, with the nickname as
     * Openfire's database keeps it (its case) where it has the room. Openfire's member wins over a row that holds the
     * same nickname for someone else. Idempotent; returns how many rows were written.
     */
    public int takeOver(MUCRoom room) {
        final RoomKey key = Rooms.key(room);
        final Map<String, Reservation> rows = new HashMap<>();
        for (Reservation row : store.listRoom(key)) {
            rows.put(row.bareJid(), row);
        }
        int written = 0;
        takenOver.add(key.service() + "/" + key.room());
        for (JID member : room.getMembers()) {
            final String openfire = room.getReservedNickname(member);
            if (openfire == null) {
                continue;
            }
            final Reservation row = rows.get(member.toBareJID());
            if (row != null && row.nickKey().equals(keyOf(openfire))) {
                continue;
            }
            final Reservation taken = new Reservation(key.service(), key.room(), member.toBareJID(),
                displayOf(room, member, openfire), keyOf(openfire));
            try {
                store.put(taken);
            } catch (NicknameTakenException e) {
                Log.warn("Openfire reserves '{}' in {} for its member {}; the reservation of the same nickname by {} "
                    + "gives way", openfire, room.getJID(), member, e.holder());
                store.remove(key, e.holder());
                try {
                    store.put(taken);
                } catch (NicknameTakenException again) {
                    Log.warn("Could not take over '{}' of {} in {}: held by {}", openfire, member, room.getJID(),
                        again.holder());
                    continue;
                }
            }
            written++;
        }
        return written;
    }

    /** Openfire's member nickname as its database keeps it (case and all), when that is the same nickname. */
    private static String displayOf(MUCRoom room, JID member, String openfire) {
        if (!room.isPersistent()) {
            return openfire;
        }
        final String stored = MUCPersistenceManager.getReservedNickname(room, member.toBareJID());
        return stored != null && stored.toLowerCase().equals(openfire) ? stored : openfire;
    }
}
