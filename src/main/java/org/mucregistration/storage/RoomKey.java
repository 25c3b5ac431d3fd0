package org.mucregistration.storage;

import java.util.Objects;

/** Identifies a room across the server: its MUC service's subdomain and its name. */
public record RoomKey(String service, String room) {
    public RoomKey {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(room, "room");
    }

    @Override
    public String toString() {
        return room + "@" + service;
    }
}
