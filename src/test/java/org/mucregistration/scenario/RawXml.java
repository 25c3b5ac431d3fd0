package org.mucregistration.scenario;

import org.jivesoftware.smack.packet.Nonza;
import org.jivesoftware.smack.packet.XmlEnvironment;

/** XML for Smack to write to the stream as the text it is ({@code XMPPConnection.sendNonza}), e.g. a script stanza. */
public record RawXml(String xml) implements Nonza {
    @Override
    public String getNamespace() {
        return XmlFragments.JABBER_CLIENT;
    }

    @Override
    public String getElementName() {
        return "raw";
    }

    @Override
    public CharSequence toXML(XmlEnvironment environment) {
        return xml;
    }
}
