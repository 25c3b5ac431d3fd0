package org.mucregistration.protocol;

/** The XML namespaces the plugin reads and writes. */
public final class Namespaces {
    public static final String REGISTER = "jabber:iq:register";
    public static final String DATA_FORMS = "jabber:x:data";
    public static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    public static final String MUC = "http://jabber.org/protocol/muc";
    public static final String MUC_USER = "http://jabber.org/protocol/muc#user";
    public static final String MUC_ADMIN = "http://jabber.org/protocol/muc#admin";
    public static final String MUC_REGISTER_FORM = "http://jabber.org/protocol/muc#register";
    public static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

    private Namespaces() {
    }
}
