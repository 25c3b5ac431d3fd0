package org.mucregistration.openfire;

import org.xmpp.packet.JID;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The joins whose nickname the plugin rewrote, until the room's self-presence to the user goes out (it then gets
 * status 210). The join and that presence pass this node: the client is connected here, and the room processes its
 * join here. An entry whose presence never comes (Openfire refused the join) expires.
 */
final class RenamedJoins {
    private static final long EXPIRY = TimeUnit.SECONDS.toNanos(60);

    private final Map<String, Long> pending = new ConcurrentHashMap<>();

    /** The user asked to join and was sent on as {@code occupant}. */
    void expect(JID user, JID occupant) {
        final long now = System.nanoTime();
        pending.values().removeIf(since -> now - since > EXPIRY);
        pending.put(key(user, occupant), now);
    }

    /** Whether this presence, from {@code occupant} to {@code user}, answers a rewritten join; forgets it if so. */
    boolean take(JID user, JID occupant) {
        return !pending.isEmpty() && pending.remove(key(user, occupant)) != null;
    }

    private static String key(JID user, JID occupant) {
        return user + " " + occupant;
    }
}
