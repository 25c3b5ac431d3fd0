package org.mucregistration.storage;

import java.util.Objects;

/** One write of a batch {@link ReservationStore#apply} makes all together or not at all. */
public sealed interface ReservationWrite {

    /** The user's bare JID the write is about. */
    String bareJid();

    /**
     * Stores the reservation, replacing the user's previous one in that room.
     *
     * @param mayReplace false when the caller knows the user holds no reservation in the room (read under the room's
     *                   lock): the store then adds one without looking for one to replace first; true when unknown
     */
    record Put(Reservation reservation, boolean mayReplace) implements ReservationWrite {
        public Put {
            Objects.requireNonNull(reservation, "reservation");
        }

        /** A put that replaces the user's reservation, if they hold one. */
        public Put(Reservation reservation) {
            this(reservation, true);
        }

        @Override
        public String bareJid() {
            return reservation.bareJid();
        }
    }

    /** Removes the user's reservation in the room, if any. */
    record Remove(String bareJid) implements ReservationWrite {
        public Remove {
            Objects.requireNonNull(bareJid, "bareJid");
        }
    }
}
