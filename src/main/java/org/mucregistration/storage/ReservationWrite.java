package org.mucregistration.storage;

import java.util.Objects;

/** One write of a batch {@link ReservationStore#apply} makes all together or not at all. */
public sealed interface ReservationWrite {

    /** The user's bare JID the write is about. */
    String bareJid();

    /** Stores the reservation, replacing the user's previous one in that room. */
    record Put(Reservation reservation) implements ReservationWrite {
        public Put {
            Objects.requireNonNull(reservation, "reservation");
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
