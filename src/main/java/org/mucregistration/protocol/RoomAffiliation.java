package org.mucregistration.protocol;

/** A user's affiliation with a room (XEP-0045 §5.2), as the protocol rules see it. */
public enum RoomAffiliation {
    owner, admin, member, none, outcast;

    /** Owners, admins and members may hold a reserved nickname; the reservation lives as long as the affiliation. */
    public boolean mayHoldReservation() {
        return this == owner || this == admin || this == member;
    }

    /** Parses an {@code affiliation} attribute; null if absent or unknown. */
    public static RoomAffiliation parse(String value) {
        if (value == null) {
            return null;
        }
        for (RoomAffiliation a : values()) {
            if (a.name().equals(value)) {
                return a;
            }
        }
        return null;
    }
}
