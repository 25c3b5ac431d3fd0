package org.mucregistration.openfire;

import org.jivesoftware.openfire.muc.MUCRoom;
import org.mucregistration.protocol.Nickname;
import org.mucregistration.storage.NicknameTakenException;
import org.mucregistration.storage.Reservation;
import org.mucregistration.storage.ReservationStore;
import org.mucregistration.storage.RoomKey;
import org.xmpp.packet.JID;

import java.util.Optional;

/**
 * The reservations of live rooms. A reservation lives as long as its holder's affiliation: one whose holder is no
 * longer owner, admin or member (changed from the admin console, by another plugin, by Openfire's own handlers) is
 * void, and is deleted when met. Callers hold the room's lock.
 */
public final class Reservations {
    private final ReservationStore store;

    public Reservations(ReservationStore store) {
        this.store = store;
    }

    public ReservationStore store() {
        return store;
    }

    /** The nickname the user holds in the room, if any. */
    public Optional<Reservation> of(MUCRoom room, JID user) {
        return valid(room, store.findByJid(Rooms.key(room), user.toBareJID()));
    }

    /** Who holds the nickname in the room, if anyone. */
    public Optional<Reservation> holderOf(MUCRoom room, String nickKey) {
        return valid(room, store.findByNickKey(Rooms.key(room), nickKey));
    }

    /** Whether the nickname is reserved in the room by someone other than the user. */
    public boolean reservedByOther(MUCRoom room, Nickname nick, JID user) {
        return holderOf(room, nick.key()).filter(r -> !r.bareJid().equals(user.toBareJID())).isPresent();
    }

    public void put(MUCRoom room, JID user, Nickname nick) throws NicknameTakenException {
        final RoomKey key = Rooms.key(room);
        // A void reservation of that nickname (its holder lost the affiliation) must not block the new one.
        holderOf(room, nick.key());
        store.put(new Reservation(key.service(), key.room(), user.toBareJID(), nick.display(), nick.key()));
    }

    public boolean clear(MUCRoom room, JID user) {
        return store.remove(Rooms.key(room), user.toBareJID());
    }

    private Optional<Reservation> valid(MUCRoom room, Optional<Reservation> found) {
        if (found.isPresent()
            && !Rooms.affiliation(room, new JID(found.get().bareJid())).mayHoldReservation()) {
            store.remove(found.get().roomKey(), found.get().bareJid());
            return Optional.empty();
        }
        return found;
    }
}
