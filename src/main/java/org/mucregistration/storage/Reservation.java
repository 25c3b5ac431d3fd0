package org.mucregistration.storage;

import java.util.Objects;

/**
 * A nickname reserved for one user in one room.
 *
 * @param service  the MUC service's subdomain (e.g. {@code conference}); stable across Openfire versions
 * @param room     the room's name (the node of its JID)
 * @param bareJid  the user's bare JID
 * @param nickname the nickname as registered (case and form preserved: this is what is shown)
 * @param nickKey  the comparable form of the nickname (PRECIS Nickname profile): unique per room
 */
public record Reservation(String service, String room, String bareJid, String nickname, String nickKey) {
    public Reservation {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(bareJid, "bareJid");
        Objects.requireNonNull(nickname, "nickname");
        Objects.requireNonNull(nickKey, "nickKey");
    }

    public RoomKey roomKey() {
        return new RoomKey(service, room);
    }
}
