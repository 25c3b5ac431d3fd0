package org.mucregistration.admin;

/**
 * One reservation as the page lists it: where, who, which nickname, the holder's affiliation now and whether they are
 * in the room now. Plain text throughout; the page escapes every value.
 */
public final class Row {
    private final String room;
    private final String roomJid;
    private final String jid;
    private final String nickname;
    private final String affiliation;
    private final boolean roomExists;
    private final boolean holdsReservation;
    private final String occupantNicknames;

    /**
     * @param affiliation       the holder's affiliation with the room ({@code owner} ... {@code outcast}); null when
     *                          the room does not exist
     * @param holdsReservation  whether that affiliation may hold a reservation; a reservation of a user who lost it is
     *                          void (the XMPP path ignores and deletes it when it meets it)
     * @param occupantNicknames the nicknames the holder is in the room with now, comma separated; empty when not in
     *                          the room
     */
    public Row(String room, String roomJid, String jid, String nickname, String affiliation, boolean roomExists,
               boolean holdsReservation, String occupantNicknames) {
        this.room = room;
        this.roomJid = roomJid;
        this.jid = jid;
        this.nickname = nickname;
        this.affiliation = affiliation;
        this.roomExists = roomExists;
        this.holdsReservation = holdsReservation;
        this.occupantNicknames = occupantNicknames == null ? "" : occupantNicknames;
    }

    public String getRoom() {
        return room;
    }

    public String getRoomJid() {
        return roomJid;
    }

    public String getJid() {
        return jid;
    }

    public String getNickname() {
        return nickname;
    }

    public String getAffiliation() {
        return affiliation;
    }

    public boolean isRoomExists() {
        return roomExists;
    }

    public boolean isHoldsReservation() {
        return holdsReservation;
    }

    /** Whether the reservation no longer counts: no such room, or its holder lost the affiliation. */
    public boolean isStale() {
        return !roomExists || !holdsReservation;
    }

    public boolean isInRoom() {
        return !occupantNicknames.isEmpty();
    }

    public String getOccupantNicknames() {
        return occupantNicknames;
    }

    @Override
    public String toString() {
        return jid + " '" + nickname + "' in " + room + " (" + affiliation + (isInRoom() ? ", in room as "
            + occupantNicknames : "") + ")";
    }
}
