package org.mucregistration.openfire;

import org.jivesoftware.openfire.muc.MUCEventListener;
import org.mucregistration.storage.ReservationStore;
import org.mucregistration.storage.RoomKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;

import java.util.function.Function;

/** A destroyed room takes its reservations with it. */
public final class ReservationCleanup implements MUCEventListener {
    private static final Logger Log = LoggerFactory.getLogger(ReservationCleanup.class);

    private final ReservationStore store;
    private final Function<JID, String> serviceNameOf;

    /** @param serviceNameOf the subdomain of the MUC service of a room JID, or null if none */
    public ReservationCleanup(ReservationStore store, Function<JID, String> serviceNameOf) {
        this.store = store;
        this.serviceNameOf = serviceNameOf;
    }

    @Override
    public void roomDestroyed(long roomID, JID roomJID) {
        final String service = serviceNameOf.apply(roomJID);
        if (service != null && roomJID.getNode() != null) {
            final int removed = store.removeRoom(new RoomKey(service, roomJID.getNode()));
            Log.debug("Room {} destroyed: {} reservations removed", roomJID, removed);
        }
    }

    @Override
    public void roomCreated(long roomID, JID roomJID) {
    }

    @Override
    public void roomClearChatHistory(long roomID, JID roomJID) {
    }

    @Override
    public void occupantJoined(JID roomJID, JID user, String nickname) {
    }

    @Override
    public void occupantLeft(JID roomJID, JID user, String nickname) {
    }

    @Override
    public void occupantNickKicked(JID roomJID, String nickname) {
    }

    @Override
    public void nicknameChanged(JID roomJID, JID user, String oldNickname, String newNickname) {
    }

    @Override
    public void messageReceived(JID roomJID, JID user, String nickname, Message message) {
    }

    @Override
    public void privateMessageRecieved(JID toJID, JID fromJID, Message message) {
    }

    @Override
    public void roomSubjectChanged(JID roomJID, JID user, String newSubject) {
    }
}
