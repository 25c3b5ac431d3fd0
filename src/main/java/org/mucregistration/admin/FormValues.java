package org.mucregistration.admin;

/** The values of the add or edit form: what was typed (shown again when refused) or the reservation being edited. */
public final class FormValues {
    private final String room;
    private final String jid;
    private final String nick;

    public FormValues(String room, String jid, String nick) {
        this.room = room == null ? "" : room;
        this.jid = jid == null ? "" : jid;
        this.nick = nick == null ? "" : nick;
    }

    public String getRoom() {
        return room;
    }

    public String getJid() {
        return jid;
    }

    public String getNick() {
        return nick;
    }
}
