package org.mucregistration.openfire;

import org.jivesoftware.openfire.muc.Affiliation;
import org.jivesoftware.openfire.muc.MUCRoom;
import org.jivesoftware.openfire.muc.spi.MUCPersistenceManager;
import org.xmpp.packet.JID;

import java.lang.reflect.Field;
import java.util.Map;

/**
 * {@link MemberNicknames} on Openfire 5.x: writes the room's member map as Openfire's own {@code addMember} does (bare
 * JID to the lower-cased nickname, "" for none) and the room's database row through Openfire's public
 * {@code MUCPersistenceManager.saveAffiliationToDB} (member to member: Openfire's own {@code UPDATE ofMucMember}; it
 * writes only for persistent rooms already saved, as Openfire does). The member map has no public setter, so it is
 * reached by reflection: the one place where the plugin touches Openfire's internals, found once at start-up
 * ({@link #create()} fails then, not on a user's request, if an Openfire version lacks it).
 */
public final class OpenfireMemberNicknames implements MemberNicknames {
    private final Field members;

    private OpenfireMemberNicknames(Field members) {
        this.members = members;
    }

    /** @throws IllegalStateException if this Openfire's {@code MUCRoom} has no member map where 5.0 and 5.1 have it */
    public static OpenfireMemberNicknames create() {
        try {
            final Field field = MUCRoom.class.getDeclaredField("members");
            if (!Map.class.isAssignableFrom(field.getType())) {
                throw new IllegalStateException("MUCRoom.members is a " + field.getType() + ", not a Map");
            }
            field.setAccessible(true);
            return new OpenfireMemberNicknames(field);
        } catch (NoSuchFieldException | SecurityException e) {
            throw new IllegalStateException("This Openfire's MUCRoom has no accessible member map (MUCRoom.members): "
                + "member nicknames cannot be changed", e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void set(MUCRoom room, JID member, String nickname) {
        final JID bare = member.asBareJID();
        final Map<JID, String> map;
        try {
            map = (Map<JID, String>) members.get(room);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("MUCRoom.members cannot be read", e);
        }
        if (!map.containsKey(bare)) {
            throw new IllegalArgumentException(bare + " is not a member of " + room.getJID());
        }
        // As MUCRoom.addMember stores it: the nickname in lower case (default locale), "" for none.
        map.put(bare, nickname == null ? "" : nickname.toLowerCase());
        MUCPersistenceManager.saveAffiliationToDB(room, bare, nickname, Affiliation.member, Affiliation.member);
    }
}
