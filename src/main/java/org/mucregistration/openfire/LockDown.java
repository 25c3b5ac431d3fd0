package org.mucregistration.openfire;

import org.jivesoftware.openfire.muc.MUCRoom;

/**
 * Whether a room admits its users only under their reserved nickname (XEP-0045 §7.2.9 lock-down): the room's own
 * option "Only login with registered nickname" ({@code x-muc#roomconfig_reservednick}), or the server-wide setting
 * {@link Settings#LOCK_DOWN_EVERY_ROOM}. A user holding a reservation who joins under another nickname enters under the
 * reserved one (status 210); a nickname change away from it is refused.
 */
public final class LockDown {

    private LockDown() {
    }

    /** Whether the room admits users holding a reservation only under it. */
    public static boolean applies(MUCRoom room, boolean everyRoom) {
        return everyRoom || room.isLoginRestrictedToNickname();
    }
}
