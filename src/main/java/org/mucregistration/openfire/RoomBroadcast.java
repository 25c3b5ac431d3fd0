package org.mucregistration.openfire;

import org.jivesoftware.openfire.muc.MUCOccupant;
import org.jivesoftware.openfire.muc.MUCRoom;
import org.jivesoftware.openfire.muc.Role;
import org.mucregistration.protocol.Actor;
import org.mucregistration.protocol.AffiliationNotice;
import org.mucregistration.protocol.OccupantPresence;
import org.mucregistration.protocol.RoomAffiliation;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Presence;

import java.util.List;

/** What occupants of a room are told when a registration or affiliation changes. */
public final class RoomBroadcast {

    private RoomBroadcast() {
    }

    /** Whether this occupant may see real JIDs: everyone in a non-anonymous room, moderators otherwise. */
    static boolean seesJids(MUCRoom room, MUCOccupant occupant) {
        return room.canAnyoneDiscoverJID() || occupant.getRole() == Role.moderator;
    }

    /** Publishes the current presence of each of the user's occupants to the room, in the form each recipient gets. */
    public static void publish(MUCRoom room, List<MUCOccupant> subjects, Actor actor) {
        for (MUCOccupant subject : subjects) {
            final Presence current = subject.getPresence();
            current.setFrom(subject.getOccupantJID());
            final Presence self = OccupantPresence.forSelf(current, actor);
            final Presence full = OccupantPresence.forJidViewer(current, actor);
            final Presence anonymous = OccupantPresence.forOthers(current, actor);
            for (MUCOccupant recipient : room.getOccupants()) {
                final Presence flavour;
                if (recipient.getUserAddress().equals(subject.getUserAddress())) {
                    flavour = self;
                } else if (seesJids(room, recipient)) {
                    flavour = full;
                } else {
                    flavour = anonymous;
                }
                recipient.send(flavour.createCopy());
            }
        }
    }

    /** Tells those who may see real JIDs that the affiliation of a user who is not in the room changed. */
    public static void outOfRoomNotice(MUCRoom room, JID user, RoomAffiliation affiliation) {
        final Message notice = AffiliationNotice.outOfRoom(room.getJID(), user, affiliation);
        for (MUCOccupant recipient : room.getOccupants()) {
            if (seesJids(room, recipient)) {
                recipient.send(notice.createCopy());
            }
        }
    }

    /** Sends presences Openfire computed for a removal from the room (ban, members-only), as Openfire does. */
    public static void openfirePresences(MUCRoom room, List<Presence> presences) {
        for (Presence presence : presences) {
            room.send(presence, room.getSelfRepresentation());
        }
    }
}
