package org.mucregistration.openfire;

import org.jivesoftware.openfire.muc.Affiliation;
import org.jivesoftware.openfire.muc.MUCOccupant;
import org.jivesoftware.openfire.muc.MUCRoom;
import org.jivesoftware.openfire.muc.MultiUserChatService;
import org.jivesoftware.openfire.user.UserNotFoundException;
import org.mucregistration.protocol.Nickname;
import org.mucregistration.protocol.RoomAffiliation;
import org.mucregistration.storage.RoomKey;
import org.xmpp.packet.JID;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reading and changing Openfire rooms the cluster-safe way: every change happens under the room's cluster-wide lock
 * and is followed by {@code syncChatRoom}, so other nodes see it.
 */
public final class Rooms {

    private Rooms() {
    }

    /**
     * Runs {@code work} on the room under its lock and syncs the room afterwards. The room passed is null when no
     * such room exists (nothing is synced then).
     */
    public static <T> T locked(MultiUserChatService service, String roomName, Function<MUCRoom, T> work) {
        final Lock lock = service.getChatRoomLock(roomName);
        lock.lock();
        try {
            final MUCRoom room = service.getChatRoom(roomName);
            final T result = work.apply(room);
            if (room != null) {
                service.syncChatRoom(room);
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /**
     * As {@link #locked(MultiUserChatService, String, Function)}, but the room is synced only when {@code changed}
     * says the result is a change: for work that usually only reads (syncing copies the whole room to the cluster).
     */
    public static <T> T locked(MultiUserChatService service, String roomName, Function<MUCRoom, T> work,
                               Predicate<T> changed) {
        final Lock lock = service.getChatRoomLock(roomName);
        lock.lock();
        try {
            final MUCRoom room = service.getChatRoom(roomName);
            final T result = work.apply(room);
            if (room != null && changed.test(result)) {
                service.syncChatRoom(room);
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} on the room under its lock, for reading only: the room is not synced afterwards. */
    public static <T> T read(MultiUserChatService service, String roomName, Function<MUCRoom, T> work) {
        final Lock lock = service.getChatRoomLock(roomName);
        lock.lock();
        try {
            return work.apply(service.getChatRoom(roomName));
        } finally {
            lock.unlock();
        }
    }

    public static RoomKey key(MUCRoom room) {
        return new RoomKey(room.getMUCService().getServiceName(), room.getName());
    }

    public static RoomAffiliation affiliation(MUCRoom room, JID user) {
        return toProtocol(room.getAffiliation(user.asBareJID()));
    }

    public static RoomAffiliation toProtocol(Affiliation affiliation) {
        return RoomAffiliation.valueOf(affiliation.name());
    }

    public static Affiliation toOpenfire(RoomAffiliation affiliation) {
        return Affiliation.valueOf(affiliation.name());
    }

    /** The occupants of users other than {@code user} whose nickname is the same as {@code nick} under PRECIS. */
    public static List<MUCOccupant> othersUsing(MUCRoom room, Nickname nick, JID user) {
        final List<MUCOccupant> found = new ArrayList<>();
        for (MUCOccupant occupant : room.getOccupants()) {
            if (!occupant.getUserAddress().asBareJID().equals(user.asBareJID()) && nick.sameAs(occupant.getNickname())) {
                found.add(occupant);
            }
        }
        return found;
    }

    /** The user's occupants in the room (one per resource that joined); empty when not in the room. */
    public static List<MUCOccupant> occupantsOf(MUCRoom room, JID user) {
        try {
            return room.getOccupantsByBareJID(user.asBareJID());
        } catch (UserNotFoundException e) {
            return Collections.emptyList();
        }
    }
}
